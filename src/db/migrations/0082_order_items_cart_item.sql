-- Finds the order a cart line went into (issue 11.4): a second submission of the same cart
-- lines, as a double-clicked checkout of Wolfix.Server's clients sends it, is refused.
CREATE INDEX order_items_cart_item ON order_items (cart_item_id);
