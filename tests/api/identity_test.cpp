// Identity over HTTP: registration, the two-step login, tokens and their claims, e-mail and
// password changes, /me, the login throttle, and every way a bearer token can be wrong.
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "common/crypto.hpp"
#include "common/jwt.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "identity/model.hpp"
#include "identity/tokens.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

constexpr const char* kStrong = "Str0ng!pass";

// Each test signs in from its own address, so the per-address throttle of one test never
// reaches into another.
std::string fresh_address() {
  static std::atomic<int> n{0};
  int i = ++n;
  return "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
}

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

json::object claims_of(const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return {};
  return json::parse(*payload).as_object();
}

std::string text(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.as_array()) out.emplace_back(s.as_string());
  return out;
}

class IdentityTest : public ServerSuite<IdentityTest> {
 public:
  static void configure(Config& c) { c.trust_forwarded_for = true; }

 protected:
  std::string address = fresh_address();

  Reply post(const std::string& path, const json::object& body, const std::string& from = "") {
    return server->request("POST", path, json::serialize(body), "",
                           {{"X-Forwarded-For", from.empty() ? address : from}});
  }
  Reply patch(const std::string& path, const json::object& body, const std::string& token) {
    return server->request("PATCH", path, json::serialize(body), token,
                           {{"X-Forwarded-For", address}});
  }
  Reply roles(const std::string& email, const std::string& password, const std::string& from = "") {
    return post("/api/account/roles", {{"email", email}, {"password", password}}, from);
  }
  Reply token(const std::string& email, const std::string& password, const std::string& role) {
    return post("/api/account/token", {{"email", email}, {"password", password}, {"role", role}});
  }
  Reply register_customer(const std::string& email, const std::string& password = kStrong) {
    return post("/api/account/customer/register", {{"email", email}, {"password", password}});
  }
  // Registers and returns the token.
  std::string registered(const std::string& email) {
    auto r = register_customer(email);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(r.json().as_string()) : "";
  }

  std::string customer_id_of(const std::string& account_id) {
    return probe().customer_profile_of(account_id);
  }

  // A token signed with our secret, with claims changed by `edit`.
  std::string forged(const std::function<void(json::object&)>& edit,
                     const std::string& secret = "") {
    const auto& c = server->config();
    int64_t now = server->clock().now_seconds();
    json::object claims{{"sub", new_account_id},
                        {"email", "forged@example.com"},
                        {"jti", "x"},
                        {"profile_id", new_account_id},
                        {identity::kRoleClaimUri, "Customer"},
                        {"role", "Customer"},
                        {"iss", c.jwt_issuer},
                        {"aud", c.jwt_audience},
                        {"nbf", now},
                        {"iat", now},
                        {"exp", now + 3600}};
    edit(claims);
    return jwt_sign(claims, secret.empty() ? c.jwt_secret : secret);
  }
  std::string new_account_id = "0193a5c2-7d1e-7abc-8def-0123456789ab";
};

// ---- registration ----------------------------------------------------------------------------

TEST_F(IdentityTest, RegisterAnswersACustomerTokenAsABareJsonString) {
  std::string email = unique_email("reg");
  auto r = register_customer(email);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json().is_string());
  std::string jwt(r.json().as_string());

  auto claims = claims_of(jwt);
  std::string account_id = text(claims, "sub");
  EXPECT_FALSE(account_id.empty());
  EXPECT_EQ(text(claims, "email"), email);
  EXPECT_EQ(text(claims, "role"), "Customer");
  EXPECT_EQ(text(claims, identity::kRoleClaimUri), "Customer");
  EXPECT_FALSE(text(claims, "jti").empty());
  EXPECT_EQ(text(claims, "iss"), server->config().jwt_issuer);
  EXPECT_EQ(text(claims, "aud"), server->config().jwt_audience);
  EXPECT_TRUE(claims.contains("nbf"));
  EXPECT_TRUE(claims.contains("exp"));
  // profile_id is the customers row made in the same transaction, never a zero GUID (S7).
  std::string customer_id = customer_id_of(account_id);
  EXPECT_FALSE(customer_id.empty());
  EXPECT_EQ(text(claims, "profile_id"), customer_id);
  EXPECT_EQ(probe().role_grants(account_id, "Customer", customer_id), 1);

  // The token works on an authenticated route.
  auto me = server->get("/api/account/me", jwt);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(str(me.json().at("accountId")), account_id);
  EXPECT_EQ(str(me.json().at("profileId")), customer_id);
}

