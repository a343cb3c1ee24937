-- Fewer index entries per order (issue 12: every entry is a b-tree insert and a page to log).
-- Only card orders are ever looked up by payment status and age (the expiry of unpaid card
-- orders, order/store.cpp unpaid_card_orders, which names payment_option 1 literally so that
-- the planner may use this index), and only lines taken from a cart by their cart line (a
-- repeated checkout); a cash order without cart lines now adds neither entry.
DROP INDEX orders_payment_age;
CREATE INDEX orders_card_payment_age ON orders (payment_status, created_at)
  WHERE payment_option = 1;
DROP INDEX order_items_cart_item;
CREATE INDEX order_items_cart_item ON order_items (cart_item_id) WHERE cart_item_id IS NOT NULL;
