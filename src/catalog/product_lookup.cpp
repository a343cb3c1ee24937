#include "catalog/product_lookup.hpp"

#include "catalog/store_products.hpp"

namespace wolfix::catalog {

std::optional<ProductCard> find_product_card(db::Session& s, const std::string& id,
                                             int64_t now_ms) {
  return store::product_card(s, id, now_ms);
}

std::map<std::string, ProductCard> find_product_cards(db::Session& s,
                                                      const std::vector<std::string>& ids,
                                                      int64_t now_ms) {
  return store::product_cards(s, ids, now_ms);
}

}  // namespace wolfix::catalog