TEST_F(IdentityTest, DuplicateEmailIs409WhateverItsCase) {
  std::string email = unique_email("dup");
  registered(email);
  auto again = register_customer(email, "An0ther!pass");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "email_taken");
  EXPECT_EQ(again.message(),
            "This email cannot be registered again. If it is yours, sign in instead.");
  std::string shouting = email;
  for (auto& c : shouting) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(register_customer(shouting, "An0ther!pass").status, 409);
  EXPECT_EQ(probe().accounts_with_email(email), 1);
}

TEST_F(IdentityTest, ConcurrentRegistrationsOfOneEmailMakeExactlyOneAccount) {
  std::string email = unique_email("race");
  constexpr int kRacers = 6;
  std::vector<Reply> replies(kRacers);
  std::vector<std::thread> racers;
  for (int i = 0; i < kRacers; ++i)
    racers.emplace_back([&, i] {
      // Different letter case too: uniqueness ignores it.
      std::string mine = i % 2 ? identity::normalize_email(email) : email;
      replies[i] = register_customer(mine);
    });
  for (auto& t : racers) t.join();
  // A double-click: one makes the account, the others know its password and are signed in to it.
  std::string lower = identity::normalize_email(email);
  for (const auto& r : replies) {
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(
        identity::normalize_email(text(claims_of(std::string(r.json().as_string())), "email")),
        lower);
  }
  std::string account = text(claims_of(std::string(replies[0].json().as_string())), "sub");
  for (const auto& r : replies)
    EXPECT_EQ(text(claims_of(std::string(r.json().as_string())), "sub"), account);
  EXPECT_EQ(probe().accounts_with_email(lower), 1);
  EXPECT_EQ(probe().customers_with_email(lower), 1);
}

TEST_F(IdentityTest, WeakPasswordIs400ListingEveryBrokenRule) {
  std::string email = unique_email("weak");
  auto r = register_customer(email, "abc");
  ASSERT_EQ(r.status, 400);  // Wolfix.Server answered 500 here (S25)
  EXPECT_EQ(r.code(), "validation_failed");
  auto errors = strings(r.json().at("errors").at("password"));
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "Passwords must be at least 6 characters.",
                        "Passwords must have at least one non alphanumeric character.",
                        "Passwords must have at least one digit ('0'-'9').",
                        "Passwords must have at least one uppercase ('A'-'Z').",
                    }));
  for (const auto& e : errors) EXPECT_NE(r.message().find(e), std::string::npos) << e;

  EXPECT_EQ(register_customer(email, "password1!").status, 400);                   // no uppercase
  EXPECT_EQ(register_customer(email, "Password1").status, 400);                    // no symbol
  EXPECT_EQ(register_customer(email, std::string(130, 'a') + "A1!").status, 400);  // too long
  EXPECT_EQ(probe().accounts_with_email(email), 0);
}

