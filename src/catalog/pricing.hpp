#pragma once
// The one rule for what a product costs right now, shared by listings, carts and orders so a
// shopper is charged exactly what they were shown.
#include <cstdint>
#include <optional>

#include "common/money.hpp"

namespace wolfix::catalog {

struct Discount {
  int percent = 0;             // 1..100
  int64_t expires_at_ms = 0;   // unix ms; the discount applies strictly before this instant
};

// A discount counts only while it has not expired (Wolfix.Server never expires them: S12).
inline bool discount_active(const std::optional<Discount>& d, int64_t now_ms) {
  return d && d->percent > 0 && d->percent <= 100 && now_ms < d->expires_at_ms;
}

// Unit price after the active discount, rounded half away from zero to the minor unit.
inline int64_t final_price(int64_t price_minor, const std::optional<Discount>& d, int64_t now_ms) {
  return discount_active(d, now_ms) ? apply_percent_discount(price_minor, d->percent) : price_minor;
}

}  // namespace wolfix::catalog
