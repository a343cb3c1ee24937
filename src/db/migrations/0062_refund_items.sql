-- Refunds by order line (payment module). Each line counts the units already promised back
-- (refunded_quantity, refunds in flight included, so a conditional update keeps concurrent
-- refunds within the ordered quantity) and the units returned to stock (restocked_quantity,
-- so a unit goes back to stock exactly once, whichever refund or webhook gets there first).
ALTER TABLE order_items ADD COLUMN refunded_quantity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN restocked_quantity INTEGER NOT NULL DEFAULT 0;

-- Orders refunded in full before this migration already had all their units restocked.
UPDATE order_items SET refunded_quantity = quantity, restocked_quantity = quantity
WHERE order_id IN (SELECT order_id FROM order_payments WHERE restocked = 1);

-- The lines a refund gives back, restocked when the provider confirms the refund.
CREATE TABLE refund_items (
  refund_id TEXT NOT NULL,
  order_item_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  amount_minor BIGINT NOT NULL,
  PRIMARY KEY (refund_id, order_item_id)
);

-- 1 while a refund's provider call went unanswered (timeout, connection refused): the same
-- request sent again resumes it with the same idempotency key instead of refunding twice.
ALTER TABLE refunds ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
