// Issue 11 item 10: tokens as clients of Wolfix.Server use them. Its tokens last TOKEN_LIFETIME
// days and its clients never refresh, so a Wolfix token must last a shopping session of days;
// clients that can refresh get a route for it. Expiry, issuer and audience stay checked.
#include <boost/json.hpp>

#include "common/crypto.hpp"
#include "common/jwt.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "identity/tokens.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

json::object claims_of(const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  return payload ? json::parse(*payload).as_object() : json::object{};
}

class Compat_Tokens : public ServerSuite<Compat_Tokens> {
 protected:
  int me(const std::string& token) { return server->get("/api/account/me", token).status; }
  Reply refresh(const std::string& token) {
    return server->request("POST", "/api/account/token/refresh", "", token);
  }
};

TEST_F(Compat_Tokens, ASignInLastsAWeekWithoutRefreshing) {
  auto a = make_actor(*server, "Customer");
  auto r = server->post("/api/account/token",
                        {{"email", a.email}, {"password", a.password}, {"role", "Customer"}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token(r.json().as_string());
  auto claims = claims_of(token);
  EXPECT_EQ(claims.at("exp").as_int64() - claims.at("nbf").as_int64(), 7 * 24 * 60 * 60);
  EXPECT_EQ(server->config().jwt_lifetime_minutes, 7 * 24 * 60);

  server->clock().advance_ms(6 * kDayMs);  // a cart filled on Monday, checked out on Sunday
  EXPECT_EQ(me(token), 200);
  server->clock().advance_ms(kDayMs + 60'000);  // but not forever (S4)
  EXPECT_EQ(me(token), 401);
}

TEST_F(Compat_Tokens, RefreshAnswersANewTokenForTheSameRoleAndProfile) {
  auto seller = make_actor(*server, "Seller");
  server->clock().advance_ms(2 * kDayMs);
  auto r = refresh(seller.token);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json().is_string());  // a bare JSON string, as every token answer
  std::string fresh(r.json().as_string());
  auto old_claims = claims_of(seller.token), claims = claims_of(fresh);
  for (const char* key : {"sub", "email", "profile_id", "role", identity::kRoleClaimUri})
    EXPECT_EQ(claims.at(key), old_claims.at(key)) << key;
  EXPECT_NE(claims.at("jti"), old_claims.at("jti"));
  EXPECT_EQ(claims.at("exp").as_int64() - old_claims.at("exp").as_int64(), 2 * 24 * 60 * 60);

  // The old token expires on its own day; the new one goes on.
  server->clock().advance_ms(6 * kDayMs);
  EXPECT_EQ(me(seller.token), 401);
  EXPECT_EQ(me(fresh), 200);
}

TEST_F(Compat_Tokens, RefreshNeedsAValidTokenThatWasNotRevoked) {
  EXPECT_EQ(refresh("").status, 401);
  EXPECT_EQ(refresh("garbage").status, 401);

  auto expired = make_actor(*server, "Customer");
  server->clock().advance_ms(8 * kDayMs);
  EXPECT_EQ(refresh(expired.token).status, 401);

  auto a = make_actor(*server, "Customer");
  auto changed =
      server->patch("/api/account/" + a.account_id + "/password",
                    {{"currentPassword", a.password}, {"newPassword", "N3w!password"}}, a.token);
  ASSERT_EQ(changed.status, 204) << changed.body;
  auto r = refresh(a.token);
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_F(Compat_Tokens, RefreshesDoNotKeepASignInAliveForever) {
  auto a = make_actor(*server, "Customer");
  std::string token = a.token;
  const int64_t max_days = server->config().token_max_session_days;
  for (int64_t day = 6; day <= max_days; day += 6) {
    server->clock().advance_ms(6 * kDayMs);
    auto r = refresh(token);
    ASSERT_EQ(r.status, 200) << "day " << day << ": " << r.body;
    token = std::string(r.json().as_string());
  }
  server->clock().advance_ms((max_days % 6 + 1) * kDayMs);
  auto r = refresh(token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), "session_too_old");
  EXPECT_EQ(me(token), 200);  // the last token still lives out its own lifetime
}

TEST_F(Compat_Tokens, RefreshOfARoleTheAccountNoLongerHoldsIs403) {
  auto support = make_actor(*server, "Support");
  probe().revoke_all_roles(support.account_id);
  EXPECT_EQ(refresh(support.token).status, 403);
}

TEST_F(Compat_Tokens, TokensIssuedBeforeRevocationExistedStillWork) {
  // Wolfix.Server's claims only: no token_version, no auth_time, no iat.
  auto a = make_actor(*server, "Customer");
  const auto& c = server->config();
  int64_t now = server->clock().now_seconds();
  json::object claims{{"sub", a.account_id},
                      {"email", a.email},
                      {"jti", "0193a5c2-7d1e-7abc-8def-0123456789ab"},
                      {"profile_id", a.profile_id},
                      {identity::kRoleClaimUri, "Customer"},
                      {"iss", c.jwt_issuer},
                      {"aud", c.jwt_audience},
                      {"nbf", now},
                      {"exp", now + 3600}};
  std::string token = jwt_sign(claims, c.jwt_secret);
  EXPECT_EQ(me(token), 200);
  EXPECT_EQ(refresh(token).status, 200);
}

}  // namespace
}  // namespace wolfix::test
