// Issue 11: checkout and cart exactly as clients of Wolfix.Server send them (Wolfix.Client's
// checkout page builds the bodies below). Each test sends the request shape the issue shows, so a
// later change cannot silently break such clients.
#include <regex>

#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// The client's PlaceOrderDto: the customer's profile names with an empty patronymic, delivery to
// a Nova Poshta department in Kyiv, one line per cart line with quantity 1.
constexpr const char* kClientOrder = R"({
  "order": {
    "customerId": "$CUSTOMER",
    "customerFirstName": "Olena",
    "customerLastName": "Kovalenko",
    "customerMiddleName": "",
    "customerEmail": "$EMAIL",
    "customerPhoneNumber": "+380501234567",
    "recipientFirstName": "Olena",
    "recipientLastName": "Kovalenko",
    "recipientMiddleName": "",
    "recipientPhoneNumber": "+380501234567",
    "deliveryOption": 0,
    "deliveryMethodName": "Nova Poshta",
    "deliveryInfoCity": "Kyiv",
    "deliveryInfoNumber": 1,
    "deliveryInfoStreet": "Pymonenka",
    "deliveryInfoHouseNumber": 13,
    "withBonuses": false,
    "usedBonusesAmount": 0,
    "price": $PRICE
  },
  "orderItems": [$ITEMS]
})";

constexpr const char* kClientLine =
    R"({"cartItemId": "$CART", "productId": "$PRODUCT", "quantity": 1, "price": $UNIT, )"
    R"("title": "Phone", "photoUrl": "https://example.com/phone.jpg"})";

std::string client_line(const std::string& cart_item_id, const std::string& product_id,
                        int64_t unit_minor) {
  std::string s = replace_all(kClientLine, "$CART", cart_item_id);
  s = replace_all(s, "$PRODUCT", product_id);
  return replace_all(s, "$UNIT", str(money(unit_minor)));
}

std::string client_order(const Actor& c, const std::vector<std::string>& lines,
                         int64_t price_minor) {
  std::string items;
  for (const auto& l : lines) items += (items.empty() ? "" : ", ") + l;
  std::string s = replace_all(kClientOrder, "$CUSTOMER", c.profile_id);
  s = replace_all(s, "$EMAIL", c.email);
  s = replace_all(s, "$PRICE", str(money(price_minor)));
  return replace_all(s, "$ITEMS", items);
}

template <class Suite>
class CompatSuite : public ShopSuite<Suite, true> {
 protected:
  using Base = ShopSuite<Suite, true>;
  static Actor customer() { return make_actor(*Base::server, "Customer"); }
  static TestProduct product(int64_t price = 10000, int stock = 10) {
    return make_product(*Base::server, *Base::seller, price, stock);
  }
  static Reply send(const Actor& c, const std::string& body,
                    const std::string& path = "/api/orders") {
    return Base::server->request("POST", path, body, c.token);
  }
  static json::object details(const Actor& c, const std::string& order_id) {
    auto r = Base::server->get("/api/orders/" + order_id + "/details", c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
};

// --- 11.1: empty optional person fields are absent ------------------------------------------

class Compat_CheckoutEmptyOptionalFields : public CompatSuite<Compat_CheckoutEmptyOptionalFields> {
};

TEST_F(Compat_CheckoutEmptyOptionalFields, EmptyPatronymicsPlaceTheOrder) {
  auto c = customer();
  auto p = product(45999, 5);
  auto cart = add_cart_line(*server, c, p.id);
  auto r = send(c, client_order(c, {client_line(cart, p.id, 45999)}, 45999));
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = details(c, r.headers["x-order-id"]);
  EXPECT_TRUE(d.at("recipientMiddleName").is_null()) << d;
  EXPECT_EQ(product_stock(*server, p.id), 4);
}

TEST_F(Compat_CheckoutEmptyOptionalFields, BlankPatronymicsAreAbsentToo) {
  auto c = customer();
  auto p = product(1000, 5);
  std::string body = client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 1000);
  body = replace_all(body, R"("recipientMiddleName": "")", R"("recipientMiddleName": "   ")");
  auto r = send(c, body, "/api/orders/with-payment");
  ASSERT_EQ(r.status, 200) << r.body;
}

TEST_F(Compat_CheckoutEmptyOptionalFields, RequiredNamesStillMayNotBeEmpty) {
  auto c = customer();
  auto p = product(1000, 5);
  std::string body = client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 1000);
  body = replace_all(body, R"("customerFirstName": "Olena")", R"("customerFirstName": "")");
  auto r = send(c, body);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(r.json().at("errors").as_object().contains("order.customerFirstName")) << r.body;
  EXPECT_EQ(product_stock(*server, p.id), 5);
}

TEST_F(Compat_CheckoutEmptyOptionalFields, ProfileFormsTreatAnEmptyPatronymicAsNone) {
  auto c = customer();
  auto r = server->patch(
      "/api/customers/" + c.profile_id + "/full-name",
      json::object{{"firstName", "Lesya"}, {"lastName", "Ukrainka"}, {"middleName", ""}}, c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("middleName").is_null());
  r = server->patch("/api/customers/" + c.profile_id + "/address",
                    json::object{{"city", "Kyiv"},
                                 {"street", "Khreshchatyk"},
                                 {"houseNumber", 1},
                                 {"apartmentNumber", nullptr}},
                    c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = make_actor(*server, "Seller");
  r = server->patch(
      "/api/sellers/" + s.profile_id + "/full-name",
      json::object{{"firstName", "Ivan"}, {"lastName", "Franko"}, {"middleName", " "}}, s.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("middleName").is_null());
}

// --- 11.6: money in error bodies --------------------------------------------------------------

class Compat_ErrorBodyMoney : public CompatSuite<Compat_ErrorBodyMoney> {};

TEST_F(Compat_ErrorBodyMoney, PriceChangedShowsPlainDecimals) {
  auto c = customer();
  auto p = product(2080740, 5);  // 20807.40
  auto cart = add_cart_line(*server, c, p.id);
  auto r = send(c, client_order(c, {client_line(cart, p.id, 2080740)}, 2000000));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "price_changed");
  EXPECT_NE(r.body.find(R"("price":20807.40)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("itemsTotal":20807.40)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("usedBonusesAmount":0.00)"), std::string::npos) << r.body;
  EXPECT_FALSE(std::regex_search(r.body, std::regex(R"([0-9]E-?[0-9])"))) << r.body;
  EXPECT_NE(r.message().find("20807.40"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("20000.00"), std::string::npos) << r.message();
  EXPECT_EQ(product_stock(*server, p.id), 5);
}

}  // namespace
}  // namespace wolfix::test