TEST_F(IdentityTest, InvalidEmailAndMissingFieldsAre400) {
  for (const char* bad : {"not-an-email", "user@domain", "a b@c.de", "o'brien@example.com", ""}) {
    auto r = register_customer(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_TRUE(r.json().at("errors").as_object().contains("email")) << bad;
  }
  // Both fields wrong: one answer naming both.
  auto both = register_customer("nope", "x");
  ASSERT_EQ(both.status, 400);
  EXPECT_TRUE(both.json().at("errors").as_object().contains("email"));
  EXPECT_TRUE(both.json().at("errors").as_object().contains("password"));

  auto missing = post("/api/account/customer/register", {});
  ASSERT_EQ(missing.status, 400);
  EXPECT_TRUE(missing.json().at("errors").as_object().contains("email"));
  EXPECT_TRUE(missing.json().at("errors").as_object().contains("password"));
  auto wrong_type = post("/api/account/customer/register", {{"email", 5}, {"password", true}});
  EXPECT_EQ(wrong_type.status, 400);
  auto malformed = server->request("POST", "/api/account/customer/register", "{\"email\":", "",
                                   {{"X-Forwarded-For", address}});
  EXPECT_EQ(malformed.status, 400);
}

TEST_F(IdentityTest, FieldNamesAreCaseInsensitive) {
  auto r = post("/api/account/customer/register",
                {{"Email", unique_email("case")}, {"PASSWORD", kStrong}});
  EXPECT_EQ(r.status, 200) << r.body;
}

// ---- login: roles and token ------------------------------------------------------------------

TEST_F(IdentityTest, RolesAnswersTheAccountAndItsRoles) {
  std::string email = unique_email("roles");
  std::string jwt = registered(email);
  std::string account_id = text(claims_of(jwt), "sub");
  // Any letter case of the e-mail signs in.
  auto r = roles(identity::normalize_email(email), kStrong);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().at("accountId")), account_id);
  EXPECT_EQ(str(r.json().at("email")), email);
  EXPECT_EQ(strings(r.json().at("roles")), std::vector<std::string>{"Customer"});

  auto seller = make_actor(*server, "Seller");
  auto s = roles(seller.email, seller.password);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(strings(s.json().at("roles")), std::vector<std::string>{"Seller"});
}

TEST_F(IdentityTest, UnknownEmailAndWrongPasswordAreIndistinguishable) {
  std::string email = unique_email("who");
  registered(email);
  auto wrong_password = roles(email, "Wr0ng!pass");
  auto unknown = roles(unique_email("nobody"), "Wr0ng!pass");
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(unknown.status, wrong_password.status);
  EXPECT_EQ(unknown.body, wrong_password.body);
  EXPECT_EQ(wrong_password.message(), "Invalid email or password");
  EXPECT_EQ(wrong_password.code(), "invalid_credentials");

  auto t1 = token(email, "Wr0ng!pass", "Customer");
  auto t2 = token(unique_email("nobody"), "Wr0ng!pass", "Customer");
  EXPECT_EQ(t1.status, 401);
  EXPECT_EQ(t1.body, t2.body);
}

TEST_F(IdentityTest, TokenCarriesTheRoleAndItsProfileId) {
  std::string email = unique_email("tok");
  std::string account_id = text(claims_of(registered(email)), "sub");
  auto r = token(email, kStrong, "Customer");
  ASSERT_EQ(r.status, 200) << r.body;
  auto claims = claims_of(std::string(r.json().as_string()));
  EXPECT_EQ(text(claims, "sub"), account_id);
  EXPECT_EQ(text(claims, "role"), "Customer");
  EXPECT_EQ(text(claims, identity::kRoleClaimUri), "Customer");
  EXPECT_EQ(text(claims, "profile_id"), customer_id_of(account_id));
}

TEST_F(IdentityTest, TokenForEveryRoleNamesThatRolesProfile) {
  for (const char* role : {"Customer", "Seller", "Admin", "SuperAdmin", "Support"}) {
    auto actor = make_actor(*server, role);
    auto r = token(actor.email, actor.password, role);
    ASSERT_EQ(r.status, 200) << role << ": " << r.body;
    auto claims = claims_of(std::string(r.json().as_string()));
    EXPECT_EQ(text(claims, "role"), role);
    EXPECT_EQ(text(claims, identity::kRoleClaimUri), role);
    EXPECT_EQ(text(claims, "profile_id"), actor.profile_id) << role;
    EXPECT_NE(text(claims, "profile_id"), "00000000-0000-0000-0000-000000000000");
  }
}

TEST_F(IdentityTest, TokenForARoleTheAccountLacksIs403AndUnknownRoleIs400) {
  std::string email = unique_email("lack");
  registered(email);
  auto lacks = token(email, kStrong, "Seller");
  EXPECT_EQ(lacks.status, 403);
  EXPECT_EQ(lacks.message(), "User does not have required role");
  auto unknown = token(email, kStrong, "Wizard");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.message(), "Role does not exist");
  auto missing = post("/api/account/token", {{"email", email}, {"password", kStrong}});
  EXPECT_EQ(missing.status, 400);
}

