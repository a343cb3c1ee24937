-- When the payments module attached the order's intent. An order that has it shows its
-- "paymentIntent" history entry derived from its row (order/history.hpp) instead of storing an
-- order_history row (issue 12: one insert and its index entries fewer per card order). Orders
-- whose intent was attached before keep it NULL and their stored entry.
ALTER TABLE orders ADD COLUMN payment_intent_at BIGINT;
