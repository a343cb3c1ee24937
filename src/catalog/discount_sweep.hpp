#pragma once
// Wolfix.Server never expires discounts (S12). Wolfix computes every shown and charged price
// with the expiry in mind (pricing.hpp), and additionally clears expired discounts from the
// rows, so that price-ordered listings, the discounted-products count and "with discount" pages
// agree with the prices they show. The sweep runs on the read path only when a discount may
// have expired since the last one (one atomic load otherwise), and at least once a minute so
// that discounts added by other nodes are noticed too.
#include <atomic>
#include <cstdint>

#include "common/clock.hpp"
#include "db/db.hpp"

namespace wolfix::catalog {

class DiscountSweep {
 public:
  DiscountSweep(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Returns how many products had their expired discount cleared just now.
  int64_t before_read();
  // The application-clock instant by which the next sweep is due (no discount expires before).
  int64_t next_due() const { return next_due_.load(std::memory_order_relaxed); }
  // A discount expiring at expires_at_ms was committed.
  void expiry_added(int64_t expires_at_ms);

  static constexpr int64_t kMaxIntervalMs = 60'000;

 private:
  db::Database& db_;
  const Clock& clock_;
  std::atomic<int64_t> next_due_{0};
  std::atomic<bool> running_{false};
};

}  // namespace wolfix::catalog
