#pragma once
// What other modules may ask about sellers inside their own transactions (the catalog, before a
// seller adds a product: is the seller still active, may they sell in that category).
#include <cstdint>
#include <string>

#include "db/db.hpp"

namespace wolfix::seller {

// False for unknown sellers and for sellers a SuperAdmin removed (their tokens may still verify).
bool is_active_seller(db::Session& s, const std::string& seller_id);
// True when the active seller was approved for this category.
bool seller_has_category(db::Session& s, const std::string& seller_id,
                         const std::string& category_id);

// Approves the seller for the category unless they already are (the demo catalog's seed: its
// sellers may list what it gave them). `name` is the category's name as the seller sees it.
void approve_category(db::Session& s, const std::string& seller_id, const std::string& category_id,
                      const std::string& name, int64_t now_ms);

}  // namespace wolfix::seller
