// Reading orders (customer list, details, seller lines) and changing them (delivery status,
// cancellation), with the history each change leaves.
#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class OrderFulfilmentTest : public ServerSuite<OrderFulfilmentTest> {
 public:
  static void prepare(TestServer&) {
    seed_delivery(*server);
    seller = new Actor(make_actor(*server, "Seller"));
    other_seller = new Actor(make_actor(*server, "Seller"));
    admin = new Actor(make_actor(*server, "Admin"));
  }
  static void finish() {
    delete admin;
    delete other_seller;
    delete seller;
  }

 protected:
  static Actor* seller;
  static Actor* other_seller;
  static Actor* admin;

  // Places an order of `p` x quantity and returns its id.
  std::string order(const Actor& c, const TestProduct& p, int64_t quantity = 1,
                    int64_t bonuses = 0) {
    auto r = place(*server, c, order_body(c, {{p.id, quantity, p.price_minor}}, bonuses));
    EXPECT_EQ(r.status, 204) << r.body;
    return r.headers["x-order-id"];
  }
  Reply set_status(const std::string& order_id, int status, const Actor& who) {
    return server->patch("/api/orders/" + order_id + "/delivery-status",
                         json::object{{"status", status}}, who.token);
  }
  json::object details(const std::string& order_id, const Actor& who) {
    auto r = server->get("/api/orders/" + order_id + "/details", who.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
};
Actor* OrderFulfilmentTest::seller = nullptr;
Actor* OrderFulfilmentTest::other_seller = nullptr;
Actor* OrderFulfilmentTest::admin = nullptr;

TEST_F(OrderFulfilmentTest, SellerMovesTheOrderForwardOnly) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto id = order(c, p);

  EXPECT_EQ(set_status(id, 2, *seller).status, 409) << "Preparing cannot jump to Delivered";
  auto sent = set_status(id, 1, *seller);
  EXPECT_EQ(sent.status, 204) << sent.body;
  EXPECT_EQ(set_status(id, 1, *seller).status, 204) << "the same status again is a no-op";
  auto back = set_status(id, 0, *seller);
  EXPECT_EQ(back.status, 409);
  EXPECT_EQ(back.code(), "illegal_transition");
  EXPECT_EQ(set_status(id, 3, *seller).status, 409) << "an order on its way cannot be cancelled";
  EXPECT_EQ(set_status(id, 2, *seller).status, 204);
  EXPECT_EQ(set_status(id, 1, *seller).status, 409);

  auto d = details(id, c);
  EXPECT_EQ(d.at("deliveryStatus"), 2);
  EXPECT_EQ(d.at("paymentStatus"), 2) << "cash is collected on delivery";
  auto history = d.at("history").as_array();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[0].at("what"), "placed");
  EXPECT_EQ(history[0].at("actorRole"), "Customer");
  EXPECT_EQ(str(history[0].at("actorId")), c.profile_id);
  EXPECT_EQ(history[1].at("what"), "deliveryStatus");
  EXPECT_EQ(history[1].at("from"), 0);
  EXPECT_EQ(history[1].at("to"), 1);
  EXPECT_EQ(history[1].at("actorRole"), "Seller");
  EXPECT_EQ(str(history[1].at("actorId")), seller->profile_id);
  EXPECT_TRUE(history[1].at("at").is_string());
  EXPECT_EQ(history[2].at("to"), 2);
  EXPECT_EQ(history[3].at("what"), "paymentStatus");
  EXPECT_EQ(history[3].at("from"), 0);
  EXPECT_EQ(history[3].at("to"), 2);
}

TEST_F(OrderFulfilmentTest, OnlyTheOrdersSellersOrAnAdminChangeDelivery) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto id = order(c, p);
  auto stranger = set_status(id, 1, *other_seller);
  EXPECT_EQ(stranger.status, 403);
  EXPECT_EQ(stranger.code(), "not_owner");
  EXPECT_EQ(set_status(id, 1, c).status, 403) << "customers do not ship";
  auto by_admin = set_status(id, 1, *admin);
  EXPECT_EQ(by_admin.status, 204) << by_admin.body;
  EXPECT_EQ(details(id, c).at("history").as_array().back().at("actorRole"), "Admin");
}

