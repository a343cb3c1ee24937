#pragma once
// Demo reviews for `wolfix seed`, so the storefront's cards and product pages show stars from
// the start. Written through ReviewService: moderated and counted like any other review.
#include <string>
#include <vector>

#include "review/service.hpp"

namespace wolfix::review {

// Each customer reviews some of the products (a fixed pattern, so every run is the same);
// returns how many reviews were written. Reviews that already exist are left alone.
int seed_demo_reviews(ReviewService& reviews, const std::vector<std::string>& product_ids,
                      const std::vector<std::string>& customer_ids);

}  // namespace wolfix::review
