-- Search finds its candidates in memory since 0210 (catalog/search_index.hpp): the FTS5 table,
-- its vocabulary and its rows, and the triggers that kept them on every product write, are read
-- by nothing any more.
DROP TRIGGER IF EXISTS products_search_insert;
DROP TRIGGER IF EXISTS products_search_update;
DROP TRIGGER IF EXISTS products_search_delete;
DROP TABLE IF EXISTS products_fts_terms;
DROP TABLE IF EXISTS products_fts;
DROP TABLE IF EXISTS product_search_rows;