TEST_F(IdentityTest, LoginRoutesAlsoAnswerUnderCustomer) {
  std::string email = unique_email("alias");
  registered(email);
  EXPECT_EQ(post("/api/account/customer/roles", {{"email", email}, {"password", kStrong}}).status,
            200);
  auto t = post("/api/account/customer/token",
                {{"email", email}, {"password", kStrong}, {"role", "Customer"}});
  EXPECT_EQ(t.status, 200);
  EXPECT_TRUE(t.json().is_string());
}

// ---- me --------------------------------------------------------------------------------------

TEST_F(IdentityTest, MeDescribesTheCaller) {
  auto admin = make_actor(*server, "Admin");
  auto r = server->get("/api/account/me", admin.token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().at("accountId")), admin.account_id);
  EXPECT_EQ(str(r.json().at("email")), admin.email);
  EXPECT_EQ(str(r.json().at("role")), "Admin");
  EXPECT_EQ(str(r.json().at("profileId")), admin.profile_id);
  EXPECT_EQ(strings(r.json().at("roles")), std::vector<std::string>{"Admin"});
}

// ---- bad tokens ------------------------------------------------------------------------------

TEST_F(IdentityTest, BadTokensAre401) {
  auto customer = make_actor(*server, "Customer");
  new_account_id = customer.account_id;
  const std::string me = "/api/account/me";
  EXPECT_EQ(server->get(me).status, 401);             // none
  EXPECT_EQ(server->get(me, "garbage").status, 401);  // garbage
  EXPECT_EQ(server->get(me, "a.b.c").status, 401);    // not base64 JSON
  EXPECT_EQ(
      server->request("GET", me, "", "", {{"Authorization", "Basic " + customer.token}}).status,
      401);                                                              // not a bearer token
  EXPECT_EQ(server->get(me, forged([](json::object&) {})).status, 200);  // control

  // alg: none with the signature stripped.
  auto good = forged([](json::object&) {});
  std::string none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                     good.substr(good.find('.') + 1, good.rfind('.') - good.find('.') - 1) + ".";
  EXPECT_EQ(server->get(me, none).status, 401);
  EXPECT_EQ(
      server->get(me, forged([](json::object&) {}, "another-secret-another-secret-another-secret"))
          .status,
      401);  // wrong key
  EXPECT_EQ(server->get(me, forged([](json::object& c) { c["aud"] = "someone-else"; })).status,
            401);
  EXPECT_EQ(server->get(me, forged([](json::object& c) { c["iss"] = "evil-issuer"; })).status, 401);
  EXPECT_EQ(server->get(me, forged([](json::object& c) { c.erase("exp"); })).status, 401);
  auto r = server->get(me, forged([](json::object& c) { c.erase("sub"); }));
  EXPECT_EQ(r.status, 401);
}

TEST_F(IdentityTest, ExpiredTokenIs401) {
  auto customer = make_actor(*server, "Customer");
  EXPECT_EQ(server->get("/api/account/me", customer.token).status, 200);
  server->clock().advance_ms((server->config().jwt_lifetime_minutes + 5) * 60 * 1000);
  auto r = server->get("/api/account/me", customer.token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), "invalid_token");
}

TEST_F(IdentityTest, TokenWithARoleWeDoNotKnowIs403) {
  auto customer = make_actor(*server, "Customer");
  new_account_id = customer.account_id;
  auto odd = forged([](json::object& c) {
    c[identity::kRoleClaimUri] = "Hacker";
    c["role"] = "Hacker";
  });
  auto r = server->get("/api/account/me", odd);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "wrong_role");
  EXPECT_EQ(
      patch("/api/account/" + customer.account_id + "/email", {{"email", unique_email("odd")}}, odd)
          .status,
      403);
}

// ---- change e-mail ---------------------------------------------------------------------------

