-- Cached product details (catalog/detail_cache.hpp) are revalidated instead of recomputed: a
-- node reads a product's revision (bumped by every write of the product service that shows on
-- its detail), its stock (orders change it without a revision, so the order path writes
-- nothing more) and the catalog revision (category renames and removed attributes, which show
-- on many details at once) with its seller's names and photo (joined), and recomputes a detail
-- only when one of them moved. Neither column is indexed: an UPDATE that bumps one can stay a
-- heap-only update.
ALTER TABLE products ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE TABLE catalog_revision (id INTEGER PRIMARY KEY, revision BIGINT NOT NULL);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);
