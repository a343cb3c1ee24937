#include <gtest/gtest.h>

#include <string>

#include "common/jwt.hpp"
#include "identity/tokens.hpp"

namespace wolfix::identity {
namespace {

constexpr int64_t kLeeway = 30;  // jwt_verify's default, which TokenService uses

TokenSettings settings() {
  return {"unit-test-secret-at-least-32-bytes!!", "wolfix", "wolfix-clients", 60};
}

Caller customer() {
  return {"0193a5c2-7d1e-7abc-8def-0123456789ab", "c@wolfix.test", Role::customer,
          "0193a5c2-7d1e-7abc-8def-0123456789ac"};
}

TEST(JwtVerifyWindow, OkResultSaysWhenTheTimeChecksPass) {
  ManualClock clock;
  TokenService tokens(settings(), clock);
  auto token = tokens.issue(customer());
  const int64_t now = clock.now_seconds();
  auto r = jwt_verify(token, {settings().secret, "wolfix", "wolfix-clients", now});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.valid_from, now - kLeeway);           // nbf = issue time
  EXPECT_EQ(r.valid_before, now + 3600 + kLeeway);  // exp = issue time + 60 minutes
  // The window is exactly where jwt_verify itself says yes.
  EXPECT_TRUE(
      jwt_verify(token, {settings().secret, "wolfix", "wolfix-clients", r.valid_from}).ok());
  EXPECT_EQ(
      jwt_verify(token, {settings().secret, "wolfix", "wolfix-clients", r.valid_from - 1}).error,
      "not_yet_valid");
  EXPECT_TRUE(
      jwt_verify(token, {settings().secret, "wolfix", "wolfix-clients", r.valid_before - 1}).ok());
  EXPECT_EQ(
      jwt_verify(token, {settings().secret, "wolfix", "wolfix-clients", r.valid_before}).error,
      "expired");
}

TEST(TokenServiceCache, AVerifiedTokenExpiresAsAlways) {
  ManualClock clock;
  TokenService tokens(settings(), clock);
  auto token = tokens.issue(customer());
  std::string reason;
  auto first = tokens.verify_token(token, reason);
  ASSERT_TRUE(first.has_value()) << reason;
  auto again = tokens.verify_token(token, reason);  // remembered
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->who.account_id, customer().account_id);
  EXPECT_EQ(again->who.profile_id, customer().profile_id);
  EXPECT_EQ(again->who.role, Role::customer);
  EXPECT_EQ(again->version, first->version);
  EXPECT_EQ(again->auth_time, first->auth_time);

  clock.advance_ms((3600 + kLeeway - 1) * 1000);
  EXPECT_TRUE(tokens.verify_token(token, reason).has_value());
  clock.advance_ms(1000);
  reason.clear();
  EXPECT_FALSE(tokens.verify_token(token, reason).has_value());
  EXPECT_EQ(reason, "expired");
}

TEST(TokenServiceCache, OnlyTheExactTokenIsRemembered) {
  ManualClock clock;
  TokenService tokens(settings(), clock);
  auto token = tokens.issue(customer());
  std::string reason;
  ASSERT_TRUE(tokens.verify_token(token, reason).has_value());
  // The same header and payload with another signature, and a token signed with another secret.
  // The signature's first character: its last carries two unused bits, and a token whose
  // signature ended in 'A' became one ending in 'B', which is malformed, not badly signed.
  std::string forged = token;
  char& c = forged[forged.rfind('.') + 1];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.verify_token(forged, reason).has_value());
  EXPECT_EQ(reason, "bad_signature");
  auto other_settings = settings();
  other_settings.secret = "another-secret-at-least-32-bytes-long";
  TokenService other(other_settings, clock);
  EXPECT_FALSE(other.verify_token(token, reason).has_value());
  EXPECT_EQ(reason, "bad_signature");
}

TEST(TokenServiceCache, StaysBoundedAndCorrectWhenFull) {
  ManualClock clock;
  TokenService tokens(settings(), clock);
  std::string reason;
  auto first = tokens.issue(customer());
  ASSERT_TRUE(tokens.verify_token(first, reason).has_value());
  for (std::size_t i = 0; i < TokenService::kVerifiedCacheSize + 10; ++i) {
    auto who = customer();
    who.email = "c" + std::to_string(i) + "@wolfix.test";
    auto token = tokens.issue(who);
    auto v = tokens.verify_token(token, reason);
    ASSERT_TRUE(v.has_value()) << reason;
    ASSERT_EQ(v->who.email, who.email);
  }
  auto v = tokens.verify_token(first, reason);
  ASSERT_TRUE(v.has_value()) << reason;
  EXPECT_EQ(v->who.email, customer().email);
}

}  // namespace
}  // namespace wolfix::identity
