-- The catalog's title words, for search's typo corrections (catalog/search.hpp): FTS5's own
-- vocabulary of products_fts, one row per distinct token (the category column's "c..." tokens
-- are filtered out by the reader). Always current, nothing to maintain.
CREATE VIRTUAL TABLE products_fts_terms USING fts5vocab(products_fts, 'row');
