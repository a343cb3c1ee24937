-- Bonuses by order line (order module). At delivery a paid order's line records the units it
-- earned bonuses on and what they earned; a refund that settles after delivery takes back the
-- refunded units' share (bonuses_reclaimed_minor, what is owed back; bonuses_debited_minor, what
-- the customer's balance actually gave back, less when it had already been spent).
ALTER TABLE order_items ADD COLUMN bonus_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN bonuses_earned_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN bonuses_reclaimed_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN bonuses_debited_minor BIGINT NOT NULL DEFAULT 0;
