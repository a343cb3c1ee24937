#pragma once
// Customer use cases: the profile and its changes, the cart and the favorites list. Callers
// (routes) have already checked that the customer id is the caller's own.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product_lookup.hpp"
#include "common/clock.hpp"
#include "common/person_profile.hpp"
#include "customer/model.hpp"
#include "customer/store.hpp"
#include "db/db.hpp"

namespace wolfix::customer {

struct CartLineView {
  std::string id;
  std::string product_id;
  std::optional<catalog::ProductCard> product;  // absent when the product row is gone
  PricedLine priced;
};

struct CartView {
  std::string customer_id;
  std::vector<CartLineView> items;
  int64_t bonuses_minor = 0;
  int64_t total_minor = 0;
};

struct FavoriteView {
  std::string id;
  std::string product_id;
  std::optional<catalog::ProductCard> product;
};

class CustomerService {
 public:
  CustomerService(db::Database& db, const Clock& clock);

  // 404 when there is no such customer or the account is blocked (as Wolfix.Server does).
  CustomerRecord profile(const std::string& customer_id);
  // Name, phone number, address and birth date changes (404 for unknown customers).
  person::ProfileEditor& personal_data() { return personal_data_; }

  // 404 unknown customer or product (deleted counts as unknown); 409 "product_unavailable" when
  // the seller took it off sale, 409 "out_of_stock" when the line would exceed the stock.
  void add_to_cart(const std::string& customer_id, const std::string& product_id, int64_t quantity);
  // Sets a line's quantity, with the same product rules as adding; 404 unknown line.
  void set_cart_quantity(const std::string& customer_id, const std::string& line_id,
                         int64_t quantity);
  void remove_from_cart(const std::string& customer_id, const std::string& line_id);
  CartView cart(const std::string& customer_id);

  // Idempotent: adding a product twice keeps one favorite. 404 unknown customer or product.
  void add_favorite(const std::string& customer_id, const std::string& product_id);
  void remove_favorite(const std::string& customer_id, const std::string& item_id);
  std::vector<FavoriteView> favorites(const std::string& customer_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  person::ProfileEditor personal_data_;
};

}  // namespace wolfix::customer
