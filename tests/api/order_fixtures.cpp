#include "order_fixtures.hpp"

#include "common/money.hpp"
#include "common/uuid.hpp"

namespace wolfix::test {

void seed_delivery(TestServer& server) {
  server.probe().seed_delivery(server.clock().now_ms());
}

int64_t minor(const boost::json::value& v) {
  return minor_from_json(v, 2).value_or(-1);
}

boost::json::value money(int64_t minor) {
  return boost::json::parse(format_minor(minor, 2));
}

boost::json::object order_body(const Actor& customer, const std::vector<Line>& lines,
                               int64_t used_bonuses_minor) {
  int64_t total = 0;
  boost::json::array items;
  for (const auto& l : lines) {
    total += l.quantity * l.price_minor;
    boost::json::object item{{"sellerId", "0193a5c2-7d1e-7abc-8def-0123456789ab"},
                             {"productId", l.product_id},
                             {"photoUrl", "https://example.com/p.jpg"},
                             {"title", "whatever the client says"},
                             {"quantity", l.quantity},
                             {"price", money(l.price_minor)}};
    item["cartItemId"] = l.cart_item_id ? boost::json::value(*l.cart_item_id) : nullptr;
    items.push_back(std::move(item));
  }
  boost::json::object order{{"customerFirstName", "Olena"},
                            {"customerLastName", "Kovalenko"},
                            {"customerMiddleName", "Ivanivna"},
                            {"customerPhoneNumber", "+380501234567"},
                            {"customerEmail", customer.email},
                            {"customerId", customer.profile_id},
                            {"recipientFirstName", "Petro"},
                            {"recipientLastName", "Kovalenko"},
                            {"recipientMiddleName", nullptr},
                            {"recipientPhoneNumber", "+380671112233"},
                            {"deliveryMethodName", "Nova Poshta"},
                            {"deliveryInfoNumber", 1},
                            {"deliveryInfoCity", "Kyiv"},
                            {"deliveryInfoStreet", "Client Street"},
                            {"deliveryInfoHouseNumber", 99},
                            {"deliveryOption", 0},
                            {"withBonuses", used_bonuses_minor > 0},
                            {"usedBonusesAmount", money(used_bonuses_minor)},
                            {"price", money(total - used_bonuses_minor)}};
  return {{"order", std::move(order)}, {"orderItems", std::move(items)}};
}

boost::json::object buy_body(const Actor& customer, const TestProduct& p, int64_t quantity) {
  return order_body(customer, {{p.id, quantity, p.price_minor, std::nullopt}});
}

Reply place(TestServer& server, const Actor& customer, const boost::json::object& body,
            const std::string& idempotency_key) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
  return server.request("POST", "/api/orders", boost::json::serialize(body), customer.token,
                        std::move(headers));
}

std::string add_cart_line(TestServer& server, const Actor& customer, const std::string& product_id,
                          int quantity) {
  std::string id = new_uuid_v7();
  server.probe().add_cart_line(id, customer.profile_id, product_id, quantity,
                               server.clock().now_ms());
  return id;
}

bool cart_line_exists(TestServer& server, const std::string& cart_item_id) {
  return server.probe().cart_line_exists(cart_item_id);
}

void set_bonuses(TestServer& server, const Actor& customer, int64_t minor) {
  server.probe().set_customer_bonuses(customer.profile_id, minor);
}

int64_t bonuses_of(TestServer& server, const Actor& customer) {
  auto r = server.get("/api/customers/" + customer.profile_id, customer.token);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? minor(r.json().at("bonusesAmount")) : -1;
}

int64_t orders_count(TestServer& server, const Actor& customer) {
  constexpr std::size_t kPage = 500;  // the largest page the route serves
  int64_t n = 0;
  for (int page = 1;; ++page) {
    auto r = server.get("/api/orders/" + customer.profile_id +
                            "?pageSize=" + std::to_string(kPage) + "&page=" + std::to_string(page),
                        customer.token);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return -1;
    auto v = r.json();
    n += static_cast<int64_t>(v.as_array().size());
    if (v.as_array().size() < kPage) return n;
  }
}

}  // namespace wolfix::test
