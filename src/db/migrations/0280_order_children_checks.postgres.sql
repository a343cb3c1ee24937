-- Fewer checks and index entries per order on PostgreSQL (issue 12: ~11% of the cluster's CPU
-- per cash order went to the two foreign-key checks, each an SPI query that also locks the
-- order's row, and a check planned while `orders` was empty scanned the whole table).
-- The keys are redundant: order_items and order_history are written only by the order module
-- (order/store.cpp), a line or a history entry only in the transaction that inserts its order
-- or after an UPDATE of the order's row in the same transaction (the row is then locked and
-- cannot be deleted meanwhile), and an order is deleted (store::delete_order) row first, so a
-- writer waiting on that row finds it gone and writes nothing. Their ON DELETE CASCADE was
-- never relied on: delete_order removes the children itself (SQLite keeps both keys).
ALTER TABLE order_items DROP CONSTRAINT IF EXISTS order_items_order_id_fkey;
ALTER TABLE order_history DROP CONSTRAINT IF EXISTS order_history_order_id_fkey;
-- A cash order has no payment intent: the unique index no longer holds an entry for its NULL
-- (NULLs never conflicted; lookups by intent name one, which implies NOT NULL).
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_payment_intent_id_key;
CREATE UNIQUE INDEX orders_payment_intent ON orders (payment_intent_id)
  WHERE payment_intent_id IS NOT NULL;
