#include "catalog/store_stock.hpp"

#include "catalog/pricing.hpp"
#include "catalog/store.hpp"
#include "db/in_list.hpp"

namespace wolfix::catalog::store {

namespace {

// The columns sale_facts_of reads, in its order.
constexpr const char* kSaleFactsColumns =
    "id, seller_id, title, main_photo_url, price_minor, discount_percent, discount_expires_at, "
    "status, stock, track_stock";

SaleFacts sale_facts_of(const db::Row& row, int64_t now_ms) {
  SaleFacts f;
  store::read_sale_head(row, now_ms, f);
  f.available = row.str(7) == "InStock";
  f.stock = row.i64(8);
  f.tracks_stock = row.i64(9) != 0;
  return f;
}

// Parameters: quantity, id, quantity.
constexpr const char* kReserveForSale =
    "UPDATE products SET stock = CASE WHEN track_stock = 0 THEN stock ELSE stock - ? END "
    "WHERE id = ? AND (track_stock = 0 OR stock >= ?) "
    "AND deleted_at IS NULL AND status = 'InStock'";

// PostgreSQL: the update returns the row's sale facts.
const std::string& reserve_for_sale_returning() {
  static const std::string sql = std::string(kReserveForSale) + " RETURNING " + kSaleFactsColumns;
  return sql;
}

}  // namespace

std::map<std::string, SaleFacts> sale_facts(db::Session& s, const std::vector<std::string>& ids,
                                            int64_t now_ms) {
  std::map<std::string, SaleFacts> out;
  if (ids.empty()) return out;
  std::string sql = std::string("SELECT ") + kSaleFactsColumns +
                    " FROM products WHERE deleted_at IS NULL AND id IN (";
  db::Params params;
  db::append_in_list(sql, params, ids);
  sql += ")";
  for (const auto& row : s.query(sql, params)) {
    auto f = sale_facts_of(row, now_ms);
    auto id = f.id;
    out.emplace(std::move(id), std::move(f));
  }
  return out;
}

std::optional<SaleFacts> reserve_units_for_sale(db::Session& s, const std::string& product_id,
                                                int64_t quantity, int64_t now_ms) {
  if (s.is_postgres()) {
    auto rows = s.query(reserve_for_sale_returning(), {quantity, product_id, quantity});
    if (rows.size() != 1) return std::nullopt;
    return sale_facts_of(rows[0], now_ms);
  }
  // SQLite buffers RETURNING rows in a temporary b-tree it opens and closes per statement
  // (~4% of a COD order's CPU); its single writer makes the update and a read of the same row
  // just as atomic, and both find the row's page in the cache.
  if (s.exec(kReserveForSale, {quantity, product_id, quantity}) != 1) return std::nullopt;
  static const std::string read =
      std::string("SELECT ") + kSaleFactsColumns + " FROM products WHERE id = ?";
  auto row = s.query_one(read, {product_id});
  if (!row) return std::nullopt;
  return sale_facts_of(*row, now_ms);
}

namespace {
RawSaleFacts raw_sale_facts_of(const db::Row& row) {
  RawSaleFacts f;
  f.seller_id = row.str(1);
  f.title = row.str(2);
  f.main_photo_url = row.opt_str(3);
  f.price_minor = row.i64(4);
  f.discount_percent = row.opt_i64(5);
  f.discount_expires_at = row.opt_i64(6);
  f.tracks_stock = row.i64(9) != 0;
  return f;
}
}  // namespace

SaleFacts priced(const std::string& product_id, const RawSaleFacts& raw, int64_t now_ms) {
  SaleFacts f;
  f.id = product_id;
  f.seller_id = raw.seller_id;
  f.title = raw.title;
  f.main_photo_url = raw.main_photo_url;
  f.price_minor = raw.price_minor;
  std::optional<Discount> discount;
  if (raw.discount_percent && raw.discount_expires_at)
    discount = Discount{static_cast<int>(*raw.discount_percent), *raw.discount_expires_at};
  f.final_price_minor = final_price(raw.price_minor, discount, now_ms);
  f.available = true;
  f.tracks_stock = raw.tracks_stock;
  return f;
}

void reserve_as_remembered_later(db::Session& s, const std::string& product_id, int64_t quantity,
                                 const RawSaleFacts& raw) {
  s.exec_later(
      "WITH r AS (UPDATE products SET stock = CASE WHEN track_stock = 0 THEN stock ELSE stock - ? "
      "END WHERE id = ? AND (track_stock = 0 OR stock > ?) AND deleted_at IS NULL "
      "AND status = 'InStock' AND track_stock = ? AND seller_id = ? AND title = ? "
      "AND main_photo_url IS NOT DISTINCT FROM ? AND price_minor = ? "
      "AND discount_percent IS NOT DISTINCT FROM ? AND discount_expires_at IS NOT DISTINCT FROM ? "
      "RETURNING 1) SELECT wolfix_expect(EXISTS (SELECT 1 FROM r), 'sale facts')",
      {quantity, product_id, quantity, int64_t{raw.tracks_stock ? 1 : 0}, raw.seller_id, raw.title,
       raw.main_photo_url, raw.price_minor, raw.discount_percent, raw.discount_expires_at});
}

PendingSaleReservation::PendingSaleReservation(db::Session& s, const std::string& product_id,
                                               int64_t quantity, int64_t now_ms,
                                               SaleFactsMemo* memo)
    : now_ms_(now_ms), memo_(memo) {
  if (!s.is_postgres()) {
    facts_ = reserve_units_for_sale(s, product_id, quantity, now_ms);
    return;
  }
  answer_.emplace(s.query_later(reserve_for_sale_returning(), {quantity, product_id, quantity}));
}

std::optional<SaleFacts> PendingSaleReservation::get() {
  if (!answer_) return facts_;
  auto& rows = answer_->rows();
  if (rows.size() != 1) return std::nullopt;
  if (memo_) memo_->put(rows[0].str(0), raw_sale_facts_of(rows[0]));
  return sale_facts_of(rows[0], now_ms_);
}

std::optional<int64_t> put_back_units(db::Session& s, const std::string& product_id,
                                      int64_t quantity) {
  auto rows = s.query(
      "UPDATE products SET stock = stock + ? WHERE id = ? AND track_stock = 1 RETURNING stock",
      {quantity, product_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].i64(0);
}

std::optional<int64_t> take_units(db::Session& s, const std::string& product_id, int64_t quantity) {
  auto rows = s.query(
      "UPDATE products SET stock = stock - ? WHERE id = ? AND track_stock = 1 AND stock >= ? "
      "RETURNING stock",
      {quantity, product_id, quantity});
  if (rows.empty()) return std::nullopt;
  return rows[0].i64(0);
}

bool take_units_if_still(db::Session& s, const std::string& product_id, int64_t quantity,
                         int64_t seen) {
  return s.exec(
             "UPDATE products SET stock = stock - ? WHERE id = ? AND track_stock = 1 "
             "AND stock = ?",
             {quantity, product_id, seen}) == 1;
}

std::optional<StockCount> stock_count(db::Session& s, const std::string& product_id) {
  auto row = s.query_one("SELECT stock, track_stock FROM products WHERE id = ?", {product_id});
  if (!row) return std::nullopt;
  return StockCount{row->i64(1) != 0, row->i64(0)};
}

void set_stock(db::Session& s, const std::string& product_id, int64_t stock, int64_t now_ms) {
  // A count means the product is counted from now on.
  s.exec(
      "UPDATE products SET stock = ?, track_stock = 1, updated_at = ?, revision = revision + 1 "
      "WHERE id = ?",
      {stock, now_ms, product_id});
  bump_category_of(s, product_id);  // the status shown may change
}

bool adjust_stock(db::Session& s, const std::string& product_id, int64_t delta, int64_t max,
                  int64_t now_ms) {
  // Conditional, so concurrent reservations and adjustments never take it below zero.
  if (s.exec("UPDATE products SET stock = stock + ?, updated_at = ?, revision = revision + 1 "
             "WHERE id = ? AND track_stock = 1 AND stock + ? >= 0 AND stock + ? <= ?",
             {delta, now_ms, product_id, delta, delta, max}) == 0)
    return false;
  bump_category_of(s, product_id);
  return true;
}

void set_stock_tracking(db::Session& s, const std::string& product_id, bool track, int64_t now_ms) {
  s.exec(
      "UPDATE products SET track_stock = ?, updated_at = ?, revision = revision + 1 "
      "WHERE id = ?",
      {track, now_ms, product_id});
  bump_category_of(s, product_id);
}

}  // namespace wolfix::catalog::store
