-- The delivery fee an order was placed with (issue 11.2): part of price_minor, which is
-- items - bonuses + fee; 0 for every order placed before fees existed.
ALTER TABLE orders ADD COLUMN delivery_fee_minor BIGINT NOT NULL DEFAULT 0;
