-- Product reviews (owned by the review module) and the catalog's running aggregate of them.
-- rating_sum and reviews_count on the product row are changed by one UPDATE in the same
-- transaction as the review, so average_rating is always computed from every published review
-- (Wolfix.Server overwrote it with the latest one: S13) and concurrent posts never lose one.
ALTER TABLE products ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0;

CREATE TABLE product_reviews (
  id TEXT PRIMARY KEY,                     -- UUIDv7: creation order, the listing's cursor
  product_id TEXT NOT NULL REFERENCES products(id),
  customer_id TEXT NOT NULL,
  title TEXT,                              -- optional
  body TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  status TEXT NOT NULL,                    -- Published | Pending (held for a moderator)
  hold_reason TEXT,                        -- why it is held, while Pending
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (product_id, customer_id)         -- one review per customer and product
);
CREATE INDEX product_reviews_listing ON product_reviews (product_id, status, id);
CREATE INDEX product_reviews_status ON product_reviews (status, id);
CREATE INDEX product_reviews_customer ON product_reviews (customer_id, id);

-- Category pages sorted or filtered by rating.
CREATE INDEX products_category_rating ON products (category_id, average_rating, id)
  WHERE deleted_at IS NULL;
