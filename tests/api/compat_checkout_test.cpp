// Issue 11: checkout and cart exactly as clients of Wolfix.Server send them (Wolfix.Client's
// checkout page builds the bodies below). Each test sends the request shape the issue shows, so a
// later change cannot silently break such clients.
#include <atomic>
#include <regex>
#include <thread>

#include "order_fixtures.hpp"
#include "payments_support.hpp"
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
$DELIVERY
    "withBonuses": false,
    "usedBonusesAmount": 0,
    "price": $PRICE
  },
  "orderItems": [$ITEMS]
})";

constexpr const char* kNovaPoshtaDepartment = R"(    "deliveryOption": 0,
    "deliveryMethodName": "Nova Poshta",
    "deliveryInfoCity": "Kyiv",
    "deliveryInfoNumber": 1,
    "deliveryInfoStreet": "Pymonenka",
    "deliveryInfoHouseNumber": 13,)";

// Courier: the client's own option, its name for it, the address from the profile, no number.
constexpr const char* kCourier = R"(    "deliveryOption": 2,
    "deliveryMethodName": "Адресна доставка кур'єром",
    "deliveryInfoCity": "Dnipro",
    "deliveryInfoStreet": "Yavornytskoho",
    "deliveryInfoHouseNumber": 62,)";

// Ukrposhta: the client calls option 1 "UkrPoshta" and sends the department it listed.
constexpr const char* kUkrposhtaDepartment = R"(    "deliveryOption": 1,
    "deliveryMethodName": "Ukrposhta",
    "deliveryInfoCity": "Dnipro",
    "deliveryInfoNumber": 49000,
    "deliveryInfoStreet": "Yavornytskoho",
    "deliveryInfoHouseNumber": 62,)";

constexpr const char* kClientLine =
    R"({"cartItemId": "$CART", "productId": "$PRODUCT", "quantity": 1, "price": $UNIT, )"
    R"("title": "Phone", "photoUrl": "https://example.com/phone.jpg"})";

std::string client_line(const std::string& cart_item_id, const std::string& product_id,
                        int64_t unit_minor) {
  std::string s = replace_all(kClientLine, "$CART", cart_item_id);
  s = replace_all(s, "$PRODUCT", product_id);
  return replace_all(s, "$UNIT", str(money(unit_minor)));
}

