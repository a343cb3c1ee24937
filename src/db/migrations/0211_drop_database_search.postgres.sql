-- Search finds its candidates in memory since 0210 (catalog/search_index.hpp): the title's
-- tsvector, its GIN index and the word list with the triggers that kept it on every product
-- write are read by nothing any more.
DROP TRIGGER IF EXISTS products_search_terms_insert ON products;
DROP TRIGGER IF EXISTS products_search_terms_rename ON products;
DROP FUNCTION IF EXISTS search_terms_from_new_rows();
DROP FUNCTION IF EXISTS search_terms_from_row();
DROP TABLE IF EXISTS search_terms;
DROP INDEX IF EXISTS products_search;
ALTER TABLE products DROP COLUMN IF EXISTS search_vector;