TEST_F(IdentityTest, ChangeEmailAnswersAFreshTokenWithTheNewEmail) {
  std::string email = unique_email("old");
  std::string jwt = registered(email);
  std::string account_id = text(claims_of(jwt), "sub");
  std::string fresh = unique_email("new");
  auto r = patch("/api/account/" + account_id + "/email",
                 {{"email", fresh}, {"currentPassword", kStrong}}, jwt);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json().is_string());
  auto claims = claims_of(std::string(r.json().as_string()));
  EXPECT_EQ(text(claims, "email"), fresh);
  EXPECT_EQ(text(claims, "sub"), account_id);
  EXPECT_EQ(text(claims, "role"), "Customer");
  EXPECT_EQ(text(claims, "profile_id"), customer_id_of(account_id));

  EXPECT_EQ(roles(fresh, kStrong).status, 200);
  EXPECT_EQ(roles(email, kStrong).status, 401);
  // The old e-mail is free again.
  EXPECT_EQ(register_customer(email).status, 200);
}

TEST_F(IdentityTest, ChangeEmailWorksForEveryRole) {
  // Wolfix.Server demanded Customer AND Seller at once, so nobody could (S6).
  for (const char* role : {"Seller", "Admin", "Support"}) {
    auto actor = make_actor(*server, role);
    auto r =
        patch("/api/account/" + actor.account_id + "/email",
              {{"email", unique_email("moved")}, {"currentPassword", actor.password}}, actor.token);
    EXPECT_EQ(r.status, 200) << role << ": " << r.body;
  }
}

TEST_F(IdentityTest, ChangeEmailRules) {
  auto a = make_actor(*server, "Customer");
  auto b = make_actor(*server, "Customer");
  const std::string path = "/api/account/" + a.account_id + "/email";
  // Another account's id: 403, whoever the caller is.
  auto other =
      patch(path, {{"email", unique_email("x")}, {"currentPassword", b.password}}, b.token);
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.code(), "not_owner");
  // Taken (in any case) by someone else: 409.
  std::string b_upper = b.email;
  for (auto& c : b_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto taken = patch(path, {{"email", b_upper}, {"currentPassword", a.password}}, a.token);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.code(), "email_taken");
  // Not an e-mail: 400.
  auto bad = patch(path, {{"email", "not-an-email"}, {"currentPassword", a.password}}, a.token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.json().at("errors").as_object().contains("email"));
  EXPECT_EQ(patch(path, json::object{}, a.token).status, 400);
  // A bad id in the path: 400; no token: 401.
  EXPECT_EQ(patch("/api/account/not-a-guid/email", {{"email", unique_email("y")}}, a.token).status,
            400);
  EXPECT_EQ(patch(path, {{"email", unique_email("z")}}, "").status, 401);
  // Nothing changed.
  EXPECT_EQ(roles(a.email, a.password).status, 200);
  // Its own e-mail in another letter case is fine.
  std::string a_upper = a.email;
  for (auto& c : a_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(patch(path, {{"email", a_upper}, {"currentPassword", a.password}}, a.token).status,
            200);
}

// ---- change password -------------------------------------------------------------------------

TEST_F(IdentityTest, ChangePasswordThenOnlyTheNewOneWorks) {
  auto seller = make_actor(*server, "Seller");
  const std::string path = "/api/account/" + seller.account_id + "/password";
  auto r = patch(path, {{"currentPassword", seller.password}, {"newPassword", "N3w!password"}},
                 seller.token);
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(roles(seller.email, "N3w!password").status, 200);
  EXPECT_EQ(roles(seller.email, seller.password).status, 401);
}

