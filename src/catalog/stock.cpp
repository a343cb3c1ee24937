#include "catalog/stock.hpp"

#include <algorithm>

#include "catalog/store.hpp"
#include "catalog/store_stock.hpp"

namespace wolfix::catalog {

// Only here, so an order that leaves units in stock writes nothing more than its count.
void Stock::availability_changed(db::Session& s, const std::string& product_id) {
  store::bump_category_of(s, product_id);
  availability_epoch_.fetch_add(1, std::memory_order_acq_rel);
}

void Stock::changed(const std::string& product_id) {
  std::lock_guard lock(changes_mu_);
  changes_.push_back(product_id);
  if (changes_.size() > kRememberedChanges) changes_.pop_front();
  change_seq_.fetch_add(1, std::memory_order_acq_rel);
}

uint64_t Stock::change_seq() const {
  return change_seq_.load(std::memory_order_acquire);
}

std::optional<std::vector<std::string>> Stock::changes_since(uint64_t& seen) const {
  std::lock_guard lock(changes_mu_);
  uint64_t latest = change_seq_.load(std::memory_order_acquire);
  uint64_t count = latest - seen;
  seen = latest;
  if (count > changes_.size()) return std::nullopt;
  return std::vector<std::string>(changes_.end() - static_cast<std::ptrdiff_t>(count),
                                  changes_.end());
}

uint64_t Stock::availability_epoch() const {
  return availability_epoch_.load(std::memory_order_acquire);
}

std::map<std::string, SaleFacts> sale_facts(db::Session& s, const std::vector<std::string>& ids,
                                            int64_t now_ms) {
  return store::sale_facts(s, ids, now_ms);
}

std::optional<SaleFacts> Stock::note_reserved(db::Session& s, const std::string& product_id,
                                              std::optional<SaleFacts> facts) {
  if (facts && facts->tracks_stock) {
    changed(product_id);
    if (facts->stock == 0) availability_changed(s, product_id);  // the last units
  }
  return facts;
}

SaleReservation::SaleReservation(Stock& stock, db::Session& s, const std::string& product_id,
                                 int64_t quantity, int64_t now_ms, SaleFactsMemo* memo)
    : stock_(&stock), session_(&s), product_id_(product_id) {
  if (quantity > 0)
    pending_ =
        std::make_unique<store::PendingSaleReservation>(s, product_id, quantity, now_ms, memo);
}
SaleReservation::SaleReservation(SaleReservation&&) noexcept = default;
SaleReservation::~SaleReservation() = default;

std::optional<SaleFacts> SaleReservation::get() {
  if (!pending_) return std::nullopt;
  return stock_->note_reserved(*session_, product_id_, pending_->get());
}

std::optional<SaleFacts> remembered_sale_facts(const SaleFactsMemo& memo,
                                               const std::string& product_id, int64_t now_ms) {
  auto raw = memo.find(product_id);
  if (!raw) return std::nullopt;
  return store::priced(product_id, *raw, now_ms);
}

void Stock::reserve_as_remembered(const SaleFactsMemo& memo, db::Session& s,
                                  const std::string& product_id, int64_t quantity) {
  auto raw = memo.find(product_id);
  if (!raw) throw db::ExpectationFailed("no remembered sale facts for " + product_id);
  store::reserve_as_remembered_later(s, product_id, quantity, *raw);
  // Counted now, as a reservation counts inside its transaction (a rollback costs a cache miss).
  if (raw->tracks_stock) changed(product_id);
}

void Stock::release(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return;
  auto after = store::put_back_units(s, product_id, quantity);
  if (after) changed(product_id);
  if (after && *after == quantity) availability_changed(s, product_id);  // back from zero
}

int64_t Stock::take_back(db::Session& s, const std::string& product_id, int64_t quantity) {
  if (quantity <= 0) return 0;
  if (auto after = store::take_units(s, product_id, quantity)) {
    changed(product_id);
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
      changed(product_id);
      if (take == seen) availability_changed(s, product_id);
      return take;
    }
  }
  return 0;
}

}  // namespace wolfix::catalog
