#pragma once
// The catalog store layer, products part: the SQL behind the product facts other modules read
// (catalog/product_lookup.hpp, catalog/ratings.hpp), a seller's removal
// (catalog/seller_products.hpp), the demo seed's pick of products, and ProductService's writes.
// Rows of one product and the counters that move with them are in store.hpp, stock in
// store_stock.hpp, the listings' statements in queries.hpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product_lookup.hpp"
#include "db/db.hpp"

namespace wolfix::catalog::store {

// A product (deleted ones too, marked) with its price after the discount active at now_ms.
std::optional<ProductCard> product_card(db::Session& s, const std::string& id, int64_t now_ms);
// Cards by id, in batches; ids with no product row are absent.
std::map<std::string, ProductCard> product_cards(db::Session& s,
                                                 const std::vector<std::string>& ids,
                                                 int64_t now_ms);

// The product exists and is not deleted.
bool is_live_product(db::Session& s, const std::string& product_id);
// The seller of a live product.
std::optional<std::string> live_product_seller(db::Session& s, const std::string& product_id);
// See catalog/ratings.hpp.
bool add_to_rating(db::Session& s, const std::string& product_id, int64_t rating_delta,
                   int64_t count_delta, bool live_only);

// Soft-deletes every live product of the seller with its counters and values (see
// catalog/seller_products.hpp); returns how many.
int64_t remove_seller_products(db::Session& s, const std::string& seller_id, int64_t now_ms);

// The first `limit` live products in id order.
std::vector<std::string> first_live_product_ids(db::Session& s, int64_t limit);

}  // namespace wolfix::catalog::store
