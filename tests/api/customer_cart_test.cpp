// The cart: add (with quantity, merging into one line per product), list with current prices,
// change a line's quantity, remove; stock and availability rules; ownership.
#include <thread>

#include "catalog_api_helpers.hpp"
#include "catalog_fixtures.hpp"
#include "common/uuid.hpp"
#include "fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class CustomerCartTest : public ShopSuite<CustomerCartTest> {
 protected:
  Reply add(const Actor& c, const std::string& product_id, std::optional<int> quantity = {}) {
    json::object body{{"customerId", c.profile_id}, {"productId", product_id}};
    if (quantity) body["quantity"] = *quantity;
    return server->post("/api/customers/cart-items", body, c.token);
  }
  json::value cart(const Actor& c) {
    auto r = server->get("/api/customers/cart-items/" + c.profile_id, c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  const json::array& items(const json::value& cart) { return cart.at("items").as_array(); }
};

TEST_F(CustomerCartTest, AddThenListWithServerComputedPrices) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 19999, 10, 10);  // 199.99 with 10% off = 179.99
  auto r = add(c, p.id, 2);
  ASSERT_EQ(r.status, 204) << r.body;

  auto v = cart(c);
  ASSERT_EQ(items(v).size(), 1u);
  const auto& line = items(v)[0];
  EXPECT_FALSE(line.at("id").as_string().empty());
  EXPECT_EQ(line.at("productId"), p.id.c_str());
  EXPECT_EQ(line.at("sellerId"), seller->profile_id.c_str());
  EXPECT_EQ(line.at("title"), p.title.c_str());
  EXPECT_TRUE(line.at("photoUrl").is_null());
  EXPECT_DOUBLE_EQ(num(line.at("price")), 179.99);
  EXPECT_EQ(line.at("quantity"), 2);
  EXPECT_DOUBLE_EQ(num(line.at("totalPrice")), 359.98);
  EXPECT_EQ(line.at("available"), true);
  EXPECT_EQ(line.at("availability"), "Available");
  EXPECT_EQ(line.at("stock"), 10);
  EXPECT_EQ(v.at("customerId"), c.profile_id.c_str());
  EXPECT_DOUBLE_EQ(num(v.at("bonusesAmount")), 0);
  EXPECT_DOUBLE_EQ(num(v.at("totalCartPriceWithoutBonuses")), 359.98);
  // Money is written as exact decimals.
  auto raw = server->get("/api/customers/cart-items/" + c.profile_id, c.token).body;
  EXPECT_NE(raw.find("\"totalCartPriceWithoutBonuses\":359.98"), std::string::npos) << raw;
}

TEST_F(CustomerCartTest, EmptyCart) {
  auto c = make_actor(*server, "Customer");
  auto v = cart(c);
  EXPECT_TRUE(items(v).empty());
  EXPECT_DOUBLE_EQ(num(v.at("totalCartPriceWithoutBonuses")), 0);
}

TEST_F(CustomerCartTest, AddingTheSameProductAgainIncreasesTheQuantity) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 10);
  ASSERT_EQ(add(c, p.id).status, 204);  // quantity defaults to 1
  ASSERT_EQ(add(c, p.id, 3).status, 204);
  auto v = cart(c);
  ASSERT_EQ(items(v).size(), 1u);
  EXPECT_EQ(items(v)[0].at("quantity"), 4);
  EXPECT_DOUBLE_EQ(num(v.at("totalCartPriceWithoutBonuses")), 40.00);
}

TEST_F(CustomerCartTest, ConcurrentAddsMeetOnOneLine) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 500, 100);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (add(c, p.id, 2).status == 204) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  auto v = cart(c);
  ASSERT_EQ(items(v).size(), 1u);
  EXPECT_EQ(items(v)[0].at("quantity"), 16);
}

TEST_F(CustomerCartTest, CartQuantityCannotExceedStock) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 3);
  ASSERT_EQ(add(c, p.id, 2).status, 204);
  auto r = add(c, p.id, 2);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "out_of_stock");
  EXPECT_EQ(items(cart(c))[0].at("quantity"), 2);  // the failed add changed nothing
  EXPECT_EQ(add(c, p.id, 1).status, 204);
  auto first = add(make_actor(*server, "Customer"), p.id, 4);
  EXPECT_EQ(first.status, 409);
  EXPECT_EQ(first.code(), "out_of_stock");
}

