#pragma once
// The review aggregate on the product row, for the review module: the sum and count of the
// published ratings and the average shown on every product read. One UPDATE changes all three
// from the row's current values, so concurrent reviews never lose each other's change, and the
// average is always computed from every review (Wolfix.Server kept only the latest: S13).
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"

namespace wolfix::catalog {

// The product exists and is not deleted.
bool is_live_product(db::Session& s, const std::string& product_id);
// The seller of a live product; nullopt when there is no such product.
std::optional<std::string> live_product_seller(db::Session& s, const std::string& product_id);

// Adds `rating_delta` to the sum of ratings and `count_delta` to the number of reviews of the
// product, and sets averageRating to sum / count with one decimal (half up; 0 = no reviews,
// shown as null). `live_only`: only a live product changes. Returns false when no row changed.
// The caller must invalidate cached catalog pages after its transaction commits
// (ProductService::forget_cached_pages).
bool add_to_rating(db::Session& s, const std::string& product_id, int64_t rating_delta,
                   int64_t count_delta, bool live_only);

}  // namespace wolfix::catalog
