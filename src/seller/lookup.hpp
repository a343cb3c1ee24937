#pragma once
// What other modules may ask about sellers inside their own transactions (the catalog, before a
// seller adds a product: is the seller still active, may they sell in that category).
#include <string>

#include "db/db.hpp"

namespace wolfix::seller {

// False for unknown sellers and for sellers a SuperAdmin removed (their tokens may still verify).
bool is_active_seller(db::Session& s, const std::string& seller_id);
// True when the active seller was approved for this category.
bool seller_has_category(db::Session& s, const std::string& seller_id,
                         const std::string& category_id);

}  // namespace wolfix::seller
