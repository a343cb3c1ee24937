#pragma once
// Removing the cart lines an order was placed from, inside the order's transaction. Only the
// ordered lines go (Wolfix.Server empties the whole cart: S9), and only lines that really are
// this customer's line for that product, whatever ids a client sends.
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::customer {

struct OrderedCartLine {
  std::string cart_item_id;
  std::string product_id;
};

// Returns how many cart lines were removed.
int64_t remove_ordered_cart_lines(db::Session& s, const std::string& customer_id,
                                  const std::vector<OrderedCartLine>& lines);

}  // namespace wolfix::customer
