-- Orders, their lines and their history. Owned by the order module. Money is in minor units of
-- `currency`; enums are Wolfix.Server's integers (see src/order/model.hpp).

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,             -- human-friendly, from a sequence
  customer_id TEXT NOT NULL,
  customer_first_name TEXT NOT NULL,
  customer_last_name TEXT NOT NULL,
  customer_middle_name TEXT,               -- NULL allowed (Wolfix.Server's NOT NULL: S27)
  customer_phone_number TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  recipient_first_name TEXT NOT NULL,
  recipient_last_name TEXT NOT NULL,
  recipient_middle_name TEXT,
  recipient_phone_number TEXT NOT NULL,
  delivery_method_id TEXT,                 -- the method at ordering time (may be deleted later)
  delivery_method_name TEXT NOT NULL,
  delivery_option INTEGER NOT NULL,        -- 0 Department, 1 PostMachine, 2 Courier
  delivery_number INTEGER,                 -- department / post machine number; NULL for courier
  delivery_city TEXT NOT NULL,
  delivery_street TEXT NOT NULL,
  delivery_house_number INTEGER NOT NULL,
  delivery_status INTEGER NOT NULL,        -- 0 Preparing, 1 OnTheWay, 2 Delivered, 3 Cancelled
  payment_option INTEGER NOT NULL,         -- 0 WhileReceiving, 1 Card
  payment_status INTEGER NOT NULL,         -- 0 Unpaid, 1 Pending, 2 Paid, 3 Failed, 4 Refunded
  payment_intent_id TEXT UNIQUE,           -- the provider's PaymentIntent for card orders
  currency TEXT NOT NULL,                  -- lowercase ISO 4217, as the provider wants it
  items_total_minor BIGINT NOT NULL CHECK (items_total_minor >= 0),
  with_bonuses INTEGER NOT NULL,
  used_bonuses_minor BIGINT NOT NULL CHECK (used_bonuses_minor >= 0),
  price_minor BIGINT NOT NULL CHECK (price_minor >= 0),  -- to pay: items total - bonuses
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
-- Unpaid card orders by age, for the expiry job.
CREATE INDEX orders_payment_age ON orders (payment_option, payment_status, created_at);

CREATE TABLE order_items (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  seller_id TEXT NOT NULL,
  title TEXT NOT NULL,
  photo_url TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
  cart_item_id TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX order_items_order ON order_items (order_id);
CREATE INDEX order_items_seller ON order_items (seller_id, created_at);

-- Every state change: who (role + profile id, or role 'System'), when, what, from, to.
CREATE TABLE order_history (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_id TEXT,
  what TEXT NOT NULL,                      -- placed | deliveryStatus | paymentStatus | paymentIntent
  from_value INTEGER,
  to_value INTEGER,
  note TEXT
);
CREATE INDEX order_history_order ON order_history (order_id, at);