TEST_F(IdentityTest, ChangePasswordRules) {
  auto a = make_actor(*server, "Customer");
  auto b = make_actor(*server, "Customer");
  const std::string path = "/api/account/" + a.account_id + "/password";
  auto same = patch(path, {{"currentPassword", a.password}, {"newPassword", a.password}}, a.token);
  EXPECT_EQ(same.status, 400);
  EXPECT_EQ(same.message(), "New password must be different from current password");
  auto wrong =
      patch(path, {{"currentPassword", "Wr0ng!pass"}, {"newPassword", "N3w!password"}}, a.token);
  EXPECT_EQ(wrong.status, 400);  // not 401: the web client drops its token on any 401
  EXPECT_EQ(wrong.message(), "Incorrect password.");
  auto weak = patch(path, {{"currentPassword", a.password}, {"newPassword", "short"}}, a.token);
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(strings(weak.json().at("errors").at("newPassword")).size(), 4u);
  auto other =
      patch(path, {{"currentPassword", b.password}, {"newPassword", "N3w!password"}}, b.token);
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(patch(path, {{"currentPassword", a.password}}, a.token).status, 400);
  // Nothing changed.
  EXPECT_EQ(roles(a.email, a.password).status, 200);
}

// ---- throttle --------------------------------------------------------------------------------

TEST_F(IdentityTest, AfterFiveFailuresTheAccountIsSlowedFromThatAddressOnly) {
  std::string email = unique_email("locked");
  registered(email);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(roles(email, "Wr0ng!pass").status, 401) << i;
  // Even the right password, from the same address: the pair waits.
  auto r = roles(email, kStrong);
  ASSERT_EQ(r.status, 429);
  EXPECT_EQ(r.code(), "too_many_attempts");
  EXPECT_FALSE(r.message().empty());
  int64_t retry_after = std::stoll(r.headers["retry-after"]);
  EXPECT_EQ(retry_after, server->config().login_delay_seconds);
  EXPECT_EQ(token(email, kStrong, "Customer").status, 429);
  // From elsewhere the account is not locked (issue 15 item 10).
  EXPECT_EQ(roles(email, kStrong, fresh_address()).status, 200);

  server->clock().advance_ms(retry_after * 1000);
  EXPECT_EQ(roles(email, kStrong).status, 200);
  EXPECT_EQ(token(email, kStrong, "Customer").status, 200);
}

TEST_F(IdentityTest, UnknownEmailsAreThrottledLikeKnownOnes) {
  // Otherwise a 429 would tell that an e-mail has an account.
  std::string email = unique_email("ghost");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(roles(email, "Wr0ng!pass").status, 401) << i;
  EXPECT_EQ(roles(email, "Wr0ng!pass").status, 429);
}

TEST_F(IdentityTest, ASuccessfulSignInStartsTheAccountCountAgain) {
  std::string email = unique_email("reset");
  registered(email);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(roles(email, "Wr0ng!pass").status, 401);
  EXPECT_EQ(roles(email, kStrong).status, 200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(roles(email, "Wr0ng!pass").status, 401);
  EXPECT_EQ(roles(email, kStrong).status, 200);
}

TEST_F(IdentityTest, AddressIsThrottledAfterFiftyFailures) {
  std::string email = unique_email("victim");
  registered(email);
  const int64_t limit = server->config().login_max_failures_per_address;
  for (int64_t i = 0; i < limit; ++i)
    ASSERT_EQ(roles(unique_email("spray"), "Wr0ng!pass").status, 401) << i;
  auto r = roles(email, kStrong);
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.headers["retry-after"].empty());
  // The same account from another address is fine: only this address is resting.
  EXPECT_EQ(roles(email, kStrong, fresh_address()).status, 200);
}

TEST_F(IdentityTest, PasswordChangeIsThrottledToo) {
  auto a = make_actor(*server, "Customer");
  const std::string path = "/api/account/" + a.account_id + "/password";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        patch(path, {{"currentPassword", "Wr0ng!pass"}, {"newPassword", "N3w!password"}}, a.token)
            .status,
        400);
  auto r = patch(path, {{"currentPassword", a.password}, {"newPassword", "N3w!password"}}, a.token);
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.headers["retry-after"].empty());
  // The sign-in of that account from that address waits too: they share the count.
  EXPECT_EQ(roles(a.email, a.password).status, 429);
}

// ---- Google without configuration ------------------------------------------------------------

TEST_F(IdentityTest, GoogleSignInIs503WhenNotConfigured) {
  auto r = post("/api/account/customer/google", {{"idToken", "x.y.z"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.code(), "google_sign_in_unavailable");
}

}  // namespace
}  // namespace wolfix::test
