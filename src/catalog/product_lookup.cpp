#include "catalog/product_lookup.hpp"

#include "catalog/pricing.hpp"

namespace wolfix::catalog {
namespace {

constexpr const char* kColumns =
    "SELECT id, seller_id, title, main_photo_url, price_minor, discount_percent, "
    "discount_expires_at, bonuses_minor, average_rating, status, stock, deleted_at, track_stock, "
    "reviews_count "
    "FROM products WHERE id ";

// Keeps each statement's parameter count far below SQLite's and libpq's limits.
constexpr std::size_t kBatch = 500;

ProductCard card_from(const db::Row& row, int64_t now_ms) {
  ProductCard c;
  c.id = row.str(0);
  c.seller_id = row.str(1);
  c.title = row.str(2);
  c.main_photo_url = row.opt_str(3);
  c.price_minor = row.i64(4);
  std::optional<Discount> discount;
  if (!row.is_null(5) && !row.is_null(6))
    discount = Discount{static_cast<int>(row.i64(5)), row.i64(6)};
  c.final_price_minor = final_price(c.price_minor, discount, now_ms);
  c.bonuses_minor = row.i64(7);
  c.average_rating = row.f64(8);
  c.status = row.str(9);
  c.stock = row.i64(10);
  c.deleted = !row.is_null(11);
  c.tracks_stock = row.i64(12) != 0;
  c.reviews_count = row.i64(13);
  return c;
}

}  // namespace

std::optional<ProductCard> find_product_card(db::Session& s, const std::string& id,
                                             int64_t now_ms) {
  auto row = s.query_one(std::string(kColumns) + "= ?", {id});
  if (!row) return std::nullopt;
  return card_from(*row, now_ms);
}

std::map<std::string, ProductCard> find_product_cards(db::Session& s,
                                                      const std::vector<std::string>& ids,
                                                      int64_t now_ms) {
  std::map<std::string, ProductCard> out;
  for (std::size_t from = 0; from < ids.size(); from += kBatch) {
    std::size_t to = std::min(ids.size(), from + kBatch);
    std::string sql = std::string(kColumns) + "IN (";
    db::Params params;
    for (std::size_t i = from; i < to; ++i) {
      sql += i == from ? "?" : ", ?";
      params.emplace_back(ids[i]);
    }
    sql += ")";
    for (const auto& row : s.query(sql, params)) {
      auto c = card_from(row, now_ms);
      out.emplace(c.id, std::move(c));
    }
  }
  return out;
}

}  // namespace wolfix::catalog