std::string client_order(const Actor& c, const std::vector<std::string>& lines, int64_t price_minor,
                         const char* delivery = kNovaPoshtaDepartment) {
  std::string items;
  for (const auto& l : lines) items += (items.empty() ? "" : ", ") + l;
  std::string s = replace_all(kClientOrder, "$DELIVERY", delivery);
  s = replace_all(s, "$CUSTOMER", c.profile_id);
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

// --- 11.4: cart quantities --------------------------------------------------------------------

class Compat_CartQuantities : public CompatSuite<Compat_CartQuantities> {
 protected:
  static Reply add_to_cart(const Actor& c, const std::string& body) {
    return server->request("POST", "/api/customers/cart-items", body, c.token);
  }
  static json::object cart_of(const Actor& c) {
    auto r = server->get("/api/customers/cart-items/" + c.profile_id, c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
};

TEST_F(Compat_CartQuantities, BuyPressedTwiceThenOneLineOfQuantityOneOrdersBoth) {
  auto c = customer();
  auto p = product(1040370, 5);  // 10403.70
  // Wolfix.Client's AddProductToCartDto, sent once per press of "buy".
  std::string add = R"({"customerId": ")" + c.profile_id + R"(", "productId": ")" + p.id + R"("})";
  ASSERT_EQ(add_to_cart(c, add).status, 204);
  ASSERT_EQ(add_to_cart(c, add).status, 204);
  auto cart = cart_of(c);
  ASSERT_EQ(cart.at("items").as_array().size(), 1u) << cart;
  auto& line = cart.at("items").as_array()[0].as_object();
  EXPECT_EQ(line.at("quantity"), 2);
  int64_t total = minor(cart.at("totalCartPriceWithoutBonuses"));
  EXPECT_EQ(total, 2080740);

  // The client sends the cart line with quantity 1 and the cart's total as the price.
  auto r = send(c, client_order(c, {client_line(str(line.at("id")), p.id, 1040370)}, total));
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = details(c, r.headers["x-order-id"]);
  EXPECT_EQ(minor(d.at("price")), 2080740);
  ASSERT_EQ(d.at("orderItems").as_array().size(), 1u);
  EXPECT_EQ(d.at("orderItems").as_array()[0].at("quantity"), 2);
  EXPECT_EQ(product_stock(*server, p.id), 3);
  EXPECT_TRUE(cart_of(c).at("items").as_array().empty());
}

TEST_F(Compat_CartQuantities, WolfixClientsSendTheCartQuantityAndGetTheSame) {
  auto c = customer();
  auto p = product(2500, 10);
  ASSERT_EQ(
      server
          ->post("/api/customers/cart-items",
                 json::object{{"customerId", c.profile_id}, {"productId", p.id}, {"quantity", 3}},
                 c.token)
          .status,
      204);
  auto line = str(cart_of(c).at("items").as_array()[0].at("id"));
  auto r = place(*server, c, order_body(c, {{p.id, 3, 2500, line}}));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(details(c, r.headers["x-order-id"]).at("orderItems").as_array()[0].at("quantity"), 3);
  EXPECT_EQ(product_stock(*server, p.id), 7);
  EXPECT_FALSE(cart_line_exists(*server, line));
}

TEST_F(Compat_CartQuantities, TheCartLineQuantityWinsOverTheLineQuantity) {
  auto c = customer();
  auto p = product(1000, 10);
  auto line = add_cart_line(*server, c, p.id, 2);
  // Five units at 10.00 would be 50.00; the cart holds two, so the order is two and 20.00.
  auto wrong = place(*server, c, order_body(c, {{p.id, 5, 1000, line}}));
  ASSERT_EQ(wrong.status, 409) << wrong.body;
  EXPECT_EQ(wrong.code(), "price_changed");
  EXPECT_EQ(minor(wrong.json().at("current").at("price")), 2000);
  EXPECT_TRUE(cart_line_exists(*server, line));
  auto right = order_body(c, {{p.id, 5, 1000, line}});
  right["order"].as_object()["price"] = money(2000);
  ASSERT_EQ(place(*server, c, right).status, 204);
  EXPECT_EQ(product_stock(*server, p.id), 8);
}

TEST_F(Compat_CartQuantities, LinesNotFromThisCartKeepTheirQuantity) {
  auto c = customer();
  auto other = customer();
  auto p = product(1000, 10);
  auto foreign = add_cart_line(*server, other, p.id, 4);
  auto r = place(*server, c, order_body(c, {{p.id, 1, 1000, foreign}}));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(product_stock(*server, p.id), 9);
  EXPECT_TRUE(cart_line_exists(*server, foreign)) << "another customer's cart is untouched";
  auto none = place(*server, c, order_body(c, {{p.id, 2, 1000}}));
  ASSERT_EQ(none.status, 204) << none.body;
  EXPECT_EQ(product_stock(*server, p.id), 7);
}

TEST_F(Compat_CartQuantities, TheSameCheckoutSentTwiceIsOneOrder) {
  auto c = customer();
  auto p = product(1000, 10);
  auto line = add_cart_line(*server, c, p.id, 2);
  // No Idempotency-Key: Wolfix.Server's clients send none.
  std::string body = client_order(c, {client_line(line, p.id, 1000)}, 2000);
  auto first = send(c, body);
  ASSERT_EQ(first.status, 204) << first.body;
  auto again = send(c, body);
  ASSERT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.code(), "already_ordered");
  EXPECT_TRUE(again.json().at("errors").as_object().contains("orderItems[0].cartItemId"));
  EXPECT_EQ(str(again.json().at("orderNumber")), first.headers["x-order-number"]);
  EXPECT_EQ(product_stock(*server, p.id), 8);
  EXPECT_EQ(orders_count(*server, c), 1);
}

TEST_F(Compat_CartQuantities, ADoubleClickedCheckoutIsOneOrder) {
  auto c = customer();
  auto p = product(1000, 10);
  auto line = add_cart_line(*server, c, p.id, 3);
  std::string body = client_order(c, {client_line(line, p.id, 1000)}, 3000);
  constexpr int kClicks = 4;
  std::vector<Reply> replies(kClicks);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kClicks; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = send(c, body);
    });
  go = true;
  for (auto& t : threads) t.join();
  int placed = 0;
  for (const auto& r : replies) {
    if (r.status == 204) {
      ++placed;
      continue;
    }
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.code(), "already_ordered") << r.body;
  }
  EXPECT_EQ(placed, 1);
  EXPECT_EQ(product_stock(*server, p.id), 7);
  EXPECT_EQ(orders_count(*server, c), 1);
}

// --- 11.5: unavailable cart lines ---------------------------------------------------------------

class Compat_CheckoutUnavailableLines : public CompatSuite<Compat_CheckoutUnavailableLines> {};

