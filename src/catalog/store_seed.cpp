#include "catalog/store_seed.hpp"

#include "catalog/model.hpp"
#include "common/uuid.hpp"

namespace wolfix::catalog::store {

std::string ensure_category(db::Session& s, const std::optional<std::string>& parent,
                            const std::string& name, const std::string& description, int64_t now,
                            bool& created) {
  if (auto row =
          s.query_one("SELECT id FROM categories WHERE name_lower = ? AND deleted_at IS NULL",
                      {fold_case(name)})) {
    created = false;
    return row->str(0);
  }
  std::string id = new_uuid_v7();
  s.exec(
      "INSERT INTO categories (id, parent_id, name, name_lower, description, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {id, parent, name, fold_case(name), description, now});
  created = true;
  return id;
}

std::string ensure_category_key(db::Session& s, const std::string& category_id,
                                const std::string& key, bool attribute) {
  auto row = s.query_one(
      attribute ? "SELECT id FROM category_attributes WHERE category_id = ? AND attr_key = ?"
                : "SELECT id FROM category_variants WHERE category_id = ? AND variant_key = ?",
      {category_id, key});
  if (row) return row->str(0);
  std::string id = new_uuid_v7();
  s.exec(attribute
             ? "INSERT INTO category_attributes (id, category_id, attr_key) VALUES (?, ?, ?)"
             : "INSERT INTO category_variants (id, category_id, variant_key) VALUES (?, ?, ?)",
         {id, category_id, key});
  return id;
}

void set_category_photo(db::Session& s, const std::string& category_id, const std::string& url,
                        const std::string& path) {
  s.exec("UPDATE categories SET photo_url = ?, photo_path = ? WHERE id = ?",
         {url, path, category_id});
}

bool has_products(db::Session& s) {
  return s.query_one("SELECT 1 FROM products LIMIT 1").has_value();
}

namespace {
const char* const kBulkTables = "'products', 'product_media', 'product_attribute_values'";
}

std::vector<std::string> drop_secondary_indexes(db::Session& s) {
  std::vector<std::string> creates;
  auto rows =
      s.is_postgres()
          ? s.query(std::string("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                                "current_schema() AND tablename IN (") +
                    kBulkTables +
                    ") AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY 1")
          : s.query(std::string("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                "sql IS NOT NULL AND tbl_name IN (") +
                    kBulkTables + ") ORDER BY 1");
  for (const auto& r : rows) {
    creates.push_back(r.str(1));
    s.exec("DROP INDEX " + r.str(0));
  }
  return creates;
}

void create_indexes(db::Session& s, const std::vector<std::string>& definitions) {
  for (const auto& sql : definitions) s.exec(sql);
}

int64_t sqlite_cache_size(db::Session& s) {
  return s.query_one("PRAGMA cache_size")->i64(0);
}

void set_sqlite_cache_size(db::Session& s, int64_t size) {
  s.exec("PRAGMA cache_size = " + std::to_string(size));
}

BatchInsert BatchInsert::products(std::size_t max_rows) {
  return BatchInsert(
      "INSERT INTO products (id, seller_id, category_id, title, description, price_minor, "
      "status, stock, discount_percent, discount_expires_at, bonuses_minor, main_photo_url, "
      "created_at, updated_at)",
      14, max_rows);
}

BatchInsert BatchInsert::media(std::size_t max_rows) {
  return BatchInsert(
      "INSERT INTO product_media (id, product_id, url, content_type, is_main, blob_path, "
      "created_at)",
      7, max_rows);
}

BatchInsert BatchInsert::attribute_values(std::size_t max_rows) {
  return BatchInsert("INSERT INTO product_attribute_values (product_id, attribute_id, value)", 3,
                     max_rows);
}

void BatchInsert::flush(db::Session& s) {
  if (rows_ == 0) return;
  std::string one = "(";
  for (std::size_t i = 0; i < columns_; ++i) one += i ? ", ?" : "?";
  one += ")";
  std::string sql = head_ + " VALUES ";
  for (std::size_t r = 0; r < rows_; ++r) sql += (r ? ", " : "") + one;
  s.exec(sql, params_);
  params_.clear();
  rows_ = 0;
}

}  // namespace wolfix::catalog::store