TEST_F(CustomerCartTest, UnbuyableProductsAreRefusedWithTheRightStatus) {
  auto c = make_actor(*server, "Customer");
  auto empty = make_product(*server, *seller, 1000, 0);
  auto r = add(c, empty.id);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "out_of_stock");

  ProductSpec spec;
  spec.status = "NotAvailable";
  auto off = make_product(*server, *seller, spec);
  r = add(c, off.id);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "product_unavailable");

  auto gone = make_product(*server, *seller, 1000, 5);
  mark_product_deleted(*server, gone.id);
  r = add(c, gone.id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "product_not_found");

  auto unknown = new_uuid_v7();
  r = add(c, unknown);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.message(), "Product with id: " + unknown + " not found");
  EXPECT_TRUE(items(cart(c)).empty());
}

TEST_F(CustomerCartTest, BadInputIs400) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  EXPECT_EQ(add(c, p.id, 0).status, 400);
  EXPECT_EQ(add(c, p.id, -1).status, 400);
  EXPECT_EQ(add(c, p.id, 10001).status, 400);
  EXPECT_EQ(add(c, "not-a-guid").status, 400);
  auto r = server->post("/api/customers/cart-items", json::object{{"productId", p.id}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().at("errors").as_object().count("customerId"), 1u);
  r = server->post(
      "/api/customers/cart-items",
      json::object{{"customerId", c.profile_id}, {"productId", p.id}, {"quantity", "x"}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(server->request("POST", "/api/customers/cart-items", "{nope", c.token).status, 400);
  EXPECT_TRUE(items(cart(c)).empty());
}

TEST_F(CustomerCartTest, OnlyTheOwnerMayUseACart) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  json::object body{{"customerId", other.profile_id}, {"productId", p.id}};
  auto r = server->post("/api/customers/cart-items", body, c.token);
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(items(cart(other)).empty());
  EXPECT_EQ(server->get("/api/customers/cart-items/" + other.profile_id, c.token).status, 403);
  EXPECT_EQ(server->get("/api/customers/cart-items/" + c.profile_id).status, 401);
  EXPECT_EQ(server->get("/api/customers/cart-items/" + c.profile_id, seller->token).status, 403);
  EXPECT_EQ(server->post("/api/customers/cart-items", body, seller->token).status, 403);
  EXPECT_EQ(server->get("/api/customers/cart-items/nope", c.token).status, 400);
}

TEST_F(CustomerCartTest, UnknownCustomerIs404) {
  auto c = make_actor(*server, "Customer");
  auto ghost_id = new_uuid_v7();
  auto ghost = token_for(*server, c, "Customer", ghost_id);
  auto p = make_product(*server, *seller);
  EXPECT_EQ(server->get("/api/customers/cart-items/" + ghost_id, ghost).status, 404);
  auto r = server->post("/api/customers/cart-items",
                        json::object{{"customerId", ghost_id}, {"productId", p.id}}, ghost);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "customer_not_found");
}

TEST_F(CustomerCartTest, ListingShowsCurrentPricesAndAvailability) {
  auto c = make_actor(*server, "Customer");
  auto a = make_product(*server, *seller, 1000, 5);
  auto b = make_product(*server, *seller, 2000, 5);
  auto d = make_product(*server, *seller, 3000, 5);
  auto e = make_product(*server, *seller, 4000, 5);
  ASSERT_EQ(add(c, a.id, 2).status, 204);
  ASSERT_EQ(add(c, b.id, 1).status, 204);
  ASSERT_EQ(add(c, d.id, 1).status, 204);
  ASSERT_EQ(add(c, e.id, 3).status, 204);
  set_product_price(*server, a.id, 1500);  // the cart follows the catalog, not the add time
  set_product_stock(*server, b.id, 0);
  mark_product_deleted(*server, d.id);
  set_product_stock(*server, e.id, 2);

  auto v = cart(c);
  ASSERT_EQ(items(v).size(), 4u);
  EXPECT_DOUBLE_EQ(num(items(v)[0].at("price")), 15.00);
  EXPECT_DOUBLE_EQ(num(items(v)[0].at("totalPrice")), 30.00);
  EXPECT_EQ(items(v)[1].at("availability"), "OutOfStock");
  EXPECT_EQ(items(v)[1].at("available"), false);
  EXPECT_EQ(items(v)[2].at("availability"), "Removed");
  EXPECT_EQ(items(v)[3].at("availability"), "InsufficientStock");
  EXPECT_EQ(items(v)[3].at("stock"), 2);
  // Only what can be bought now is in the total.
  EXPECT_DOUBLE_EQ(num(v.at("totalCartPriceWithoutBonuses")), 30.00);
}

