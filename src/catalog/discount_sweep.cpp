#include "catalog/discount_sweep.hpp"

#include <algorithm>

#include "catalog/store.hpp"
#include "common/log.hpp"

namespace wolfix::catalog {

int64_t DiscountSweep::before_read() {
  int64_t now = clock_.now_ms();
  if (now < next_due_.load(std::memory_order_relaxed)) return 0;
  if (running_.exchange(true)) return 0;  // another request is sweeping
  int64_t cleared = 0;
  try {
    auto next = db_.write([&](db::Session& s) {
      cleared = store::clear_expired_discounts(s, now);
      return store::next_discount_expiry(s);
    });
    next_due_.store(std::min(next.value_or(INT64_MAX), now + kMaxIntervalMs));
  } catch (const std::exception& e) {
    // Reads stay correct without the sweep (prices use the expiry); try again next time.
    log::warn("discount_sweep_failed", {{"error", e.what()}});
  }
  running_.store(false);
  return cleared;
}

void DiscountSweep::expiry_added(int64_t expires_at_ms) {
  int64_t cur = next_due_.load();
  while (expires_at_ms < cur && !next_due_.compare_exchange_weak(cur, expires_at_ms)) {
  }
}

}  // namespace wolfix::catalog
