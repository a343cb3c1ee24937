// Identity's part of issue 15 (security): items 7 (registration), 10 (sign-in throttle), 11
// (token revocation, e-mail change) and 12 (common passwords). Each test failed before its fix.
#include <atomic>

#include "db/db.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "identity/common_passwords.hpp"
#include "identity/model.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

constexpr const char* kStrong = "Str0ng!pass";

// Each test comes from its own addresses, so that one test's throttling never reaches another.
std::string fresh_address() {
  static std::atomic<int> n{0};
  int i = ++n;
  return "10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
}

std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.as_array()) out.emplace_back(s.as_string());
  return out;
}

class IdentitySecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = std::make_unique<TestServer>([](Config& c) { c.trust_forwarded_for = true; });
  }
  static void TearDownTestSuite() { server.reset(); }
  static inline std::unique_ptr<TestServer> server;

  std::string address = fresh_address();

  Reply post(const std::string& path, const json::object& body, const std::string& from = "",
             const std::string& token = "") {
    return server->request("POST", path, json::serialize(body), token,
                           {{"X-Forwarded-For", from.empty() ? address : from}});
  }
  Reply patch(const std::string& path, const json::object& body, const std::string& token) {
    return server->request("PATCH", path, json::serialize(body), token,
                           {{"X-Forwarded-For", address}});
  }
  Reply register_customer(const std::string& email, const std::string& password = kStrong,
                          const std::string& from = "") {
    return post("/api/account/customer/register", {{"email", email}, {"password", password}}, from);
  }
  Reply roles(const std::string& email, const std::string& password, const std::string& from = "") {
    return post("/api/account/roles", {{"email", email}, {"password", password}}, from);
  }
  int64_t accounts_with(const std::string& email) {
    return server->app().database().read([&](db::Session& s) {
      return s
          .query_one("SELECT COUNT(*) FROM accounts WHERE email_lower = ?",
                     {identity::normalize_email(email)})
          ->i64(0);
    });
  }
};

// ---- item 12: common passwords -----------------------------------------------------------------

TEST_F(IdentitySecurityTest, RegistrationRefusesCommonPasswordsWithAFieldError) {
  for (const char* common : {"Password1!", "Qwerty1!", "Admin123!"}) {
    std::string email = unique_email("common");
    auto r = register_customer(email, common);
    ASSERT_EQ(r.status, 400) << common << ": " << r.body;
    EXPECT_EQ(r.code(), "validation_failed");
    EXPECT_EQ(strings(r.json().at("errors").at("password")),
              std::vector<std::string>{identity::kCommonPasswordMessage});
    EXPECT_EQ(accounts_with(email), 0) << common;
  }
  // Letter case does not help.
  EXPECT_EQ(register_customer(unique_email("common"), "pASSWORD1!").status, 400);
  EXPECT_EQ(register_customer(unique_email("fine"), kStrong).status, 200);
}

TEST_F(IdentitySecurityTest, PasswordChangeRefusesCommonPasswords) {
  auto a = make_actor(*server, "Customer");
  auto r = patch("/api/account/" + a.account_id + "/password",
                 {{"currentPassword", a.password}, {"newPassword", "Qwerty1!"}}, a.token);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(strings(r.json().at("errors").at("newPassword")),
            std::vector<std::string>{identity::kCommonPasswordMessage});
  EXPECT_EQ(roles(a.email, a.password).status, 200);  // unchanged
}

}  // namespace
}  // namespace wolfix::test
