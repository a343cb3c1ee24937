#pragma once
// SQL for the customer module's tables: customers (profile), cart_items and favorite_items.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::customer {

struct CustomerRecord {
  std::string id;
  std::string account_id;
  std::optional<person::FullName> full_name;  // absent until the customer gives one
  std::optional<std::string> phone_number;
  std::optional<person::Address> address;
  std::optional<std::string> birth_date;  // yyyy-MM-dd
  std::optional<std::string> photo_url;
  int64_t bonuses_minor = 0;
  bool blocked = false;
};

struct CartLine {
  std::string id;
  std::string product_id;
  int64_t quantity = 0;
};

struct FavoriteLine {
  std::string id;
  std::string product_id;
};

std::optional<CustomerRecord> find_customer(db::Session& s, const std::string& id);
bool customer_exists(db::Session& s, const std::string& id);
// A profile with whatever the record holds (absent parts stay NULL, the status Active).
void insert_customer(db::Session& s, const CustomerRecord& c, int64_t now_ms);
// The first `limit` customer ids in id order.
std::vector<std::string> first_customer_ids(db::Session& s, int64_t limit);

// Adds `quantity` to the customer's line for the product, making the line if there is none, in
// one statement (the unique (customer_id, product_id) index makes concurrent adds meet on one
// row). Returns the line's quantity afterwards.
int64_t add_to_cart_line(db::Session& s, const std::string& customer_id,
                         const std::string& product_id, int64_t quantity, int64_t now_ms);
std::vector<CartLine> cart_lines(db::Session& s, const std::string& customer_id);
std::optional<CartLine> find_cart_line(db::Session& s, const std::string& customer_id,
                                       const std::string& line_id);
bool set_cart_line_quantity(db::Session& s, const std::string& customer_id,
                            const std::string& line_id, int64_t quantity);
bool delete_cart_line(db::Session& s, const std::string& customer_id, const std::string& line_id);

// Adds the product once; a second add changes nothing. Returns the favorite's id either way.
std::string add_favorite(db::Session& s, const std::string& customer_id,
                         const std::string& product_id, int64_t now_ms);
std::vector<FavoriteLine> favorite_lines(db::Session& s, const std::string& customer_id);
bool delete_favorite(db::Session& s, const std::string& customer_id, const std::string& item_id);

}  // namespace wolfix::customer