TEST_F(CustomerCartTest, DiscountsCountOnlyWhileActive) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 10000, 5, 25);
  ASSERT_EQ(add(c, p.id).status, 204);
  EXPECT_DOUBLE_EQ(num(items(cart(c))[0].at("price")), 75.00);
  probe().set_discount_expiry(p.id, server->clock().now_ms() - 1);
  EXPECT_DOUBLE_EQ(num(items(cart(c))[0].at("price")), 100.00);
}

TEST_F(CustomerCartTest, ChangeALinesQuantity) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  ASSERT_EQ(add(c, p.id).status, 204);
  ASSERT_EQ(add(other, p.id).status, 204);
  std::string line = std::string(items(cart(c))[0].at("id").as_string());
  std::string others_line = std::string(items(cart(other))[0].at("id").as_string());
  std::string path = "/api/customers/cart-items/" + c.profile_id + "/" + line;

  auto r = server->patch(path, json::object{{"quantity", 5}}, c.token);
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(items(cart(c))[0].at("quantity"), 5);

  r = server->patch(path, json::object{{"quantity", 6}}, c.token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "out_of_stock");
  EXPECT_EQ(server->patch(path, json::object{{"quantity", 0}}, c.token).status, 400);
  EXPECT_EQ(server->patch(path, json::object{}, c.token).status, 400);
  EXPECT_EQ(server
                ->patch("/api/customers/cart-items/" + c.profile_id + "/" + new_uuid_v7(),
                        json::object{{"quantity", 1}}, c.token)
                .status,
            404);
  // Another customer's line, through one's own path, is simply not there.
  EXPECT_EQ(server
                ->patch("/api/customers/cart-items/" + c.profile_id + "/" + others_line,
                        json::object{{"quantity", 2}}, c.token)
                .status,
            404);
  EXPECT_EQ(server
                ->patch("/api/customers/cart-items/" + other.profile_id + "/" + others_line,
                        json::object{{"quantity", 2}}, c.token)
                .status,
            403);
  EXPECT_EQ(items(cart(other))[0].at("quantity"), 1);

  set_product_status(*server, p.id, "NotAvailable");
  r = server->patch(path, json::object{{"quantity", 1}}, c.token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "product_unavailable");
  mark_product_deleted(*server, p.id);
  r = server->patch(path, json::object{{"quantity", 1}}, c.token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "product_unavailable");
}

TEST_F(CustomerCartTest, RemoveALine) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  ASSERT_EQ(add(c, p.id).status, 204);
  ASSERT_EQ(add(other, p.id).status, 204);
  std::string line = std::string(items(cart(c))[0].at("id").as_string());
  std::string others_line = std::string(items(cart(other))[0].at("id").as_string());

  EXPECT_EQ(
      server->del("/api/customers/cart-items/" + other.profile_id + "/" + others_line, c.token)
          .status,
      403);
  EXPECT_EQ(
      server->del("/api/customers/cart-items/" + c.profile_id + "/" + others_line, c.token).status,
      404);
  EXPECT_EQ(server->del("/api/customers/cart-items/" + c.profile_id + "/bad", c.token).status, 400);
  EXPECT_EQ(items(cart(other)).size(), 1u);

  EXPECT_EQ(server->del("/api/customers/cart-items/" + c.profile_id + "/" + line, c.token).status,
            204);
  EXPECT_TRUE(items(cart(c)).empty());
  auto again = server->del("/api/customers/cart-items/" + c.profile_id + "/" + line, c.token);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.code(), "cart_item_not_found");
}

}  // namespace
}  // namespace wolfix::test
