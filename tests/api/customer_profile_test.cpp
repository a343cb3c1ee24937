// A customer's profile: read it, change name, phone, address and birth date with Wolfix.Server's
// value-object rules and messages; only one's own.
#include "common/person.hpp"
#include "common/uuid.hpp"
#include "db/db.hpp"
#include "fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class CustomerProfileTest : public ProfileSuite<CustomerProfileTest> {
 public:
  static constexpr const char* kBase = "/api/customers/";
};

TEST_F(CustomerProfileTest, ReadsTheWolfixShape) {
  auto c = make_actor(*server, "Customer");
  probe().set_customer_bonuses(c.profile_id, 12345);
  auto v = profile(c);
  EXPECT_EQ(v.at("id"), c.profile_id.c_str());
  EXPECT_TRUE(v.at("photoUrl").is_null());
  EXPECT_EQ(v.at("fullName").at("firstName"), "Olena");
  EXPECT_EQ(v.at("fullName").at("lastName"), "Kovalenko");
  EXPECT_EQ(v.at("fullName").at("middleName"), "Ivanivna");
  EXPECT_EQ(v.at("phoneNumber"), "+380501234567");
  EXPECT_TRUE(v.at("address").is_null());
  EXPECT_TRUE(v.at("birthDate").is_null());
  EXPECT_DOUBLE_EQ(v.at("bonusesAmount").to_number<double>(), 123.45);
}

TEST_F(CustomerProfileTest, AFreshProfileHasNulls) {
  auto c = make_actor(*server, "Customer");
  probe().clear_customer_contacts(c.profile_id);
  auto v = profile(c);
  EXPECT_TRUE(v.at("fullName").is_null());
  EXPECT_TRUE(v.at("phoneNumber").is_null());
}

TEST_F(CustomerProfileTest, OnlyOneself) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto seller = make_actor(*server, "Seller");
  EXPECT_EQ(server->get(path(other), c.token).status, 403);
  EXPECT_EQ(server->get(path(c)).status, 401);
  EXPECT_EQ(server->get(path(c), seller.token).status, 403);
  EXPECT_EQ(server->get("/api/customers/not-a-guid", c.token).status, 400);
  auto r = server->patch(path(other, "/full-name"),
                         json::object{{"firstName", "X"}, {"lastName", "Y"}}, c.token);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(server
                ->patch(path(other, "/phone-number"),
                        json::object{{"phoneNumber", "+380991112233"}}, c.token)
                .status,
            403);
  EXPECT_EQ(server
                ->patch(path(other, "/address"),
                        json::object{{"city", "a"}, {"street", "b"}, {"houseNumber", 1}}, c.token)
                .status,
            403);
  EXPECT_EQ(
      server->patch(path(other, "/birth-date"), json::object{{"birthDate", "2000-01-01"}}, c.token)
          .status,
      403);
  EXPECT_EQ(profile(other).at("fullName").at("firstName"), "Olena");
}

TEST_F(CustomerProfileTest, UnknownOrBlockedCustomerIs404) {
  auto c = make_actor(*server, "Customer");
  auto ghost_id = new_uuid_v7();
  auto ghost = token_for(*server, c, "Customer", ghost_id);
  auto r = server->get("/api/customers/" + ghost_id, ghost);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.message(), "Customer with id: " + ghost_id + " not found");
  EXPECT_EQ(server
                ->patch("/api/customers/" + ghost_id + "/phone-number",
                        json::object{{"phoneNumber", "+380991112233"}}, ghost)
                .status,
            404);
  probe().block_customer(c.profile_id);
  EXPECT_EQ(server->get(path(c), c.token).status, 404);
}

TEST_F(CustomerProfileTest, ChangeFullName) {
  auto c = make_actor(*server, "Customer");
  auto r = server->patch(
      path(c, "/full-name"),
      json::object{{"firstName", "Ivan"}, {"lastName", "Franko"}, {"middleName", "Yakovych"}},
      c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("firstName"), "Ivan");
  EXPECT_EQ(r.json().at("middleName"), "Yakovych");
  EXPECT_EQ(profile(c).at("fullName").at("lastName"), "Franko");

  r = server->patch(path(c, "/full-name"),
                    json::object{{"firstName", "Lesya"}, {"lastName", "Ukrainka"}}, c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("middleName").is_null());
  EXPECT_TRUE(profile(c).at("fullName").at("middleName").is_null());
}

