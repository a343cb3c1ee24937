// A seller's own profile and categories; SuperAdmin's seller list and removal.
#include "catalog_api_helpers.hpp"
#include "catalog_fixtures.hpp"
#include "common/clock.hpp"
#include "common/uuid.hpp"
#include "fixtures.hpp"
#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

void give_category(TestServer& server, const Actor& seller, const TestCategory& c) {
  server.probe().allow_category(new_uuid_v7(), seller.profile_id, c.id, server.clock().now_ms(),
                                c.name);
}

class SellerProfileTest : public ProfileSuite<SellerProfileTest> {
 public:
  static constexpr const char* kBase = "/api/sellers/";
};

TEST_F(SellerProfileTest, ReadsTheWolfixShape) {
  auto s = make_actor(*server, "Seller");
  auto v = profile(s);
  EXPECT_EQ(v.at("id"), s.profile_id.c_str());
  EXPECT_TRUE(v.at("photoUrl").is_null());
  EXPECT_EQ(v.at("fullName").at("firstName"), "Taras");
  EXPECT_EQ(v.at("fullName").at("middleName"), "Hryhorovych");
  EXPECT_EQ(v.at("phoneNumber"), "+380671234567");
  EXPECT_EQ(v.at("address").at("city"), "Kyiv");
  EXPECT_EQ(v.at("address").at("street"), "Khreshchatyk");
  EXPECT_EQ(v.at("address").at("houseNumber"), 1);
  EXPECT_TRUE(v.at("address").at("apartmentNumber").is_null());
  EXPECT_EQ(v.at("birthDate"), "1990-03-09");
}

TEST_F(SellerProfileTest, OnlyOneself) {
  auto s = make_actor(*server, "Seller");
  auto other = make_actor(*server, "Seller");
  auto customer = make_actor(*server, "Customer");
  EXPECT_EQ(server->get(path(other), s.token).status, 403);
  EXPECT_EQ(server->get(path(other, "/categories"), s.token).status, 403);
  EXPECT_EQ(server->get(path(s), customer.token).status, 403);
  EXPECT_EQ(server->get(path(s)).status, 401);
  EXPECT_EQ(server->get("/api/sellers/nope", s.token).status, 400);
  for (const auto& [tail, body] : std::vector<std::pair<std::string, json::object>>{
           {"/full-name", {{"firstName", "A"}, {"lastName", "B"}}},
           {"/phone-number", {{"phoneNumber", "+380991112233"}}},
           {"/address", {{"city", "a"}, {"street", "b"}, {"houseNumber", 1}}},
           {"/birth-date", {{"birthDate", "2000-01-01"}}}}) {
    EXPECT_EQ(server->patch(path(other, tail), body, s.token).status, 403) << tail;
    EXPECT_EQ(server->patch(path(s, tail), body, customer.token).status, 403) << tail;
  }
  EXPECT_EQ(profile(other).at("fullName").at("firstName"), "Taras");
}

// A Seller token whose profile does not exist (or no longer does) does not carry the role.
TEST_F(SellerProfileTest, ATokenForNoSellerProfileIs403) {
  auto s = make_actor(*server, "Seller");
  auto ghost_id = new_uuid_v7();
  auto ghost = token_for(*server, s, "Seller", ghost_id);
  auto r = server->get("/api/sellers/" + ghost_id, ghost);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "wrong_role");
  EXPECT_EQ(server->get("/api/sellers/" + ghost_id + "/categories", ghost).status, 403);
  EXPECT_EQ(server
                ->patch("/api/sellers/" + ghost_id + "/phone-number",
                        json::object{{"phoneNumber", "+380991112233"}}, ghost)
                .status,
            403);
}

TEST_F(SellerProfileTest, ChangeEverything) {
  auto s = make_actor(*server, "Seller");
  auto r = server->patch(path(s, "/full-name"),
                         json::object{{"firstName", "Lina"}, {"lastName", "Kostenko"}}, s.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("middleName").is_null());
  r = server->patch(path(s, "/phone-number"), json::object{{"phoneNumber", "+380931234500"}},
                    s.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), "+380931234500");
  r = server->patch(path(s, "/address"),
                    json::object{{"city", "Odesa"},
                                 {"street", "Derybasivska"},
                                 {"houseNumber", 7},
                                 {"apartmentNumber", 2}},
                    s.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("city"), "Odesa");
  r = server->patch(path(s, "/birth-date"), json::object{{"birthDate", "1930-03-19"}}, s.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), "19-03-1930");

  auto v = profile(s);
  EXPECT_EQ(v.at("fullName").at("lastName"), "Kostenko");
  EXPECT_EQ(v.at("phoneNumber"), "+380931234500");
  EXPECT_EQ(v.at("address").at("apartmentNumber"), 2);
  EXPECT_EQ(v.at("birthDate"), "1930-03-19");
}

