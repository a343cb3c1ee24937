// Identity's part of issue 15 (security): items 7 (registration), 10 (sign-in throttle), 11
// (token revocation, e-mail change) and 12 (common passwords). Each test failed before its fix.
#include <atomic>

#include "common/crypto.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "identity/common_passwords.hpp"
#include "identity/model.hpp"
#include "suite.hpp"

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

class IdentitySecurityTest : public ServerSuite<IdentitySecurityTest> {
 public:
  static void configure(Config& c) { c.trust_forwarded_for = true; }

 protected:
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
  static std::string sub_of(const std::string& token) {
    auto first = token.find('.');
    auto second = token.find('.', first + 1);
    auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
    return payload ? std::string(json::parse(*payload).at("sub").as_string()) : "";
  }
  // Moves the clock to the start of a fresh throttle window, so that a test's attempts share
  // one window whatever the clock read before.
  void start_of_a_window(int64_t window_seconds) {
    int64_t w = window_seconds * 1000, now = server->clock().now_ms();
    server->clock().advance_ms(w - now % w + 1);
  }
  int64_t notices_to(const std::string& email) {
    return probe().notifications_to(email, "registration_of_existing_account");
  }
  int64_t accounts_with(const std::string& email) { return probe().accounts_with_email(email); }
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

// ---- item 7: registration ----------------------------------------------------------------------

TEST_F(IdentitySecurityTest, RegistrationIsThrottledPerAddress) {
  start_of_a_window(server->config().register_window_seconds);
  const int64_t limit = server->config().register_max_per_address;
  for (int64_t i = 0; i < limit; ++i)
    ASSERT_EQ(register_customer(unique_email("bulk")).status, 200) << i;
  std::string refused = unique_email("bulk");
  auto r = register_customer(refused);
  ASSERT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.code(), "too_many_attempts");
  EXPECT_FALSE(r.message().empty());
  int64_t retry_after = std::stoll(r.headers["retry-after"]);
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 2 * server->config().register_window_seconds);
  EXPECT_EQ(accounts_with(refused), 0);
  // Another address is not affected; this one gets in again once the window has slid by.
  EXPECT_EQ(register_customer(unique_email("bulk"), kStrong, fresh_address()).status, 200);
  server->clock().advance_ms(retry_after * 1000);
  EXPECT_EQ(register_customer(refused).status, 200);
}

TEST_F(IdentitySecurityTest, RegisteringAnExistingEmailCreatesNothingAndTellsItsOwner) {
  std::string email = unique_email("owner");
  auto first = register_customer(email);
  ASSERT_EQ(first.status, 200) << first.body;
  std::string account = sub_of(std::string(first.json().as_string()));

  // Someone else, who does not know the password.
  auto other = register_customer(email, "An0ther!pass", fresh_address());
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.code(), "email_taken");
  EXPECT_EQ(accounts_with(email), 1);
  EXPECT_EQ(notices_to(email), 1);
  EXPECT_EQ(register_customer(email, "Yet4n0ther!pass", fresh_address()).status, 409);
  EXPECT_EQ(notices_to(email), 1);  // at most one a day
  // Its owner registering again (a double-click, or forgetting) is signed in.
  auto again = register_customer(email);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(sub_of(std::string(again.json().as_string())), account);
  EXPECT_EQ(accounts_with(email), 1);
  // And it cannot be used to guess passwords faster than the sign-in allows.
  int last = 0;
  std::string guesser = fresh_address();
  for (int i = 0; i < 10 && last != 429; ++i)
    last = register_customer(email, "Gu3ss!" + std::to_string(i), guesser).status;
  EXPECT_EQ(last, 429);
}

// ---- item 10: the sign-in throttle --------------------------------------------------------------

TEST_F(IdentitySecurityTest, AnonymousFailuresDoNotLockTheOwnerOut) {
  std::string email = unique_email("owner");
  ASSERT_EQ(register_customer(email).status, 200);
  std::string home = fresh_address();
  ASSERT_EQ(roles(email, kStrong, home).status, 200);  // the owner's usual address

  std::string attacker = fresh_address();
  int last = 0;
  for (int i = 0; i < 10 && last != 429; ++i) last = roles(email, "Wr0ng!pass", attacker).status;
  EXPECT_EQ(last, 429);  // the attacker is slowed down
  EXPECT_EQ(roles(email, kStrong, attacker).status, 429);
  // The owner is not: at home, nor on a new network.
  EXPECT_EQ(roles(email, kStrong, home).status, 200);
  EXPECT_EQ(roles(email, kStrong, fresh_address()).status, 200);
}

TEST_F(IdentitySecurityTest, SprayingOneAccountFromManyAddressesIsRefusedExceptAtItsOwners) {
  start_of_a_window(server->config().login_window_seconds);
  std::string email = unique_email("sprayed");
  ASSERT_EQ(register_customer(email).status, 200);
  std::string home = fresh_address();
  ASSERT_EQ(roles(email, kStrong, home).status, 200);

  const int64_t limit = server->config().login_max_failures_per_account_anywhere;
  for (int64_t i = 0; i < limit; ++i)
    ASSERT_EQ(roles(email, "Wr0ng!pass", fresh_address()).status, 401) << i;
  auto r = roles(email, kStrong, fresh_address());
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.headers["retry-after"].empty());
  EXPECT_EQ(roles(email, kStrong, home).status, 200);
}

