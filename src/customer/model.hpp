#pragma once
// Cart and favorites rules: whether a product can go into a cart in a given quantity, how a cart
// line stands against the catalog right now, and what the cart costs. Pure: no SQL, no HTTP.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/product_lookup.hpp"

namespace wolfix::customer {

// The most units one request may put on a line (stock limits it further).
inline constexpr int64_t kMaxLineQuantity = 10000;

// Whether a product can be bought in a quantity, from the strongest reason down.
enum class Availability {
  available,
  insufficient_stock,  // on sale, some left, fewer than the quantity
  out_of_stock,        // on sale, none left
  not_available,       // the seller set it NotAvailable
  removed,             // deleted from the catalog, or no such product
};

// "Available", "InsufficientStock", "OutOfStock", "NotAvailable", "Removed" (JSON names).
std::string_view availability_name(Availability a);

Availability availability_for(const catalog::ProductCard* product, int64_t quantity);

// A cart line joined with the product as it is now.
struct PricedLine {
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;  // the current final price (after an active discount)
  int64_t total_minor = 0;       // unit price x quantity
  Availability availability = Availability::removed;
};

PricedLine price_line(const catalog::ProductCard* product, int64_t quantity);

// The sum a customer would pay for the lines that can be bought now; lines that cannot are shown
// but not counted, so the total is what an order of the cart would cost.
int64_t cart_total(const std::vector<PricedLine>& lines);

}  // namespace wolfix::customer