TEST_F(OrderFulfilmentTest, BadDeliveryStatusRequests) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto id = order(c, p);
  EXPECT_EQ(set_status(id, 4, *seller).status, 400);
  EXPECT_EQ(set_status(id, -1, *seller).status, 400);
  EXPECT_EQ(
      server->patch("/api/orders/" + id + "/delivery-status", json::object{}, seller->token).status,
      400);
  EXPECT_EQ(set_status(new_uuid_v7(), 1, *seller).status, 404);
  EXPECT_EQ(
      server->patch("/api/orders/nope/delivery-status", json::object{{"status", 1}}, seller->token)
          .status,
      400);
  EXPECT_EQ(
      server->patch("/api/orders/" + id + "/delivery-status", json::object{{"status", 1}}).status,
      401);
}

TEST_F(OrderFulfilmentTest, CancellingReleasesStockAndReturnsBonuses) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  set_bonuses(*server, c, 700);
  auto id = order(c, p, 3, 500);
  EXPECT_EQ(product_stock(*server, p.id), 2);
  EXPECT_EQ(bonuses_of(*server, c), 200);

  auto r = server->request("POST", "/api/orders/" + id + "/cancel",
                           json::serialize(json::object{{"reason", "changed my mind"}}), c.token);
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(product_stock(*server, p.id), 5);
  EXPECT_EQ(bonuses_of(*server, c), 700);
  auto d = details(id, c);
  EXPECT_EQ(d.at("deliveryStatus"), 3);
  EXPECT_EQ(d.at("paymentStatus"), 0);
  auto& last = d.at("history").as_array().back();
  EXPECT_EQ(last.at("from"), 0);
  EXPECT_EQ(last.at("to"), 3);
  EXPECT_EQ(last.at("note"), "changed my mind");

  // A second cancel changes nothing (no double release).
  EXPECT_EQ(server->request("POST", "/api/orders/" + id + "/cancel", "", c.token).status, 204);
  EXPECT_EQ(product_stock(*server, p.id), 5);
  EXPECT_EQ(bonuses_of(*server, c), 700);
  EXPECT_EQ(set_status(id, 1, *seller).status, 409) << "a cancelled order does not ship";
}

TEST_F(OrderFulfilmentTest, OnlyTheOwnerCancelsAndOnlyWhilePreparing) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto id = order(c, p);
  auto theirs = server->request("POST", "/api/orders/" + id + "/cancel", "", other.token);
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(server->request("POST", "/api/orders/" + new_uuid_v7() + "/cancel", "", c.token).status,
            404);
  EXPECT_EQ(server->request("POST", "/api/orders/" + id + "/cancel", "", seller->token).status, 403)
      << "the customer route";
  ASSERT_EQ(set_status(id, 1, *seller).status, 204);
  auto late = server->request("POST", "/api/orders/" + id + "/cancel", "", c.token);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.code(), "cannot_cancel");
  EXPECT_EQ(product_stock(*server, p.id), 4);
}

TEST_F(OrderFulfilmentTest, SellerMayCancelAPreparingOrder) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto id = order(c, p, 2);
  EXPECT_EQ(set_status(id, 3, *other_seller).status, 403);
  EXPECT_EQ(set_status(id, 3, *seller).status, 204);
  EXPECT_EQ(product_stock(*server, p.id), 5);
}

TEST_F(OrderFulfilmentTest, DetailsForOwnerSellerAndAdminOnly) {
  auto c = make_actor(*server, "Customer");
  auto stranger = make_actor(*server, "Customer");
  auto mine = make_product(*server, *seller, 1000, 5);
  auto theirs = make_product(*server, *other_seller, 2500, 5);
  auto r = place(*server, c, order_body(c, {{mine.id, 2, 1000}, {theirs.id, 1, 2500}}));
  ASSERT_EQ(r.status, 204) << r.body;
  std::string id = r.headers["x-order-id"];

  auto owner = details(id, c);
  EXPECT_EQ(owner.at("orderItems").as_array().size(), 2u);
  EXPECT_EQ(minor(owner.at("price")), 4500);
  EXPECT_EQ(str(owner.at("number")), r.headers["x-order-number"]);
  EXPECT_EQ(str(owner.at("customerId")), c.profile_id);
  EXPECT_EQ(owner.at("deliveryNumber"), 1);
  EXPECT_EQ(owner.at("deliveryCity"), "Kyiv");
  EXPECT_EQ(owner.at("deliveryMethodName"), "Nova Poshta");
  EXPECT_EQ(owner.at("currency"), "uah");

  auto as_seller = details(id, *seller);
  auto lines = as_seller.at("orderItems").as_array();
  ASSERT_EQ(lines.size(), 1u) << "a seller sees only their lines";
  EXPECT_EQ(str(lines[0].at("productId")), mine.id);
  EXPECT_EQ(minor(as_seller.at("price")), 2000);

  auto as_admin = details(id, *admin);
  EXPECT_EQ(as_admin.at("orderItems").as_array().size(), 2u);
  auto super = make_actor(*server, "SuperAdmin");
  EXPECT_EQ(server->get("/api/orders/" + id + "/details", super.token).status, 200);

  EXPECT_EQ(server->get("/api/orders/" + id + "/details", stranger.token).status, 403);
  auto seller3 = make_actor(*server, "Seller");
  EXPECT_EQ(server->get("/api/orders/" + id + "/details", seller3.token).status, 403);
  auto support = make_actor(*server, "Support");
  EXPECT_EQ(server->get("/api/orders/" + id + "/details", support.token).status, 403);
  EXPECT_EQ(server->get("/api/orders/" + id + "/details").status, 401);
  EXPECT_EQ(server->get("/api/orders/" + new_uuid_v7() + "/details", c.token).status, 404);
  EXPECT_EQ(server->get("/api/orders/xyz/details", c.token).status, 400);
}

