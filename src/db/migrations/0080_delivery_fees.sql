-- Delivery fees (issue 11.2). A method may charge a fixed fee per order, in minor units of the
-- order currency; a courier method delivers to the shopper's address (no department or post
-- machine), in any city unless it lists cities.
ALTER TABLE delivery_methods ADD COLUMN fee_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE delivery_methods ADD COLUMN courier INTEGER NOT NULL DEFAULT 0;
