#pragma once
// Read-only product facts for other modules' lists (carts, favorites): what a product is called,
// what it costs right now and whether it can be bought. Deleted products are returned too, marked
// as such, so a list can say an item is gone instead of silently dropping it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::catalog {

struct ProductCard {
  std::string id;
  std::string seller_id;
  std::string title;
  std::optional<std::string> main_photo_url;
  int64_t price_minor = 0;        // list price
  int64_t final_price_minor = 0;  // after the discount active at now_ms (pricing.hpp)
  int64_t bonuses_minor = 0;
  double average_rating = 0;  // one decimal; 0 without reviews
  int64_t reviews_count = 0;
  std::string status;        // "InStock" | "NotAvailable", as stored (the seller's choice)
  bool tracks_stock = true;  // false: always available while on sale; `stock` means nothing
  int64_t stock = 0;
  bool deleted = false;

  // Listed and offered for sale (stock aside).
  bool on_sale() const { return !deleted && status == "InStock"; }
  // On sale with at least one unit (or no count to run out of).
  bool buyable() const { return on_sale() && (!tracks_stock || stock > 0); }
};

std::optional<ProductCard> find_product_card(db::Session& s, const std::string& id, int64_t now_ms);
// Cards by id; ids with no product row are absent from the map.
std::map<std::string, ProductCard> find_product_cards(db::Session& s,
                                                      const std::vector<std::string>& ids,
                                                      int64_t now_ms);

}  // namespace wolfix::catalog
