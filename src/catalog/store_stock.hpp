#pragma once
// The catalog store layer, stock part: the SQL behind catalog/stock.hpp (what an order line
// snapshots of a product, and the conditional UPDATEs that reserve and give back units).
// stock.cpp keeps the rules around them (which counts changed, when a product ran out).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/stock.hpp"
#include "db/db.hpp"

namespace wolfix::catalog::store {

// Live products by id with their price after the discount active at now_ms.
std::map<std::string, SaleFacts> sale_facts(db::Session& s, const std::vector<std::string>& ids,
                                            int64_t now_ms);

struct StockCount {
  bool tracked = true;
  int64_t stock = 0;  // meaningless when not tracked
};

// One statement for both kinds: takes `quantity` off a tracked count when that many are left
// (an untracked count is written back unchanged), for a live product InStock, and returns the
// product's sale facts after it (the discount active at now_ms); nullopt when no row changed.
std::optional<SaleFacts> reserve_units_for_sale(db::Session& s, const std::string& product_id,
                                                int64_t quantity, int64_t now_ms);
// reserve_units_for_sale asked for now and read later (reserved_sale_facts): on PostgreSQL the
// update travels with the session's next statement; on SQLite it runs at once.
class PendingSaleReservation {
 public:
  // memo (PostgreSQL, may be null): where the reserved row's facts are remembered.
  PendingSaleReservation(db::Session& s, const std::string& product_id, int64_t quantity,
                         int64_t now_ms, SaleFactsMemo* memo);
  std::optional<SaleFacts> get();

 private:
  int64_t now_ms_;
  SaleFactsMemo* memo_;
  std::optional<db::Session::Deferred> answer_;  // PostgreSQL
  std::optional<SaleFacts> facts_;               // SQLite: reserved already
};
SaleFacts priced(const std::string& product_id, const RawSaleFacts& raw, int64_t now_ms);
// The conditional reservation (exec_later) checked by wolfix_expect: on sale, these facts, units
// left after it.
void reserve_as_remembered_later(db::Session& s, const std::string& product_id, int64_t quantity,
                                 const RawSaleFacts& raw);
// Adds `quantity` to a tracked count (deleted products included); the count after it, or
// nullopt when the product does not track its stock (or does not exist).
std::optional<int64_t> put_back_units(db::Session& s, const std::string& product_id,
                                      int64_t quantity);
// Takes `quantity` off a tracked count when at least that many are left; the count after it.
std::optional<int64_t> take_units(db::Session& s, const std::string& product_id, int64_t quantity);
// Takes `quantity` off a tracked count only while it still is `seen`; false when it moved.
bool take_units_if_still(db::Session& s, const std::string& product_id, int64_t quantity,
                         int64_t seen);
// The product's count and whether it is tracked (deleted products included).
std::optional<StockCount> stock_count(db::Session& s, const std::string& product_id);

// ProductService's changes of a count (only the seller's own product, checked by the caller).
void set_stock(db::Session& s, const std::string& product_id, int64_t stock, int64_t now_ms);
// Adds delta to a tracked count when the result stays within 0..max; false otherwise.
bool adjust_stock(db::Session& s, const std::string& product_id, int64_t delta, int64_t max,
                  int64_t now_ms);
void set_stock_tracking(db::Session& s, const std::string& product_id, bool track, int64_t now_ms);

}  // namespace wolfix::catalog::store