TEST_F(Compat_CheckoutUnavailableLines, EveryUnavailableLineIsNamedReadably) {
  auto c = customer();
  auto fine = product(1000, 5);
  auto sold_out = product(2000, 5);
  auto withdrawn = product(3000, 5);
  auto short_one = product(4000, 5);
  auto gone = product(5000, 5);
  auto l0 = add_cart_line(*server, c, fine.id);
  auto l1 = add_cart_line(*server, c, sold_out.id);
  auto l2 = add_cart_line(*server, c, withdrawn.id);
  auto l3 = add_cart_line(*server, c, short_one.id, 3);
  auto l4 = add_cart_line(*server, c, gone.id);
  set_product_stock(*server, sold_out.id, 0);
  set_product_status(*server, withdrawn.id, "NotAvailable");
  set_product_stock(*server, short_one.id, 1);
  mark_product_deleted(*server, gone.id);
  // The client sends every cart line, priced as its cart shows them; the cart's total counts
  // only what can be bought.
  auto r =
      send(c, client_order(c,
                           {client_line(l0, fine.id, 1000), client_line(l1, sold_out.id, 2000),
                            client_line(l2, withdrawn.id, 3000),
                            client_line(l3, short_one.id, 4000), client_line(l4, gone.id, 5000)},
                           1000));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "out_of_stock");
  auto errors = r.json().at("errors").as_object();
  EXPECT_FALSE(errors.contains("orderItems[0].productId")) << r.body;
  EXPECT_FALSE(errors.contains("orderItems[0].quantity")) << r.body;
  EXPECT_TRUE(errors.contains("orderItems[1].quantity")) << r.body;
  EXPECT_TRUE(errors.contains("orderItems[2].productId")) << r.body;
  EXPECT_TRUE(errors.contains("orderItems[3].quantity")) << r.body;
  EXPECT_TRUE(errors.contains("orderItems[4].productId")) << r.body;
  EXPECT_EQ(errors.size(), 4u) << r.body;
  std::string m = r.message();
  EXPECT_NE(m.find(sold_out.title + " (out of stock)"), std::string::npos) << m;
  EXPECT_NE(m.find(withdrawn.title + " (not available)"), std::string::npos) << m;
  EXPECT_NE(m.find(short_one.title + " (only 1 left)"), std::string::npos) << m;
  EXPECT_NE(m.find("no longer sold"), std::string::npos) << m;
  EXPECT_EQ(m.find(fine.title + " ("), std::string::npos) << m;
  // Nothing changed: no stock taken, the cart is as it was.
  EXPECT_EQ(product_stock(*server, fine.id), 5);
  EXPECT_EQ(product_stock(*server, short_one.id), 1);
  for (const auto& l : {l0, l1, l2, l3, l4}) EXPECT_TRUE(cart_line_exists(*server, l));
  EXPECT_EQ(orders_count(*server, c), 0);

  // Without the unavailable lines the same client's order goes through.
  auto ok = send(c, client_order(c, {client_line(l0, fine.id, 1000)}, 1000));
  ASSERT_EQ(ok.status, 204) << ok.body;
}

// --- 11.2: courier delivery with its fee -------------------------------------------------------

class Compat_CheckoutCourier : public CompatSuite<Compat_CheckoutCourier> {
 public:
  static void prepare(TestServer& s) {
    CompatSuite<Compat_CheckoutCourier>::prepare(s);
    admin = std::make_unique<Actor>(make_actor(s, "Admin"));
  }
  static void finish() {
    admin.reset();
    CompatSuite<Compat_CheckoutCourier>::finish();
  }

 protected:
  static inline std::unique_ptr<Actor> admin;
  static std::string courier_method_id() {
    auto list = server->get("/api/delivery-methods/delivery-methods?includeCourier=true").json();
    for (const auto& m : list.as_array())
      if (m.at("courier").as_bool()) return str(m.at("id"));
    return "";
  }
};

