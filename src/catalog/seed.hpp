#pragma once
// Demo data for the catalog: a believable Ukrainian storefront (parent and child categories with
// attributes and variants, products with prices, stock, discounts, attribute values and
// generated placeholder photos). Scales from the default 100 products to millions: rows go in
// as multi-row INSERTs inside large transactions, the search index follows through its
// triggers (SQLite) or generated column (PostgreSQL), and the counters are recomputed once.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "db/db.hpp"
#include "media/blob_store.hpp"

namespace wolfix::catalog {

struct SeedOptions {
  std::vector<std::string> seller_ids;  // existing sellers.id; products are spread over them
  int64_t products = 100;
  uint64_t random_seed = 20261125;  // same seed, same catalog
  int64_t batch_rows = 500;         // rows per INSERT statement
  int64_t rows_per_transaction = 50'000;
  // A load of at least this many products into an empty catalog drops the secondary indexes of
  // the tables it fills and builds them again afterwards (much faster than row by row).
  int64_t defer_indexes_from = 50'000;
  // Called with the products committed so far, after each transaction (and with 0 first).
  std::function<void(int64_t)> on_progress;
};

struct SeedResult {
  int64_t parent_categories = 0;  // created by this run (existing ones are reused by name)
  int64_t child_categories = 0;
  int64_t products = 0;
  int64_t images = 0;  // placeholder files written
};

// Adds the demo categories (reusing any that already exist by name) and options.products
// products. Throws std::invalid_argument without seller ids.
SeedResult seed_catalog(db::Database& db, const Clock& clock, const media::BlobStore& blobs,
                        const SeedOptions& options);

// The first `limit` live products in id order (the demo reviews are written for them).
std::vector<std::string> first_products(db::Database& db, int64_t limit);

}  // namespace wolfix::catalog
