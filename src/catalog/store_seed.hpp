#pragma once
// The catalog store layer, bulk part: the statements of `wolfix seed` (catalog/seed.hpp), which
// loads from a hundred to millions of products: categories and keys found or created by name,
// multi-row INSERTs, secondary indexes dropped and built again around a large load, SQLite's page
// cache for the load.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::catalog::store {

// The live category `name` (any level), created under `parent` (nullopt: a parent category)
// when there is none; `created` says which.
std::string ensure_category(db::Session& s, const std::optional<std::string>& parent,
                            const std::string& name, const std::string& description, int64_t now,
                            bool& created);
// The category's attribute (attribute) or variant key, created when missing.
std::string ensure_category_key(db::Session& s, const std::string& category_id,
                                const std::string& key, bool attribute);
void set_category_photo(db::Session& s, const std::string& category_id, const std::string& url,
                        const std::string& path);
// Any product row at all, deleted ones included.
bool has_products(db::Session& s);

// A large load into an empty catalog builds the secondary indexes of the tables it fills once,
// afterwards (a sorted build), instead of updating them row by row at random places: at a
// million products that is most of the load's time. Drops them and returns their definitions,
// read from the database itself (what the migrations made), to be run again unchanged.
std::vector<std::string> drop_secondary_indexes(db::Session& s);
void create_indexes(db::Session& s, const std::vector<std::string>& definitions);

// SQLite's page cache of the connection (PRAGMA cache_size: pages, or -KiB).
int64_t sqlite_cache_size(db::Session& s);
void set_sqlite_cache_size(db::Session& s, int64_t size);

// One multi-row INSERT: "INSERT INTO t (cols) VALUES (?,..),(?,..)", sent when flushed.
class BatchInsert {
 public:
  // Rows of products: id, seller_id, category_id, title, description, price_minor, status,
  // stock, discount_percent, discount_expires_at, bonuses_minor, main_photo_url, created_at,
  // updated_at.
  static BatchInsert products(std::size_t max_rows);
  // Rows of product_media: id, product_id, url, content_type, is_main, blob_path, created_at.
  static BatchInsert media(std::size_t max_rows);
  // Rows of product_attribute_values: product_id, attribute_id, value.
  static BatchInsert attribute_values(std::size_t max_rows);

  void add(db::Params row) {
    for (auto& p : row) params_.push_back(std::move(p));
    ++rows_;
  }
  bool full() const { return rows_ >= max_rows_; }
  void flush(db::Session& s);

 private:
  BatchInsert(std::string head, std::size_t columns, std::size_t max_rows)
      : head_(std::move(head)), columns_(columns), max_rows_(max_rows) {}
  std::string head_;
  std::size_t columns_;
  std::size_t max_rows_;
  std::size_t rows_ = 0;
  db::Params params_;
};

}  // namespace wolfix::catalog::store