TEST_F(IdentitySecurityTest, TheDelayGrowsWithEachFailureAndEndsWhenItIsOver) {
  start_of_a_window(server->config().login_window_seconds);
  std::string email = unique_email("slow");
  ASSERT_EQ(register_customer(email).status, 200);
  const int64_t base = server->config().login_delay_seconds;
  for (int i = 0; i < server->config().login_max_failures_per_account; ++i)
    ASSERT_EQ(roles(email, "Wr0ng!pass").status, 401) << i;
  for (int64_t expected : {base, 2 * base, 4 * base}) {
    auto r = roles(email, "Wr0ng!pass");
    ASSERT_EQ(r.status, 429);
    EXPECT_EQ(std::stoll(r.headers["retry-after"]), expected);
    server->clock().advance_ms(expected * 1000);
    EXPECT_EQ(roles(email, "Wr0ng!pass").status, 401);  // one more try after the delay
  }
  auto r = roles(email, kStrong);
  ASSERT_EQ(r.status, 429);
  server->clock().advance_ms(std::stoll(r.headers["retry-after"]) * 1000);
  EXPECT_EQ(roles(email, kStrong).status, 200);
  // A success ends the delay.
  EXPECT_EQ(roles(email, "Wr0ng!pass").status, 401);
}

// ---- item 11: a password change revokes tokens; an e-mail change needs the password -----------

TEST_F(IdentitySecurityTest, PasswordChangeRevokesEveryEarlierToken) {
  auto a = make_actor(*server, "Customer");
  auto signed_in = post("/api/account/token",
                        {{"email", a.email}, {"password", a.password}, {"role", "Customer"}});
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  std::string other_device(signed_in.json().as_string());
  ASSERT_EQ(server->get("/api/account/me", a.token).status, 200);
  ASSERT_EQ(server->get("/api/account/me", other_device).status, 200);

  auto r = patch("/api/account/" + a.account_id + "/password",
                 {{"currentPassword", a.password}, {"newPassword", "N3w!password"}}, a.token);
  ASSERT_EQ(r.status, 204) << r.body;
  for (const auto& old : {a.token, other_device}) {
    auto me = server->get("/api/account/me", old);
    EXPECT_EQ(me.status, 401) << me.body;
    EXPECT_EQ(me.code(), "invalid_token");
  }
  // Signing in with the new password gives a token that works.
  auto again = post("/api/account/token",
                    {{"email", a.email}, {"password", "N3w!password"}, {"role", "Customer"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(server->get("/api/account/me", std::string(again.json().as_string())).status, 200);
}

TEST_F(IdentitySecurityTest, ARevocationOnAnotherNodeTakesEffectWithinTheCacheTime) {
  auto a = make_actor(*server, "Customer");
  ASSERT_EQ(server->get("/api/account/me", a.token).status, 200);  // now cached on this node
  // Another node sharing the database changed the password.
  probe().bump_token_version(a.account_id);
  server->clock().advance_ms(server->config().token_revocation_cache_seconds * 1000);
  EXPECT_EQ(server->get("/api/account/me", a.token).status, 401);
}

TEST_F(IdentitySecurityTest, EmailChangeAsksForTheCurrentPassword) {
  auto a = make_actor(*server, "Customer");
  const std::string path = "/api/account/" + a.account_id + "/email";
  // As Wolfix.Server's client sends it: the token alone is not enough.
  auto missing = patch(path, {{"email", unique_email("moved")}}, a.token);
  ASSERT_EQ(missing.status, 400) << missing.body;
  EXPECT_TRUE(missing.json().at("errors").as_object().contains("currentPassword"));
  auto wrong =
      patch(path, {{"email", unique_email("moved")}, {"currentPassword", "Wr0ng!pass"}}, a.token);
  ASSERT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_EQ(wrong.code(), "incorrect_password");
  EXPECT_TRUE(wrong.json().at("errors").as_object().contains("currentPassword"));
  EXPECT_EQ(roles(a.email, a.password).status, 200);  // unchanged

  auto moved = unique_email("moved");
  auto ok = patch(path, {{"email", moved}, {"currentPassword", a.password}}, a.token);
  ASSERT_EQ(ok.status, 200) << ok.body;
  // `password` is accepted as the field's name too.
  auto again = patch(path, {{"email", unique_email("again")}, {"password", a.password}},
                     std::string(ok.json().as_string()));
  EXPECT_EQ(again.status, 200) << again.body;
}

TEST_F(IdentitySecurityTest, WrongPasswordsOnTheEmailChangeAreThrottled) {
  auto a = make_actor(*server, "Customer");
  const std::string path = "/api/account/" + a.account_id + "/email";
  int last = 0;
  for (int i = 0; i < 20 && last != 429; ++i)
    last =
        patch(path, {{"email", unique_email("moved")}, {"currentPassword", "Wr0ng!pass"}}, a.token)
            .status;
  EXPECT_EQ(last, 429);
}

}  // namespace
}  // namespace wolfix::test
