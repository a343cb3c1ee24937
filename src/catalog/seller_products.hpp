#pragma once
// For the seller module: when a SuperAdmin removes a seller, their products leave the catalog
// (orders keep their rows). Products must leave through here, not through a direct UPDATE, so
// that category totals, the discounted-products count and the search index stay right.
#include <cstdint>
#include <string>

#include "db/db.hpp"

namespace wolfix::catalog {

// Soft-deletes every live product of the seller inside the caller's transaction; returns how
// many were removed.
int64_t remove_seller_products(db::Session& s, const std::string& seller_id, int64_t now_ms);

}  // namespace wolfix::catalog