TEST_F(CustomerProfileTest, FullNameRules) {
  auto c = make_actor(*server, "Customer");
  auto r = server->patch(path(c, "/full-name"), json::object{{"firstName", " "}, {"lastName", ""}},
                         c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "firstName cannot be null or empty");
  auto errors = r.json().at("errors").as_object();
  EXPECT_EQ(errors.count("firstName"), 1u);
  EXPECT_EQ(errors.count("lastName"), 1u);
  r = server->patch(path(c, "/full-name"),
                    json::object{{"firstName", "A"}, {"lastName", "B"}, {"middleName", 5}},
                    c.token);
  EXPECT_EQ(r.status, 400);
  r = server->patch(path(c, "/full-name"),
                    json::object{{"firstName", std::string(101, 'a')}, {"lastName", "B"}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      server
          ->patch(path(c, "/full-name"), json::object{{"firstName", 1}, {"lastName", "B"}}, c.token)
          .status,
      400);
  EXPECT_EQ(server->request("PATCH", path(c, "/full-name"), "[]", c.token).status, 400);
  EXPECT_EQ(profile(c).at("fullName").at("firstName"), "Olena");  // nothing changed
}

TEST_F(CustomerProfileTest, ChangePhoneNumber) {
  auto c = make_actor(*server, "Customer");
  auto r = server->patch(path(c, "/phone-number"), json::object{{"phoneNumber", "+380671112233"}},
                         c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), "+380671112233");
  EXPECT_EQ(profile(c).at("phoneNumber"), "+380671112233");

  r = server->patch(path(c, "/phone-number"), json::object{{"phoneNumber", "0671112233"}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "value is not valid");
  EXPECT_EQ(r.json().at("errors").as_object().count("phoneNumber"), 1u);
  r = server->patch(path(c, "/phone-number"), json::object{}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "value cannot be null or empty");
  EXPECT_EQ(profile(c).at("phoneNumber"), "+380671112233");
}

TEST_F(CustomerProfileTest, ChangeAddress) {
  auto c = make_actor(*server, "Customer");
  auto r = server->patch(
      path(c, "/address"),
      json::object{
          {"city", "Lviv"}, {"street", "Rynok"}, {"houseNumber", 1}, {"apartmentNumber", 12}},
      c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("apartmentNumber"), 12);
  auto a = profile(c).at("address");
  EXPECT_EQ(a.at("city"), "Lviv");
  EXPECT_EQ(a.at("street"), "Rynok");
  EXPECT_EQ(a.at("houseNumber"), 1);
  EXPECT_EQ(a.at("apartmentNumber"), 12);

  r = server->patch(path(c, "/address"),
                    json::object{{"city", "Kyiv"}, {"street", "Main"}, {"houseNumber", 0}},
                    c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(profile(c).at("address").at("apartmentNumber").is_null());

  r = server->patch(path(c, "/address"),
                    json::object{{"city", " "}, {"street", "Main"}, {"houseNumber", 3}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "city cannot be null or empty");
  r = server->patch(path(c, "/address"), json::object{{"city", "Kyiv"}, {"houseNumber", 3}},
                    c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "street cannot be null or empty");
  EXPECT_EQ(
      server
          ->patch(path(c, "/address"),
                  json::object{{"city", "Kyiv"}, {"street", "Main"}, {"houseNumber", -1}}, c.token)
          .status,
      400);
  EXPECT_EQ(
      server
          ->patch(path(c, "/address"), json::object{{"city", "Kyiv"}, {"street", "Main"}}, c.token)
          .status,
      400);
  EXPECT_EQ(server
                ->patch(path(c, "/address"),
                        json::object{{"city", "Kyiv"},
                                     {"street", "Main"},
                                     {"houseNumber", 1},
                                     {"apartmentNumber", -2}},
                        c.token)
                .status,
            400);
  EXPECT_EQ(profile(c).at("address").at("city"), "Kyiv");
}

TEST_F(CustomerProfileTest, ChangeBirthDate) {
  auto c = make_actor(*server, "Customer");
  auto r =
      server->patch(path(c, "/birth-date"), json::object{{"birthDate", "1990-03-09"}}, c.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), "09-03-1990");
  EXPECT_EQ(profile(c).at("birthDate"), "1990-03-09");

  auto today = person::utc_date(server->clock().now_ms());
  EXPECT_EQ(
      server->patch(path(c, "/birth-date"), json::object{{"birthDate", today}}, c.token).status,
      200);
  auto tomorrow = person::utc_date(server->clock().now_ms() + 24LL * 3600 * 1000);
  r = server->patch(path(c, "/birth-date"), json::object{{"birthDate", tomorrow}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.message().find("cannot be in the future"), std::string::npos) << r.message();
  std::string next_year = std::to_string(std::stoi(today.substr(0, 4)) + 1) + "-01-01";
  r = server->patch(path(c, "/birth-date"), json::object{{"birthDate", next_year}}, c.token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "year cannot be in the future");
  for (const char* bad : {"09.03.1990", "1990-02-30", ""}) {
    r = server->patch(path(c, "/birth-date"), json::object{{"birthDate", bad}}, c.token);
    EXPECT_EQ(r.status, 400) << bad;
  }
  EXPECT_EQ(profile(c).at("birthDate"), today.c_str());
}

}  // namespace
}  // namespace wolfix::test
