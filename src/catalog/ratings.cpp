#include "catalog/ratings.hpp"

#include "catalog/store_products.hpp"

namespace wolfix::catalog {

bool is_live_product(db::Session& s, const std::string& product_id) {
  return store::is_live_product(s, product_id);
}

std::optional<std::string> live_product_seller(db::Session& s, const std::string& product_id) {
  return store::live_product_seller(s, product_id);
}

bool add_to_rating(db::Session& s, const std::string& product_id, int64_t rating_delta,
                   int64_t count_delta, bool live_only) {
  return store::add_to_rating(s, product_id, rating_delta, count_delta, live_only);
}

}  // namespace wolfix::catalog
