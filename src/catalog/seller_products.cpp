#include "catalog/seller_products.hpp"

#include "catalog/store_products.hpp"

namespace wolfix::catalog {

int64_t remove_seller_products(db::Session& s, const std::string& seller_id, int64_t now_ms) {
  return store::remove_seller_products(s, seller_id, now_ms);
}

}  // namespace wolfix::catalog
