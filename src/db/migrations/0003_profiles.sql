-- Profiles: one per role an account holds (identity.account_roles.profile_id points here).
-- Owned by the customer, seller, admin and support modules.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL UNIQUE,
  first_name TEXT,
  last_name TEXT,
  middle_name TEXT,
  phone_number TEXT,
  city TEXT,
  street TEXT,
  house_number INTEGER,
  apartment_number INTEGER,
  birth_date TEXT,                       -- yyyy-MM-dd
  photo_url TEXT,
  bonuses_minor BIGINT NOT NULL DEFAULT 0 CHECK (bonuses_minor >= 0),
  status TEXT NOT NULL DEFAULT 'Active', -- Active | Blocked
  created_at BIGINT NOT NULL
);

-- Customer cart: one line per product, with a quantity.
CREATE TABLE cart_items (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  created_at BIGINT NOT NULL,
  UNIQUE (customer_id, product_id)
);
CREATE INDEX cart_items_product ON cart_items (product_id);

CREATE TABLE favorite_items (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  product_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (customer_id, product_id)
);

CREATE TABLE sellers (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL UNIQUE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  middle_name TEXT,
  phone_number TEXT NOT NULL,
  city TEXT NOT NULL,
  street TEXT NOT NULL,
  house_number INTEGER NOT NULL,
  apartment_number INTEGER,
  birth_date TEXT NOT NULL,
  photo_url TEXT,
  deleted_at BIGINT,                     -- set when SuperAdmin removes the seller; orders keep the row
  created_at BIGINT NOT NULL
);

-- Admin = Basic, SuperAdmin = Super (Wolfix.Server's admin.Admins.Type).
CREATE TABLE admins (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('Basic', 'Super')),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  middle_name TEXT,
  phone_number TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (account_id, type)
);

CREATE TABLE supports (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL UNIQUE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  middle_name TEXT,
  created_at BIGINT NOT NULL
);
