// Delivery methods: the public list in Wolfix.Server's shape, the admin's changes, the seed.
#include "delivery/seed.hpp"
#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class DeliveryMethodsTest : public ServerSuite<DeliveryMethodsTest> {
 public:
  static void prepare(TestServer& s) { admin = new Actor(make_actor(s, "Admin")); }
  static void finish() { delete admin; }

 protected:
  static inline Actor* admin = nullptr;

  Reply add(const std::string& path, const json::object& body, const std::string& token = "") {
    return server->post(path, body, token.empty() ? admin->token : token);
  }
  std::string unique(const std::string& hint) { return hint + " " + new_uuid_v7().substr(24); }
  const json::object* find_method(const json::value& list, const std::string& id) {
    for (const auto& m : list.as_array())
      if (m.at("id").as_string() == id) return &m.as_object();
    return nullptr;
  }
};

TEST_F(DeliveryMethodsTest, EmptyListIs404AsInTheOriginal) {
  auto& empty = own_server();
  auto r = empty.get("/api/delivery-methods/delivery-methods");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.message(), "Delivery methods not found");
}

TEST_F(DeliveryMethodsTest, AdminBuildsAMethodAndEveryoneReadsIt) {
  std::string name = unique("Courier Co");
  auto m = add("/api/delivery-methods", {{"name", name}});
  ASSERT_EQ(m.status, 201) << m.body;
  std::string method_id(m.json().at("id").as_string());
  auto city = add("/api/delivery-methods/" + method_id + "/cities", {{"name", "Lviv"}});
  ASSERT_EQ(city.status, 201) << city.body;
  std::string city_id(city.json().at("id").as_string());
  auto dept = add("/api/delivery-methods/cities/" + city_id + "/departments",
                  {{"number", 7}, {"street", "Shevchenka"}, {"houseNumber", 12}});
  ASSERT_EQ(dept.status, 201) << dept.body;
  auto pm = add("/api/delivery-methods/cities/" + city_id + "/post-machines",
                {{"number", 700}, {"street", "Svobody"}, {"houseNumber", 3}, {"note", "Lobby"}});
  ASSERT_EQ(pm.status, 201) << pm.body;

  auto anon = server->get("/api/delivery-methods/delivery-methods");
  ASSERT_EQ(anon.status, 200) << anon.body;
  auto customer = make_actor(*server, "Customer");
  EXPECT_EQ(server->get("/api/delivery-methods/delivery-methods", customer.token).status, 200);
  auto all = anon.json();
  auto method = find_method(all, method_id);
  ASSERT_NE(method, nullptr);
  EXPECT_EQ(str(method->at("name")), name);
  auto& c = method->at("cities").as_array().at(0).as_object();
  EXPECT_EQ(str(c.at("id")), city_id);
  EXPECT_EQ(c.at("name"), "Lviv");
  auto& d = c.at("departments").as_array().at(0).as_object();
  EXPECT_EQ(d.at("number"), 7);
  EXPECT_EQ(d.at("street"), "Shevchenka");
  EXPECT_EQ(d.at("houseNumber"), 12);
  EXPECT_TRUE(d.contains("id"));
  auto& p = c.at("postMachines").as_array().at(0).as_object();
  EXPECT_EQ(p.at("number"), 700);
  EXPECT_EQ(p.at("note"), "Lobby");
  EXPECT_EQ(p.at("houseNumber"), 3);
}

TEST_F(DeliveryMethodsTest, DuplicatesAre409) {
  std::string name = unique("Dup");
  auto m = add("/api/delivery-methods", {{"name", name}});
  ASSERT_EQ(m.status, 201);
  auto again = add("/api/delivery-methods", {{"name", " " + name + " "}});
  EXPECT_EQ(again.status, 409);
  std::string method_id(m.json().at("id").as_string());
  auto city = add("/api/delivery-methods/" + method_id + "/cities", {{"name", "Odesa"}});
  ASSERT_EQ(city.status, 201);
  EXPECT_EQ(add("/api/delivery-methods/" + method_id + "/cities", {{"name", "ODESA"}}).status, 409);
  std::string city_id(city.json().at("id").as_string());
  json::object place{{"number", 1}, {"street", "Kanatna"}, {"houseNumber", 1}};
  EXPECT_EQ(add("/api/delivery-methods/cities/" + city_id + "/departments", place).status, 201);
  EXPECT_EQ(add("/api/delivery-methods/cities/" + city_id + "/departments", place).status, 409);
  EXPECT_EQ(add("/api/delivery-methods/cities/" + city_id + "/post-machines", place).status, 201)
      << "departments and post machines are numbered separately";
}

