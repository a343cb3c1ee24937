-- Cached category pages (catalog/product_reads.cpp) are revalidated instead of recomputed every
-- second: a node reads the revision (and product count) of the categories whose cached pages are
-- due, and recomputes a category's pages only when they moved. Every write that can change what
-- a page of the category shows or its order bumps it in its transaction: a product listed,
-- removed or moved, its title, price, discount, main photo, rating or status (an order's stock
-- only when it runs out or comes back). Not indexed: a bump can stay a heap-only update.
ALTER TABLE categories ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