TEST_F(Compat_CheckoutCourier, CashOrderChargesTheCourierFee) {
  auto c = customer();
  auto p = product(2080740, 5);
  auto cart = add_cart_line(*server, c, p.id);
  auto r = send(c, client_order(c, {client_line(cart, p.id, 2080740)}, 2080740 + 7000, kCourier));
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = details(c, r.headers["x-order-id"]);
  EXPECT_EQ(minor(d.at("price")), 2087740);
  EXPECT_EQ(minor(d.at("itemsTotal")), 2080740);
  EXPECT_EQ(minor(d.at("deliveryFee")), 7000);
  EXPECT_EQ(d.at("deliveryMethodName"), "Адресна доставка кур'єром");
  EXPECT_EQ(d.at("deliveryOption"), 2);
  EXPECT_TRUE(d.at("deliveryNumber").is_null());
  EXPECT_EQ(d.at("deliveryCity"), "Dnipro");
  EXPECT_EQ(d.at("deliveryStreet"), "Yavornytskoho");
  EXPECT_EQ(d.at("deliveryHouseNumber"), 62);
  auto raw = server->get("/api/orders/" + r.headers["x-order-id"] + "/details", c.token).body;
  EXPECT_NE(raw.find(R"("deliveryFee":70.00)"), std::string::npos) << raw;
  auto list = server->get("/api/orders/" + c.profile_id, c.token).json().as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("deliveryInfo").at("option"), 2);
  EXPECT_EQ(minor(list[0].at("price")), 2087740);
}

TEST_F(Compat_CheckoutCourier, CardPaymentIncludesTheFee) {
  auto c = customer();
  auto p = product(45999, 5);
  auto cart = add_cart_line(*server, c, p.id, 2);
  auto r = send(c, client_order(c, {client_line(cart, p.id, 45999)}, 2 * 45999 + 7000, kCourier),
                "/api/orders/with-payment");
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json();
  EXPECT_EQ(minor(v.at("totalAmount")), 98998);
  std::string secret = str(v.at("clientSecret"));
  auto amount = provider_intent(*server, secret.substr(0, secret.find("_secret_")))
                    .at("amount")
                    .to_number<int64_t>();
  EXPECT_EQ(amount, 98998) << "the PaymentIntent charges items and delivery";
  EXPECT_EQ(minor(details(c, str(v.at("orderId"))).at("deliveryFee")), 7000);
}

TEST_F(Compat_CheckoutCourier, WithoutTheFeeThePriceIsShownBack) {
  auto c = customer();
  auto p = product(1000, 5);
  auto cart = add_cart_line(*server, c, p.id);
  auto r = send(c, client_order(c, {client_line(cart, p.id, 1000)}, 1000, kCourier));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "price_changed");
  EXPECT_TRUE(r.json().at("errors").as_object().contains("order.price")) << r.body;
  EXPECT_NE(r.body.find(R"("deliveryFee":70.00)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("price":80.00)"), std::string::npos) << r.body;
  EXPECT_NE(r.message().find("70.00 for delivery"), std::string::npos) << r.message();
  EXPECT_EQ(product_stock(*server, p.id), 5);
  EXPECT_TRUE(cart_line_exists(*server, cart));
}

TEST_F(Compat_CheckoutCourier, CourierNeedsAnAddress) {
  auto c = customer();
  auto p = product(1000, 5);
  std::string body = client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 8000, kCourier);
  auto r = send(c, replace_all(body, R"("deliveryInfoStreet": "Yavornytskoho")",
                               R"("deliveryInfoStreet": "")"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(r.json().at("errors").as_object().contains("order.deliveryInfoStreet")) << r.body;
  r = send(c, replace_all(body, R"("deliveryInfoHouseNumber": 62,)", ""));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(r.json().at("errors").as_object().contains("order.deliveryInfoHouseNumber"))
      << r.body;
  EXPECT_EQ(product_stock(*server, p.id), 5);
}

TEST_F(Compat_CheckoutCourier, AdminsSetTheFeeOfEveryMethod) {
  std::string id = courier_method_id();
  ASSERT_FALSE(id.empty());
  auto bad = server->patch("/api/delivery-methods/" + id, json::object{{"fee", -1}}, admin->token);
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto c = customer();
  EXPECT_EQ(server->patch("/api/delivery-methods/" + id, json::object{{"fee", 1}}, c.token).status,
            403);
  auto r = server->patch("/api/delivery-methods/" + id, json::object{{"fee", 85.5}}, admin->token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("fee":85.50)"), std::string::npos) << r.body;
  EXPECT_EQ(r.json().at("courier"), true);

  auto p = product(1000, 5);
  auto old_fee = send(c, client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 8000, kCourier));
  EXPECT_EQ(old_fee.status, 409) << old_fee.body;
  auto new_fee = send(c, client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 9550, kCourier));
  EXPECT_EQ(new_fee.status, 204) << new_fee.body;

  // A pick-up service may charge too; a new method states its fee and kind.
  auto m =
      server->post("/api/delivery-methods",
                   json::object{{"name", "Express " + new_uuid_v7().substr(24)}, {"fee", "120.00"}},
                   admin->token);
  ASSERT_EQ(m.status, 201) << m.body;
  EXPECT_EQ(minor(m.json().at("fee")), 12000);
  EXPECT_EQ(m.json().at("courier"), false);
  ASSERT_EQ(
      server->patch("/api/delivery-methods/" + id, json::object{{"fee", 70}}, admin->token).status,
      200);
}

