-- Product search on PostgreSQL: a generated tsvector of the title with the 'simple'
-- configuration (lower-cased words, no stemming, so Ukrainian and English behave alike) and a
-- GIN index over live products. Prefix queries ("смарт:*") use the same index.
ALTER TABLE products ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED;
CREATE INDEX products_search ON products USING GIN (search_vector) WHERE deleted_at IS NULL;
