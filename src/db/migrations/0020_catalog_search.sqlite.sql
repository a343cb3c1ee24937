-- Product search on SQLite: an FTS5 index of live products' titles, kept in sync by triggers
-- so that every writer (the catalog service, the seed, test fixtures) keeps it consistent.
-- unicode61 folds case for Latin, Cyrillic and Greek, so "СМАРТФОН" finds "смартфон"; the
-- prefix indexes make "смарт"* fast.
--
-- FTS5 rows need an integer rowid that never changes; products have TEXT ids and their implicit
-- rowid may be renumbered by VACUUM, so product_search_rows hands out stable integers.
CREATE TABLE product_search_rows (
  id INTEGER PRIMARY KEY,
  product_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE products_fts USING fts5(
  title,
  product_id UNINDEXED,
  category_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER products_search_insert AFTER INSERT ON products
WHEN new.deleted_at IS NULL
BEGIN
  INSERT INTO product_search_rows (product_id) VALUES (new.id);
  INSERT INTO products_fts (rowid, title, product_id, category_id)
    SELECT id, new.title, new.id, new.category_id FROM product_search_rows
    WHERE product_id = new.id;
END;

CREATE TRIGGER products_search_update AFTER UPDATE OF title, category_id, deleted_at ON products
BEGIN
  DELETE FROM products_fts
    WHERE rowid = (SELECT id FROM product_search_rows WHERE product_id = old.id);
  DELETE FROM product_search_rows WHERE product_id = old.id;
  INSERT INTO product_search_rows (product_id) SELECT new.id WHERE new.deleted_at IS NULL;
  INSERT INTO products_fts (rowid, title, product_id, category_id)
    SELECT id, new.title, new.id, new.category_id FROM product_search_rows
    WHERE product_id = new.id AND new.deleted_at IS NULL;
END;

CREATE TRIGGER products_search_delete AFTER DELETE ON products
BEGIN
  DELETE FROM products_fts
    WHERE rowid = (SELECT id FROM product_search_rows WHERE product_id = old.id);
  DELETE FROM product_search_rows WHERE product_id = old.id;
END;