TEST_F(DeliveryMethodsTest, ValidationAndUnknownParents) {
  EXPECT_EQ(add("/api/delivery-methods", {{"name", " "}}).status, 400);
  EXPECT_EQ(add("/api/delivery-methods", json::object{}).status, 400);
  EXPECT_EQ(add("/api/delivery-methods", {{"name", std::string(101, 'n')}}).status, 400);
  EXPECT_EQ(add("/api/delivery-methods/" + new_uuid_v7() + "/cities", {{"name", "Kyiv"}}).status,
            404);
  EXPECT_EQ(add("/api/delivery-methods/not-an-id/cities", {{"name", "Kyiv"}}).status, 400);
  json::object place{{"number", 1}, {"street", "X"}, {"houseNumber", 1}};
  EXPECT_EQ(add("/api/delivery-methods/cities/" + new_uuid_v7() + "/departments", place).status,
            404);
  auto m = add("/api/delivery-methods", {{"name", unique("Valid")}});
  auto city = add("/api/delivery-methods/" + std::string(m.json().at("id").as_string()) + "/cities",
                  {{"name", "Kyiv"}});
  std::string city_id(city.json().at("id").as_string());
  for (auto bad : {json::object{{"number", 0}, {"street", "X"}, {"houseNumber", 1}},
                   json::object{{"number", 1}, {"street", ""}, {"houseNumber", 1}},
                   json::object{{"number", 1}, {"street", "X"}, {"houseNumber", -2}},
                   json::object{{"street", "X"}, {"houseNumber", 1}}})
    EXPECT_EQ(add("/api/delivery-methods/cities/" + city_id + "/departments", bad).status, 400)
        << json::serialize(bad);
}

TEST_F(DeliveryMethodsTest, OnlyAdminsManage) {
  auto customer = make_actor(*server, "Customer");
  auto seller = make_actor(*server, "Seller");
  EXPECT_EQ(add("/api/delivery-methods", {{"name", unique("X")}}, customer.token).status, 403);
  EXPECT_EQ(add("/api/delivery-methods", {{"name", unique("X")}}, seller.token).status, 403);
  EXPECT_EQ(server->request("POST", "/api/delivery-methods", R"({"name":"Y"})").status, 401);
  auto super = make_actor(*server, "SuperAdmin");
  EXPECT_EQ(add("/api/delivery-methods", {{"name", unique("Super")}}, super.token).status, 201);
  EXPECT_EQ(server->del("/api/delivery-methods/" + new_uuid_v7(), customer.token).status, 403);
}

TEST_F(DeliveryMethodsTest, DeletingRemovesChildren) {
  auto m = add("/api/delivery-methods", {{"name", unique("Gone")}});
  std::string method_id(m.json().at("id").as_string());
  auto city = add("/api/delivery-methods/" + method_id + "/cities", {{"name", "Dnipro"}});
  std::string city_id(city.json().at("id").as_string());
  auto dept = add("/api/delivery-methods/cities/" + city_id + "/departments",
                  {{"number", 3}, {"street", "Hlinky"}, {"houseNumber", 2}});
  std::string dept_id(dept.json().at("id").as_string());
  auto pm = add("/api/delivery-methods/cities/" + city_id + "/post-machines",
                {{"number", 3}, {"street", "Hlinky"}, {"houseNumber", 2}});
  std::string pm_id(pm.json().at("id").as_string());

  EXPECT_EQ(server->del("/api/delivery-methods/departments/" + dept_id, admin->token).status, 204);
  EXPECT_EQ(server->del("/api/delivery-methods/departments/" + dept_id, admin->token).status, 404);
  EXPECT_EQ(server->del("/api/delivery-methods/post-machines/" + pm_id, admin->token).status, 204);
  EXPECT_EQ(server->del("/api/delivery-methods/cities/" + city_id, admin->token).status, 204);
  auto after = server->get("/api/delivery-methods/delivery-methods").json();
  auto method = find_method(after, method_id);
  ASSERT_NE(method, nullptr);
  EXPECT_TRUE(method->at("cities").as_array().empty());
  auto city2 = add("/api/delivery-methods/" + method_id + "/cities", {{"name", "Dnipro"}});
  ASSERT_EQ(city2.status, 201);
  EXPECT_EQ(server->del("/api/delivery-methods/" + method_id, admin->token).status, 204);
  EXPECT_EQ(find_method(server->get("/api/delivery-methods/delivery-methods").json(), method_id),
            nullptr);
  EXPECT_EQ(server->del("/api/delivery-methods/" + method_id, admin->token).status, 404);
  EXPECT_EQ(server->del("/api/delivery-methods/cities/" + city_id, admin->token).status, 404);
  int left = static_cast<int>(probe().delivery_cities(method_id));
  EXPECT_EQ(left, 0);
}

TEST_F(DeliveryMethodsTest, SeedAddsDemoMethodsOnce) {
  auto& fresh = own_server();
  int64_t now = fresh.clock().now_ms();
  int first = fresh.probe().seed_delivery(now);
  int second = fresh.probe().seed_delivery(now);
  EXPECT_GE(first, 2);
  EXPECT_EQ(second, 0);
  // Pick-up methods by default, as Wolfix.Server lists them; courier delivery on request.
  auto list = fresh.get("/api/delivery-methods/delivery-methods").json().as_array();
  EXPECT_EQ(static_cast<int>(list.size()), first - 1);
  for (const auto& m : list) EXPECT_GE(m.at("cities").as_array().size(), 2u) << m.at("name");
  auto all = fresh.get("/api/delivery-methods/delivery-methods?includeCourier=true").json();
  ASSERT_EQ(static_cast<int>(all.as_array().size()), first);
  int couriers = 0;
  for (const auto& m : all.as_array())
    if (m.at("courier").as_bool()) {
      ++couriers;
      EXPECT_EQ(m.at("name"), delivery::kCourierMethodName);
      EXPECT_EQ(minor(m.at("fee")), 7000);
      EXPECT_TRUE(m.at("cities").as_array().empty());
    } else {
      EXPECT_EQ(minor(m.at("fee")), 0);
    }
  EXPECT_EQ(couriers, 1);
}

}  // namespace
}  // namespace wolfix::test
