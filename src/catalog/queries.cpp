#include "catalog/queries.hpp"

#include "catalog/listing.hpp"

namespace wolfix::catalog::queries {
namespace {
const std::string kSelect = std::string("SELECT ") + kShortColumns;
}

std::string category_page() {
  return kSelect +
         " FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL "
         "ORDER BY p.final_price_minor, p.id LIMIT ? OFFSET ?";
}

std::string discount_page() {
  return kSelect +
         " FROM products p WHERE p.deleted_at IS NULL AND p.discount_percent IS NOT NULL "
         "AND p.discount_expires_at > ? ORDER BY p.discount_percent DESC, p.id DESC LIMIT ? OFFSET "
         "?";
}

std::string random_from(bool in_category, bool wrap) {
  return kSelect + " FROM products p WHERE p.deleted_at IS NULL AND p.shuffle_key " +
         (wrap ? "<" : ">=") + " ?" + (in_category ? " AND p.category_id = ?" : "") +
         " ORDER BY p.shuffle_key LIMIT ?";
}

std::string seller_count() {
  return "SELECT COUNT(*) FROM products p WHERE p.seller_id = ? AND p.category_id = ? "
         "AND p.deleted_at IS NULL";
}

std::string seller_page() {
  return kSelect +
         " FROM products p WHERE p.seller_id = ? AND p.category_id = ? AND p.deleted_at IS NULL "
         "ORDER BY p.id DESC LIMIT ? OFFSET ?";
}

std::string search_sqlite(bool in_category) {
  return kSelect +
         " FROM products_fts f JOIN products p ON p.id = f.product_id WHERE products_fts MATCH ?" +
         (in_category ? " AND f.category_id = ?" : "") +
         " AND p.deleted_at IS NULL ORDER BY f.rank, p.id LIMIT ?";
}

std::string search_postgres(bool in_category) {
  return kSelect +
         " FROM products p WHERE p.search_vector @@ to_tsquery('simple', ?) AND "
         "p.deleted_at IS NULL" +
         (in_category ? " AND p.category_id = ?" : "") +
         " ORDER BY ts_rank(p.search_vector, to_tsquery('simple', ?)) DESC, p.id LIMIT ?";
}

std::string filter(bool min_price, bool max_price, const std::vector<std::size_t>& group_sizes) {
  std::string sql = kSelect + " FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL";
  if (min_price) sql += " AND p.final_price_minor >= ?";
  if (max_price) sql += " AND p.final_price_minor <= ?";
  for (std::size_t n : group_sizes) {
    sql +=
        " AND EXISTS (SELECT 1 FROM product_attribute_values v WHERE v.product_id = p.id "
        "AND v.attribute_id = ? AND v.value IN (";
    for (std::size_t i = 0; i < n; ++i) sql += i ? ", ?" : "?";
    sql += "))";
  }
  return sql + " ORDER BY p.final_price_minor, p.id LIMIT ? OFFSET ?";
}

}  // namespace wolfix::catalog::queries