TEST_F(SellerProfileTest, InvalidChangesAre400AndChangeNothing) {
  auto s = make_actor(*server, "Seller");
  auto r = server->patch(path(s, "/full-name"), json::object{{"lastName", "B"}}, s.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "firstName cannot be null or empty");
  r = server->patch(path(s, "/phone-number"), json::object{{"phoneNumber", "+38067123456"}},
                    s.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "value is not valid");
  r = server->patch(path(s, "/address"),
                    json::object{{"city", "Kyiv"}, {"street", ""}, {"houseNumber", 1}}, s.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "street cannot be null or empty");
  r = server->patch(path(s, "/birth-date"), json::object{{"birthDate", "3000-01-01"}}, s.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "year cannot be in the future");
  EXPECT_EQ(server->request("PATCH", path(s, "/birth-date"), "", s.token).status, 400);
  auto v = profile(s);
  EXPECT_EQ(v.at("fullName").at("firstName"), "Taras");
  EXPECT_EQ(v.at("phoneNumber"), "+380671234567");
  EXPECT_EQ(v.at("address").at("street"), "Khreshchatyk");
  EXPECT_EQ(v.at("birthDate"), "1990-03-09");
}

TEST_F(SellerProfileTest, Categories) {
  auto s = make_actor(*server, "Seller");
  auto r = server->get(path(s, "/categories"), s.token);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json().as_array().empty());
  auto a = make_category(*server);
  auto b = make_category(*server);
  give_category(*server, s, a);
  give_category(*server, s, b);
  auto cats = server->get(path(s, "/categories"), s.token).json().as_array();
  ASSERT_EQ(cats.size(), 2u);
  EXPECT_EQ(cats[0].at("categoryId"), a.id.c_str());
  EXPECT_EQ(cats[0].at("name"), a.name.c_str());
  EXPECT_FALSE(cats[0].at("id").as_string().empty());
  EXPECT_EQ(cats[1].at("categoryId"), b.id.c_str());
}

// SuperAdmin's list, on a server of its own so the counts are known.
class SellerAdminTest : public ServerSuite<SellerAdminTest> {
 protected:
  static Reply page(const Actor& who, const std::string& tail) {
    return server->get("/api/sellers/page/" + tail, who.token);
  }
};

TEST_F(SellerAdminTest, PagesOfSellersWithTheirCategories) {
  auto super = make_actor(*server, "SuperAdmin");
  auto empty = page(super, "1");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json(),
            json::parse(R"({"currentPage":1,"totalPages":0,"totalItems":0,"items":[]})"));

  std::vector<Actor> sellers;
  for (int i = 0; i < 5; ++i) sellers.push_back(make_actor(*server, "Seller"));
  auto cat = make_category(*server);
  give_category(*server, sellers[0], cat);

  auto first = page(super, "1?pageSize=2");
  ASSERT_EQ(first.status, 200) << first.body;
  auto v = first.json();
  EXPECT_EQ(v.at("currentPage"), 1);
  EXPECT_EQ(v.at("totalPages"), 3);
  EXPECT_EQ(v.at("totalItems"), 5);
  ASSERT_EQ(v.at("items").as_array().size(), 2u);
  const auto& item = v.at("items").at(0);
  EXPECT_EQ(item.at("id"), sellers[0].profile_id.c_str());
  EXPECT_EQ(item.at("fullName").at("firstName"), "Taras");
  EXPECT_EQ(item.at("phoneNumber"), "+380671234567");
  EXPECT_EQ(item.at("address").at("city"), "Kyiv");
  EXPECT_EQ(item.at("birthDate"), "1990-03-09");
  EXPECT_EQ(item.at("categories"), json::array{json::string(cat.name)});
  EXPECT_TRUE(v.at("items").at(1).at("categories").as_array().empty());

  auto last = page(super, "3?pageSize=2").json();
  ASSERT_EQ(last.at("items").as_array().size(), 1u);
  EXPECT_EQ(last.at("items").at(0).at("id"), sellers[4].profile_id.c_str());
  auto beyond = page(super, "4?pageSize=2").json();
  EXPECT_EQ(beyond.at("currentPage"), 4);
  EXPECT_EQ(beyond.at("totalItems"), 5);
  EXPECT_TRUE(beyond.at("items").as_array().empty());
  EXPECT_EQ(page(super, "1").json().at("items").as_array().size(), 5u);  // pageSize 50

  EXPECT_EQ(page(super, "0").status, 400);
  EXPECT_EQ(page(super, "-1").status, 400);
  EXPECT_EQ(page(super, "x").status, 400);
  EXPECT_EQ(page(super, "1?pageSize=0").status, 400);
  EXPECT_EQ(page(super, "1?pageSize=101").status, 400);
  EXPECT_EQ(page(super, "1?pageSize=x").status, 400);
  EXPECT_EQ(page(make_actor(*server, "Admin"), "1").status, 403);
  EXPECT_EQ(page(sellers[0], "1").status, 403);
  EXPECT_EQ(server->get("/api/sellers/page/1").status, 401);
}

