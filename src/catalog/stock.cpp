#include "catalog/stock.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>

#include "catalog/pricing.hpp"
#include "db/in_list.hpp"

namespace wolfix::catalog {
namespace {

std::atomic<uint64_t> g_availability_epoch{0};

void availability_changed() {
  g_availability_epoch.fetch_add(1, std::memory_order_acq_rel);
}

// The latest changed products, numbered: readers ask for what changed after the number they saw.
constexpr std::size_t kRememberedChanges = 4096;
std::mutex g_changes_mu;
std::deque<std::string> g_changes;  // the last ones, g_changes.back() is number g_change_seq
std::atomic<uint64_t> g_change_seq{0};

void stock_changed(const std::string& product_id) {
  std::lock_guard lock(g_changes_mu);
  g_changes.push_back(product_id);
  if (g_changes.size() > kRememberedChanges) g_changes.pop_front();
  g_change_seq.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace

uint64_t stock_change_seq() {
  return g_change_seq.load(std::memory_order_acquire);
}

std::optional<std::vector<std::string>> stock_changes_since(uint64_t& seen) {
  std::lock_guard lock(g_changes_mu);
  uint64_t latest = g_change_seq.load(std::memory_order_acquire);
  uint64_t count = latest - seen;
  seen = latest;
  if (count > g_changes.size()) return std::nullopt;
  return std::vector<std::string>(g_changes.end() - static_cast<std::ptrdiff_t>(count),
                                  g_changes.end());
}

uint64_t availability_epoch() {
  return g_availability_epoch.load(std::memory_order_acquire);
}

std::map<std::string, SaleFacts> sale_facts(db::Session& s, const std::vector<std::string>& ids,
                                            int64_t now_ms) {
  std::map<std::string, SaleFacts> out;
  if (ids.empty()) return out;
  std::string sql =
      "SELECT id, seller_id, title, main_photo_url, price_minor, discount_percent, "
      "discount_expires_at, status, stock, track_stock FROM products WHERE deleted_at IS NULL "
      "AND id IN (";
  db::Params params;
  db::append_in_list(sql, params, ids);
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
    f.tracks_stock = row.i64(9) != 0;
    out.emplace(f.id, std::move(f));
  }
  return out;
}

bool reserve(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return false;
  // One statement for both kinds, so the row lock and the check are the same as before; an
  // untracked product's count is written back unchanged.
  auto rows = s.query(
      "UPDATE products SET stock = CASE WHEN track_stock = 0 THEN stock ELSE stock - ? END "
      "WHERE id = ? AND (track_stock = 0 OR stock >= ?) "
      "AND deleted_at IS NULL AND status = 'InStock' RETURNING track_stock, stock",
      {quantity, product_id, quantity});
  if (rows.size() != 1) return false;
  if (rows[0].i64(0) != 0) {
    stock_changed(product_id);
    if (rows[0].i64(1) == 0) availability_changed();  // the last units
  }
  return true;
}

void release(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return;
  auto rows = s.query(
      "UPDATE products SET stock = stock + ? WHERE id = ? AND track_stock = 1 RETURNING stock",
      {quantity, product_id});
  if (!rows.empty()) stock_changed(product_id);
  if (!rows.empty() && rows[0].i64(0) == quantity) availability_changed();  // back from zero
}

int64_t take_back(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return 0;
  auto rows = s.query(
      "UPDATE products SET stock = stock - ? WHERE id = ? AND track_stock = 1 AND stock >= ? "
      "RETURNING stock",
      {quantity, product_id, quantity});
  if (!rows.empty()) {
    stock_changed(product_id);
    if (rows[0].i64(0) == 0) availability_changed();
    return quantity;
  }
  // Fewer left: take exactly the count we saw, and only if nobody changed it meanwhile.
  for (int round = 0; round < 5; ++round) {
    auto row = s.query_one("SELECT stock, track_stock FROM products WHERE id = ?", {product_id});
    if (!row) return 0;
    if (row->i64(1) == 0) return quantity;
    int64_t seen = row->i64(0);
    int64_t take = std::min(seen, quantity);
    if (take <= 0) return 0;
    if (s.exec("UPDATE products SET stock = stock - ? WHERE id = ? AND track_stock = 1 "
               "AND stock = ?",
               {take, product_id, seen}) == 1) {
      stock_changed(product_id);
      if (take == seen) availability_changed();
      return take;
    }
  }
  return 0;
}

}  // namespace wolfix::catalog
