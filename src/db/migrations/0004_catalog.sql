-- Catalog: categories (parent/child), attributes, variants, products with stock and media.
-- Owned by the catalog module. Orders and carts read products through the catalog service.

CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES categories(id),  -- NULL for a parent category
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,
  description TEXT,
  photo_url TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX categories_parent ON categories (parent_id);
CREATE UNIQUE INDEX categories_name ON categories (name_lower);

CREATE TABLE category_attributes (
  id TEXT PRIMARY KEY,
  category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  attr_key TEXT NOT NULL,
  UNIQUE (category_id, attr_key)
);

CREATE TABLE category_variants (
  id TEXT PRIMARY KEY,
  category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  variant_key TEXT NOT NULL,
  UNIQUE (category_id, variant_key)
);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  seller_id TEXT NOT NULL REFERENCES sellers(id),
  category_id TEXT NOT NULL REFERENCES categories(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  price_minor BIGINT NOT NULL CHECK (price_minor > 0),
  status TEXT NOT NULL DEFAULT 'InStock',      -- Wolfix.Server ProductStatus names
  stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  discount_percent INTEGER,                     -- 1..100, NULL when none
  discount_expires_at BIGINT,                   -- unix ms
  average_rating DOUBLE PRECISION NOT NULL DEFAULT 0,
  reviews_count INTEGER NOT NULL DEFAULT 0,
  bonuses_minor BIGINT NOT NULL DEFAULT 0,
  main_photo_url TEXT,
  deleted_at BIGINT,                            -- removed from the catalog; order lines keep it
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX products_category ON products (category_id, created_at);
CREATE INDEX products_seller_category ON products (seller_id, category_id, created_at);

CREATE TABLE product_attribute_values (
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  attribute_id TEXT NOT NULL REFERENCES category_attributes(id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  PRIMARY KEY (product_id, attribute_id)
);
CREATE INDEX product_attribute_values_lookup ON product_attribute_values (attribute_id, value);

CREATE TABLE product_media (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  content_type TEXT NOT NULL,                  -- Photo | Video
  is_main INTEGER NOT NULL DEFAULT 0,
  blob_path TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX product_media_product ON product_media (product_id);
