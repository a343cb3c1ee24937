-- The catalog's title words, for search's typo corrections (catalog/search.hpp): every token of
-- a title's search_vector, added by triggers when products are inserted (per statement, so a
-- bulk load adds each word once) or renamed. Words of removed products stay: a correction to
-- one finds nothing, which is what the search would have answered anyway.
CREATE TABLE search_terms (term TEXT PRIMARY KEY);

INSERT INTO search_terms (term)
  SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM products
  WHERE deleted_at IS NULL
  ON CONFLICT DO NOTHING;

CREATE FUNCTION search_terms_from_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM new_rows
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE FUNCTION search_terms_from_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
    SELECT unnest(tsvector_to_array(NEW.search_vector))
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER products_search_terms_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_terms_from_new_rows();

CREATE TRIGGER products_search_terms_rename AFTER UPDATE OF title ON products
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
  EXECUTE FUNCTION search_terms_from_row();
