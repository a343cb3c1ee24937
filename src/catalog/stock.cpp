#include "catalog/stock.hpp"

#include <algorithm>

#include "catalog/pricing.hpp"

namespace wolfix::catalog {

std::map<std::string, SaleFacts> sale_facts(db::Session& s, const std::vector<std::string>& ids,
                                            int64_t now_ms) {
  std::map<std::string, SaleFacts> out;
  if (ids.empty()) return out;
  std::string sql =
      "SELECT id, seller_id, title, main_photo_url, price_minor, discount_percent, "
      "discount_expires_at, status, stock FROM products WHERE deleted_at IS NULL AND id IN (";
  db::Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(ids[i]);
  }
  sql += ")";
  for (const auto& row : s.query(sql, params)) {
    SaleFacts f;
    f.id = row.str(0);
    f.seller_id = row.str(1);
    f.title = row.str(2);
    f.main_photo_url = row.opt_str(3);
    f.price_minor = row.i64(4);
    std::optional<Discount> discount;
    if (!row.is_null(5) && !row.is_null(6))
      discount = Discount{static_cast<int>(row.i64(5)), row.i64(6)};
    f.final_price_minor = final_price(f.price_minor, discount, now_ms);
    f.available = row.str(7) == "InStock";
    f.stock = row.i64(8);
    out.emplace(f.id, std::move(f));
  }
  return out;
}

bool reserve(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return false;
  return s.exec(
             "UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ? "
             "AND deleted_at IS NULL AND status = 'InStock'",
             {quantity, product_id, quantity}) == 1;
}

void release(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return;
  s.exec("UPDATE products SET stock = stock + ? WHERE id = ?", {quantity, product_id});
}

int64_t take_back(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return 0;
  if (s.exec("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?",
             {quantity, product_id, quantity}) == 1)
    return quantity;
  // Fewer left: take exactly the count we saw, and only if nobody changed it meanwhile.
  for (int round = 0; round < 5; ++round) {
    auto row = s.query_one("SELECT stock FROM products WHERE id = ?", {product_id});
    if (!row) return 0;
    int64_t seen = row->i64(0);
    int64_t take = std::min(seen, quantity);
    if (take <= 0) return 0;
    if (s.exec("UPDATE products SET stock = stock - ? WHERE id = ? AND stock = ?",
               {take, product_id, seen}) == 1)
      return take;
  }
  return 0;
}

}  // namespace wolfix::catalog
