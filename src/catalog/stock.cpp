#include "catalog/stock.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>

#include "catalog/store.hpp"
#include "catalog/store_stock.hpp"

namespace wolfix::catalog {
namespace {

std::atomic<uint64_t> g_availability_epoch{0};

// A status shown on the product's category pages changed: this node's cached pages are dropped
// (the epoch), other nodes' are revalidated by the category's revision. Only here, so an order
// that leaves units in stock writes nothing more than its count.
void availability_changed(db::Session& s, const std::string& product_id) {
  store::bump_category_of(s, product_id);
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
  return store::sale_facts(s, ids, now_ms);
}

bool reserve(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return false;
  auto after = store::reserve_units(s, product_id, quantity);
  if (!after) return false;
  if (after->tracked) {
    stock_changed(product_id);
    if (after->stock == 0) availability_changed(s, product_id);  // the last units
  }
  return true;
}

namespace {
std::optional<SaleFacts> note_reserved(db::Session& s, const std::string& product_id,
                                       std::optional<SaleFacts> facts) {
  if (facts && facts->tracks_stock) {
    stock_changed(product_id);
    if (facts->stock == 0) availability_changed(s, product_id);  // the last units
  }
  return facts;
}
}  // namespace

std::optional<SaleFacts> reserve_for_sale(db::Session& s, const std::string& product_id,
                                          int64_t quantity, int64_t now_ms) {
  if (quantity <= 0) return std::nullopt;
  return note_reserved(s, product_id,
                       store::reserve_units_for_sale(s, product_id, quantity, now_ms));
}

SaleReservation::SaleReservation(db::Session& s, const std::string& product_id, int64_t quantity,
                                 int64_t now_ms, SaleFactsMemo* memo)
    : session_(&s), product_id_(product_id) {
  if (quantity > 0)
    pending_ =
        std::make_unique<store::PendingSaleReservation>(s, product_id, quantity, now_ms, memo);
}
SaleReservation::SaleReservation(SaleReservation&&) noexcept = default;
SaleReservation::~SaleReservation() = default;

std::optional<SaleFacts> SaleReservation::get() {
  if (!pending_) return std::nullopt;
  return note_reserved(*session_, product_id_, pending_->get());
}

std::optional<SaleFacts> remembered_sale_facts(const SaleFactsMemo& memo,
                                               const std::string& product_id, int64_t now_ms) {
  auto raw = memo.find(product_id);
  if (!raw) return std::nullopt;
  return store::priced(product_id, *raw, now_ms);
}

void reserve_as_remembered(const SaleFactsMemo& memo, db::Session& s, const std::string& product_id,
                           int64_t quantity) {
  auto raw = memo.find(product_id);
  if (!raw) throw db::ExpectationFailed("no remembered sale facts for " + product_id);
  store::reserve_as_remembered_later(s, product_id, quantity, *raw);
  // Counted now, as reserve() counts inside its transaction (a rollback costs a cache miss).
  if (raw->tracks_stock) stock_changed(product_id);
}

void release(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return;
  auto after = store::put_back_units(s, product_id, quantity);
  if (after) stock_changed(product_id);
  if (after && *after == quantity) availability_changed(s, product_id);  // back from zero
}

int64_t take_back(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return 0;
  if (auto after = store::take_units(s, product_id, quantity)) {
    stock_changed(product_id);
    if (*after == 0) availability_changed(s, product_id);
    return quantity;
  }
  // Fewer left: take exactly the count we saw, and only if nobody changed it meanwhile.
  for (int round = 0; round < 5; ++round) {
    auto count = store::stock_count(s, product_id);
    if (!count) return 0;
    if (!count->tracked) return quantity;
    int64_t seen = count->stock;
    int64_t take = std::min(seen, quantity);
    if (take <= 0) return 0;
    if (store::take_units_if_still(s, product_id, take, seen)) {
      stock_changed(product_id);
      if (take == seen) availability_changed(s, product_id);
      return take;
    }
  }
  return 0;
}

}  // namespace wolfix::catalog
