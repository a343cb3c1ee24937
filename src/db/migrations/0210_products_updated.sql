-- Search's in-memory index (catalog/search_catalog.hpp) follows the products written since it
-- last looked, on every node, by this index.
CREATE INDEX products_updated ON products (updated_at);
