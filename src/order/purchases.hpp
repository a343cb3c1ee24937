#pragma once
// Who bought what, for other modules (a review's "verified purchase" mark). Reads only the order
// module's own tables.
#include <set>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::order {

// Of `customer_ids`, those with a line of `product_id` in an order that was paid (and is still
// Paid) or delivered. A cancelled, unpaid or refunded-before-delivery order does not count.
std::set<std::string> customers_who_bought(db::Session& s, const std::string& product_id,
                                           const std::vector<std::string>& customer_ids);

}  // namespace wolfix::order
