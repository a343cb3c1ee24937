-- Catalog: categories (parent/child), attributes, variants, products with stock and media.
-- Owned by the catalog module. Orders and carts read products through the catalog service.

-- Categories are soft-deleted (deleted_at) so that rows referring to them (old products,
-- seller applications) keep their foreign keys; every read filters deleted_at IS NULL.
CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES categories(id),  -- NULL for a parent category
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,                  -- case-folded name: names are unique ignoring case
  description TEXT,
  photo_url TEXT,
  photo_path TEXT,                           -- the photo's blob-store path
  products_count BIGINT NOT NULL DEFAULT 0,  -- live products, kept by the catalog service
  deleted_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX categories_parent ON categories (parent_id, name_lower) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX categories_name ON categories (name_lower) WHERE deleted_at IS NULL;

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
  updated_at BIGINT NOT NULL,
  -- Sort key for price-ordered listings: the price after the discount, rounded half up like
  -- catalog/pricing.hpp. It ignores expiry; expired discounts are cleared by the catalog's
  -- sweep, and what a shopper sees or pays is always computed with catalog::final_price.
  final_price_minor BIGINT GENERATED ALWAYS AS (
    CASE WHEN discount_percent IS NULL THEN price_minor
         ELSE (price_minor * (100 - discount_percent) + 50) / 100 END) STORED,
  -- The low 32 random bits of the UUIDv7 id, as hex: an order unrelated to anything else, for
  -- picking random products with an index seek instead of ORDER BY random().
  shuffle_key TEXT GENERATED ALWAYS AS (substr(id, 29, 8)) STORED
);
-- Every listing has its index; all of them cover live products only.
CREATE INDEX products_category_price ON products (category_id, final_price_minor, id)
  WHERE deleted_at IS NULL;
CREATE INDEX products_category_shuffle ON products (category_id, shuffle_key)
  WHERE deleted_at IS NULL;
CREATE INDEX products_shuffle ON products (shuffle_key) WHERE deleted_at IS NULL;
CREATE INDEX products_discount ON products (discount_percent, id)
  WHERE deleted_at IS NULL AND discount_percent IS NOT NULL;
CREATE INDEX products_discount_expiry ON products (discount_expires_at)
  WHERE deleted_at IS NULL AND discount_expires_at IS NOT NULL;
CREATE INDEX products_seller_category ON products (seller_id, category_id, id)
  WHERE deleted_at IS NULL;

CREATE TABLE product_attribute_values (
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  attribute_id TEXT NOT NULL REFERENCES category_attributes(id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  PRIMARY KEY (product_id, attribute_id)
);
CREATE INDEX product_attribute_values_lookup ON product_attribute_values (attribute_id, value);

CREATE TABLE product_variant_values (
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  variant_id TEXT NOT NULL REFERENCES category_variants(id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  PRIMARY KEY (product_id, variant_id)
);
CREATE INDEX product_variant_values_variant ON product_variant_values (variant_id);

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

-- Catalog-wide counts that listings need on every request (a COUNT(*) over a million rows is
-- not affordable per page). Kept in the same transaction as the change they count.
CREATE TABLE catalog_counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
-- Live products whose discount_percent is set (expired ones are cleared by the sweep).
INSERT INTO catalog_counters (name, value) VALUES ('discounted_products', 0);
