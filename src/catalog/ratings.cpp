#include "catalog/ratings.hpp"

namespace wolfix::catalog {

bool is_live_product(db::Session& s, const std::string& product_id) {
  return s.query_one("SELECT 1 FROM products WHERE id = ? AND deleted_at IS NULL", {product_id})
      .has_value();
}

std::optional<std::string> live_product_seller(db::Session& s, const std::string& product_id) {
  auto row = s.query_one("SELECT seller_id FROM products WHERE id = ? AND deleted_at IS NULL",
                         {product_id});
  if (!row) return std::nullopt;
  return row->str(0);
}

bool add_to_rating(db::Session& s, const std::string& product_id, int64_t rating_delta,
                   int64_t count_delta, bool live_only) {
  // Integer arithmetic on both databases: (20 * sum + n) / (2 * n) is round(10 * sum / n) with
  // halves rounded up, then / 10.0 gives the one-decimal average.
  std::string sql =
      "UPDATE products SET rating_sum = rating_sum + ?, reviews_count = reviews_count + ?, "
      "average_rating = CASE WHEN reviews_count + ? > 0 THEN "
      "((rating_sum + ?) * 20 + (reviews_count + ?)) / (2 * (reviews_count + ?)) / 10.0 "
      "ELSE 0 END WHERE id = ?";
  if (live_only) sql += " AND deleted_at IS NULL";
  return s.exec(sql, {rating_delta, count_delta, count_delta, rating_delta, count_delta,
                      count_delta, product_id}) == 1;
}

}  // namespace wolfix::catalog
