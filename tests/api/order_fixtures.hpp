#pragma once
// Helpers for order tests: demo delivery methods, a valid PlaceOrderDto, cart lines and bonus
// balances set directly in the database.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog_fixtures.hpp"
#include "common/uuid.hpp"
#include "db/db.hpp"
#include "fixtures.hpp"

namespace wolfix::test {

// A JSON string's text (anything else serialized), for comparing with std::string.
inline std::string str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

// An amount from a JSON answer in minor units, read exactly (-1 if it is not an amount).
int64_t minor(const boost::json::value& v);

// Seeds the demo delivery methods (Nova Poshta / Kyiv / department 1 exists).
void seed_delivery(TestServer& server);

struct Line {
  std::string product_id;
  int64_t quantity = 1;
  int64_t price_minor = 0;  // the unit price the client shows
  std::optional<std::string> cart_item_id;
};

// A JSON number with exactly these decimals ("459.98").
boost::json::value money(int64_t minor);

// A valid cash-on-delivery PlaceOrderDto for `customer` (Nova Poshta, Kyiv, department 1),
// `price` = sum of lines - bonuses.
boost::json::object order_body(const Actor& customer, const std::vector<Line>& lines,
                               int64_t used_bonuses_minor = 0);
// The same for one product at its listed price.
boost::json::object buy_body(const Actor& customer, const TestProduct& p, int64_t quantity = 1);

// POST /api/orders, optionally with an Idempotency-Key.
Reply place(TestServer& server, const Actor& customer, const boost::json::object& body,
            const std::string& idempotency_key = "");

std::string add_cart_line(TestServer& server, const Actor& customer, const std::string& product_id,
                          int quantity = 1);
bool cart_line_exists(TestServer& server, const std::string& cart_item_id);
void set_bonuses(TestServer& server, const Actor& customer, int64_t minor);
// The customer's balance as their profile (GET /api/customers/{id}) shows it, in minor units.
int64_t bonuses_of(TestServer& server, const Actor& customer);
// How many orders the customer's own list (GET /api/orders/{customerId}) holds.
int64_t orders_count(TestServer& server, const Actor& customer);

}  // namespace wolfix::test