TEST_F(SellerAdminTest, RemovingASellerTakesTheirProductsOutOfTheCatalog) {
  auto super = make_actor(*server, "SuperAdmin");
  auto doomed = make_actor(*server, "Seller");
  auto other = make_actor(*server, "Seller");
  auto p1 = make_product(*server, doomed, 1000, 5);
  auto p2 = make_product(*server, doomed, 2000, 5);
  auto kept = make_product(*server, other, 3000, 5);
  auto customer = make_actor(*server, "Customer");
  ASSERT_EQ(server
                ->post("/api/customers/cart-items",
                       json::object{{"customerId", customer.profile_id}, {"productId", p1.id}},
                       customer.token)
                .status,
            204);
  int64_t total_before = page(super, "1?pageSize=100").json().at("totalItems").as_int64();

  EXPECT_EQ(server->del("/api/sellers/" + doomed.profile_id, doomed.token).status, 403);
  EXPECT_EQ(
      server->del("/api/sellers/" + doomed.profile_id, make_actor(*server, "Admin").token).status,
      403);
  EXPECT_EQ(server->del("/api/sellers/nope", super.token).status, 400);
  EXPECT_EQ(server->del("/api/sellers/" + new_uuid_v7(), super.token).status, 404);

  ASSERT_EQ(server->del("/api/sellers/" + doomed.profile_id, super.token).status, 204);
  auto deleted = [&](const std::string& id) { return probe().product_deleted(id); };
  EXPECT_TRUE(deleted(p1.id));
  EXPECT_TRUE(deleted(p2.id));
  EXPECT_FALSE(deleted(kept.id));
  bool has_role = probe().role_profile(doomed.account_id, "Seller").has_value();
  EXPECT_FALSE(has_role);
  // The old token still verifies, but no longer acts as a seller.
  EXPECT_EQ(server->get("/api/sellers/" + doomed.profile_id, doomed.token).status, 403);
  EXPECT_EQ(page(super, "1?pageSize=100").json().at("totalItems").as_int64(), total_before - 1);
  // Carts holding the products say so.
  auto cart =
      server->get("/api/customers/cart-items/" + customer.profile_id, customer.token).json();
  EXPECT_EQ(cart.at("items").at(0).at("availability"), "Removed");
  EXPECT_EQ(server->del("/api/sellers/" + doomed.profile_id, super.token).status, 404);
}