// --- 11.3: Ukrposhta departments under option 1 ---------------------------------------------

class Compat_CheckoutUkrposhta : public CompatSuite<Compat_CheckoutUkrposhta> {};

TEST_F(Compat_CheckoutUkrposhta, OptionOneWithADepartmentNumberIsThatDepartment) {
  auto c = customer();
  auto p = product(1000, 5);
  auto cart = add_cart_line(*server, c, p.id);
  auto r = send(c, client_order(c, {client_line(cart, p.id, 1000)}, 1000, kUkrposhtaDepartment));
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = details(c, r.headers["x-order-id"]);
  EXPECT_EQ(d.at("deliveryMethodName"), "Ukrposhta");
  EXPECT_EQ(d.at("deliveryNumber"), 49000);
  EXPECT_EQ(d.at("deliveryCity"), "Dnipro");
  EXPECT_EQ(d.at("deliveryStreet"), "Yavornytskoho");
  EXPECT_EQ(d.at("deliveryOption"), 0) << "what was chosen: a department";
  EXPECT_EQ(minor(d.at("deliveryFee")), 0);
  EXPECT_EQ(product_stock(*server, p.id), 4);
}

TEST_F(Compat_CheckoutUkrposhta, APostMachineNumberIsThatPostMachine) {
  auto c = customer();
  auto p = product(1000, 5);
  std::string body =
      client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 1000, kUkrposhtaDepartment);
  auto r = send(c, replace_all(body, "49000", "502"));
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = details(c, r.headers["x-order-id"]);
  EXPECT_EQ(d.at("deliveryNumber"), 502);
  EXPECT_EQ(d.at("deliveryStreet"), "Hlinky") << "the post machine's own address";
  EXPECT_EQ(d.at("deliveryOption"), 1);
}

TEST_F(Compat_CheckoutUkrposhta, AnUnknownNumberNamesBothKinds) {
  auto c = customer();
  auto p = product(1000, 5);
  std::string body =
      client_order(c, {client_line(new_uuid_v7(), p.id, 1000)}, 1000, kUkrposhtaDepartment);
  auto r = send(c, replace_all(body, "49000", "49001"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("errors").at("order.deliveryInfoNumber").as_array()[0],
            "there is no department or post machine 49001 of Ukrposhta in Dnipro");
  EXPECT_EQ(product_stock(*server, p.id), 5);
}

TEST_F(Compat_CheckoutUkrposhta, WhenBothKindsShareANumberTheClientMayNameTheKind) {
  auto admin = make_actor(*server, "Admin");
  std::string name = "Both " + new_uuid_v7().substr(24);
  auto m = server->post("/api/delivery-methods", json::object{{"name", name}}, admin.token);
  ASSERT_EQ(m.status, 201) << m.body;
  auto city = server->post("/api/delivery-methods/" + str(m.json().at("id")) + "/cities",
                           json::object{{"name", "Poltava"}}, admin.token);
  ASSERT_EQ(city.status, 201) << city.body;
  std::string city_path = "/api/delivery-methods/cities/" + str(city.json().at("id"));
  ASSERT_EQ(server
                ->post(city_path + "/departments",
                       json::object{{"number", 7}, {"street", "Soborna"}, {"houseNumber", 1}},
                       admin.token)
                .status,
            201);
  ASSERT_EQ(server
                ->post(city_path + "/post-machines",
                       json::object{{"number", 7}, {"street", "Zhovtneva"}, {"houseNumber", 2}},
                       admin.token)
                .status,
            201);
  auto c = customer();
  auto p = product(1000, 5);
  auto body = order_body(c, {{p.id, 1, 1000}});
  auto& o = body["order"].as_object();
  o["deliveryMethodName"] = name;
  o["deliveryInfoCity"] = "Poltava";
  o["deliveryInfoNumber"] = 7;
  o["deliveryOption"] = 1;
  auto r = place(*server, c, body);
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(details(c, r.headers["x-order-id"]).at("deliveryStreet"), "Soborna")
      << "a client of Wolfix.Server means a department";
  o["deliveryPoint"] = "PostMachine";
  r = place(*server, c, body);
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = details(c, r.headers["x-order-id"]);
  EXPECT_EQ(d.at("deliveryStreet"), "Zhovtneva");
  EXPECT_EQ(d.at("deliveryOption"), 1);
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