TEST_F(OrderFulfilmentTest, CustomerListIsOwnNewestFirstAndPaged) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 50);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(order(c, p));
    server->clock().advance_ms(1000);
  }
  order(other, p);

  auto all = server->get("/api/orders/" + c.profile_id, c.token);
  ASSERT_EQ(all.status, 200);
  auto list = all.json().as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(str(list[0].at("id")), ids[2]);
  EXPECT_EQ(str(list[2].at("id")), ids[0]);

  auto page2 = server->get("/api/orders/" + c.profile_id + "?page=2&pageSize=2", c.token);
  ASSERT_EQ(page2.status, 200);
  ASSERT_TRUE(page2.json().is_array());
  ASSERT_EQ(page2.json().as_array().size(), 1u);
  EXPECT_EQ(str(page2.json().as_array()[0].at("id")), ids[0]);
  EXPECT_EQ(server->get("/api/orders/" + c.profile_id + "?page=9&pageSize=2", c.token)
                .json()
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(server->get("/api/orders/" + c.profile_id + "?pageSize=0", c.token).status, 400);
  EXPECT_EQ(server->get("/api/orders/" + c.profile_id + "?page=0", c.token).status, 400);

  auto theirs = server->get("/api/orders/" + other.profile_id, c.token);
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(theirs.code(), "not_owner");
  EXPECT_EQ(server->get("/api/orders/" + c.profile_id, seller->token).status, 403);
  EXPECT_EQ(server->get("/api/orders/" + c.profile_id).status, 401);
  auto fresh = make_actor(*server, "Customer");
  auto none = server->get("/api/orders/" + fresh.profile_id, fresh.token);
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "[]");
}

TEST_F(OrderFulfilmentTest, SellerSeesOnlyTheirOwnLines) {
  auto s = make_actor(*server, "Seller");
  auto c = make_actor(*server, "Customer");
  auto mine = make_product(*server, s, 1999, 10);
  auto theirs = make_product(*server, *other_seller, 500, 10);
  auto r = place(*server, c, order_body(c, {{mine.id, 3, 1999}, {theirs.id, 1, 500}}));
  ASSERT_EQ(r.status, 204) << r.body;
  server->clock().advance_ms(1000);
  auto second = order(c, mine, 1);

  auto got = server->get("/api/orders/sellers/" + s.profile_id, s.token);
  ASSERT_EQ(got.status, 200) << got.body;
  auto lines = got.json().as_array();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(str(lines[0].at("orderId")), second) << "newest first";
  auto& older = lines[1].as_object();
  EXPECT_EQ(str(older.at("title")), mine.title);
  EXPECT_EQ(minor(older.at("price")), 1999);
  EXPECT_EQ(older.at("quantity"), 3);
  EXPECT_TRUE(older.contains("photoUrl"));
  EXPECT_TRUE(older.contains("id"));
  EXPECT_EQ(str(older.at("orderId")), r.headers["x-order-id"]);
  EXPECT_EQ(str(older.at("orderNumber")), r.headers["x-order-number"]);
  EXPECT_EQ(older.at("deliveryStatus"), 0);

  auto paged = server->get("/api/orders/sellers/" + s.profile_id + "?pageSize=1", s.token);
  EXPECT_EQ(paged.json().as_array().size(), 1u);
  EXPECT_EQ(server->get("/api/orders/sellers/" + other_seller->profile_id, s.token).status, 403);
  EXPECT_EQ(server->get("/api/orders/sellers/" + s.profile_id, c.token).status, 403);
}

}  // namespace
}  // namespace wolfix::test
