-- Search within a category on SQLite: the category becomes an indexed FTS5 column (one token,
-- "c" + the id's hex digits), so "title words AND this category" is an intersection of two
-- posting lists instead of a check of the category on every title match.
DROP TRIGGER products_search_insert;
DROP TRIGGER products_search_update;
DROP TRIGGER products_search_delete;
DROP TABLE products_fts;

CREATE VIRTUAL TABLE products_fts USING fts5(
  title,
  cat,
  product_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

INSERT INTO products_fts (rowid, title, cat, product_id)
  SELECT r.id, p.title, 'c' || replace(p.category_id, '-', ''), p.id
  FROM product_search_rows r JOIN products p ON p.id = r.product_id;

CREATE TRIGGER products_search_insert AFTER INSERT ON products
WHEN new.deleted_at IS NULL
BEGIN
  INSERT INTO product_search_rows (product_id) VALUES (new.id);
  INSERT INTO products_fts (rowid, title, cat, product_id)
    SELECT id, new.title, 'c' || replace(new.category_id, '-', ''), new.id
    FROM product_search_rows WHERE product_id = new.id;
END;

CREATE TRIGGER products_search_update AFTER UPDATE OF title, category_id, deleted_at ON products
BEGIN
  DELETE FROM products_fts
    WHERE rowid = (SELECT id FROM product_search_rows WHERE product_id = old.id);
  DELETE FROM product_search_rows WHERE product_id = old.id;
  INSERT INTO product_search_rows (product_id) SELECT new.id WHERE new.deleted_at IS NULL;
  INSERT INTO products_fts (rowid, title, cat, product_id)
    SELECT id, new.title, 'c' || replace(new.category_id, '-', ''), new.id
    FROM product_search_rows WHERE product_id = new.id AND new.deleted_at IS NULL;
END;

CREATE TRIGGER products_search_delete AFTER DELETE ON products
BEGIN
  DELETE FROM products_fts
    WHERE rowid = (SELECT id FROM product_search_rows WHERE product_id = old.id);
  DELETE FROM product_search_rows WHERE product_id = old.id;
END;