// Through the real routes, so the catalog's counters are the ones a shopper sees.
TEST_F(SellerAdminTest, RemovalUpdatesEveryListingAndEndsTheSellersToken) {
  seed_delivery(*server);
  auto super = make_actor(*server, "SuperAdmin");
  auto admin = make_actor(*server, "Admin");
  auto doomed = make_actor(*server, "Seller");
  auto staying = make_actor(*server, "Seller");
  auto customer = make_actor(*server, "Customer");
  auto c = api_category(*server, admin, "Leaving seller", {"Brand"});
  auto brand = [&](const std::string& v) {
    return "[{\"id\":\"" + c.attribute_ids[0] + "\",\"value\":\"" + v + "\"}]";
  };
  auto gone = api_product(*server, doomed, c.id, "Doomed one", "10", brand("Gone"));
  auto gone_too = api_product(*server, doomed, c.id, "Doomed two", "20", brand("Gone"));
  auto kept = api_product(*server, staying, c.id, "Staying", "30", brand("Kept"));
  ASSERT_FALSE(gone.empty() || gone_too.empty() || kept.empty());
  auto expires = iso8601_utc(server->clock().now_ms() + 3600'000);
  for (const auto& [id, who] : {std::pair{gone, &doomed}, std::pair{kept, &staying}})
    ASSERT_EQ(server
                  ->post("/api/products/product/" + id + "/discount",
                         json::object{{"percent", 10}, {"expirationDateTime", expires}}, who->token)
                  .status,
              204);
  TestProduct bought{gone_too, doomed.profile_id, c.id, "Doomed two", 2000, 5};
  auto placed = place(*server, customer, buy_body(customer, bought));
  ASSERT_EQ(placed.status, 204) << placed.body;
  auto order_id = placed.headers["x-order-id"];

  auto listing = [&] { return server->get("/api/products/category/" + c.id + "/page/1").json(); };
  auto discounted = [&] {
    return server->get("/api/products/with-discount/page/1?pageSize=100").json();
  };
  auto has = [](const json::value& page, const std::string& id) {
    for (const auto& i : page.at("items").as_array())
      if (i.at("id") == id) return true;
    return false;
  };
  auto values = [&] {
    auto r = server->get("/api/categories/child/" + c.id + "/attributes-with-values");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at(0).at("values");
  };
  // Read (and so cache) every listing first: the removal must not leave stale pages behind.
  EXPECT_EQ(listing().at("totalItems"), 3);
  auto discount_before = discounted();
  EXPECT_TRUE(has(discount_before, gone));
  EXPECT_EQ(values(), (json::array{"Gone", "Kept"}));

  ASSERT_EQ(server->del("/api/sellers/" + doomed.profile_id, super.token).status, 204);

  auto after = listing();
  EXPECT_EQ(after.at("totalItems"), 1);
  EXPECT_EQ(after.at("items").as_array().size(), 1u);
  EXPECT_TRUE(has(after, kept));
  auto discount_after = discounted();
  EXPECT_FALSE(has(discount_after, gone));
  EXPECT_TRUE(has(discount_after, kept));
  EXPECT_EQ(discount_after.at("totalItems").as_int64(),
            discount_before.at("totalItems").as_int64() - 1);
  EXPECT_EQ(values(), json::array{"Kept"});
  EXPECT_EQ(server->get("/api/products/product/" + gone).status, 404);

  // The order stays readable by its customer and by admins, with the removed seller's line.
  auto details = server->get("/api/orders/" + order_id + "/details", customer.token);
  ASSERT_EQ(details.status, 200) << details.body;
  EXPECT_EQ(details.json().at("orderItems").at(0).at("productId"), gone_too);
  EXPECT_EQ(server->get("/api/orders/" + order_id + "/details", admin.token).status, 200);
  EXPECT_EQ(orders_count(*server, customer), 1);

  // The removed seller's token still verifies but can no longer act as a seller.
  const auto& t = doomed.token;
  const auto me = "/api/sellers/" + doomed.profile_id;
  EXPECT_EQ(server->get(me, t).status, 403);
  EXPECT_EQ(server->get(me + "/categories", t).status, 403);
  EXPECT_EQ(
      server->patch(me + "/phone-number", json::object{{"phoneNumber", "+380671234500"}}, t).status,
      403);
  EXPECT_EQ(server->get("/api/orders/sellers/" + doomed.profile_id, t).status, 403);
  EXPECT_EQ(
      server->patch("/api/orders/" + order_id + "/delivery-status", json::object{{"status", 1}}, t)
          .status,
      403);
  Reply create;
  EXPECT_EQ(api_product(*server, doomed, c.id, "After removal", "10", "", 5, &create), "");
  EXPECT_EQ(create.status, 403) << create.body;
  EXPECT_EQ(
      server->patch("/api/products/product/" + gone_too + "/price", json::object{{"price", 1}}, t)
          .status,
      403);
  EXPECT_EQ(
      server->get("/api/products/seller/" + doomed.profile_id + "/category/" + c.id + "/page/1", t)
          .status,
      403);
  // Public reads ignore the stale role.
  EXPECT_EQ(server->get("/api/products/product/" + kept, t).status, 200);
  // Another seller is untouched.
  EXPECT_EQ(server->get("/api/sellers/" + staying.profile_id, staying.token).status, 200);
}

}  // namespace
}  // namespace wolfix::test
