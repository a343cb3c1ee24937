#pragma once
// Taking the cart lines an order was placed from, inside the order's transaction. Only the
// ordered lines go (Wolfix.Server empties the whole cart: S9), and only lines that really are
// this customer's line for that product, whatever ids a client sends.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::customer {

struct OrderedCartLine {
  std::string cart_item_id;
  std::string product_id;
};

// Removes those lines and returns the quantity each removed line held, by cart item id. Ids
// that are not this customer's line for that product are left alone and absent from the answer.
// The removal and the quantity are one statement, so a concurrent quantity change or a second
// order of the same line cannot make the order and the cart disagree.
std::map<std::string, int64_t> take_ordered_cart_lines(db::Session& s,
                                                       const std::string& customer_id,
                                                       const std::vector<OrderedCartLine>& lines);

}  // namespace wolfix::customer
