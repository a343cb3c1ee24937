#include "common/jwt.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/crypto.hpp"

namespace wolfix {
namespace {

namespace json = boost::json;

constexpr std::string_view kSecret = "test-secret-at-least-32-bytes-long!!";
constexpr int64_t kNow = 1732406400;

JwtCheck check_at(int64_t now = kNow) {
  return JwtCheck{kSecret, "wolfix", "wolfix-clients", now, 30};
}

json::object good_claims() {
  return json::object{{"sub", "0193a5c2-7d1e-7abc-8def-0123456789ab"},
                      {"iss", "wolfix"},
                      {"aud", "wolfix-clients"},
                      {"nbf", kNow},
                      {"exp", kNow + 3600},
                      {"role", "Customer"}};
}

// Builds a token from raw JSON texts so tests can produce headers jwt_sign never would.
std::string make_token(std::string_view header_json, std::string_view payload_json,
                       std::string_view secret = kSecret) {
  std::string token = base64url_encode(header_json) + "." + base64url_encode(payload_json);
  return token + "." + base64url_encode(hmac_sha256(secret, token));
}

std::string payload_json(const json::object& claims) {
  return json::serialize(claims);
}

std::string reason(std::string_view token, const JwtCheck& check = check_at()) {
  return jwt_verify(token, check).error;
}

TEST(JwtSign, MatchesPublishedHs256Example) {
  // The well-known jwt.io example token.
  const json::object claims{{"sub", "1234567890"}, {"name", "John Doe"}, {"iat", 1516239022}};
  EXPECT_EQ(jwt_sign(claims, "your-256-bit-secret"),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
}

TEST(JwtSign, EmptySecretThrows) {
  EXPECT_THROW(jwt_sign(good_claims(), ""), std::invalid_argument);
  EXPECT_THROW(jwt_verify("a.b.c", JwtCheck{"", "", "", kNow}), std::invalid_argument);
}

TEST(JwtVerify, RoundTrip) {
  const std::string token = jwt_sign(good_claims(), kSecret);
  const JwtVerifyResult result = jwt_verify(token, check_at());
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.claims, good_claims());
  EXPECT_EQ(result.claims.at("role").as_string(), "Customer");
}

TEST(JwtVerify, WolfixServerStyleClaims) {
  json::object claims = good_claims();
  claims["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = "Seller";
  claims["profile_id"] = "0193a5c2-7d1e-7abc-8def-0123456789ac";
  claims["jti"] = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  const auto result = jwt_verify(jwt_sign(claims, kSecret), check_at());
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.claims.at("profile_id").as_string(), "0193a5c2-7d1e-7abc-8def-0123456789ac");
}

TEST(JwtVerify, MalformedStructure) {
  const std::string token = jwt_sign(good_claims(), kSecret);
  const std::size_t dot2 = token.rfind('.');
  EXPECT_EQ(reason(""), "malformed");
  EXPECT_EQ(reason("abc"), "malformed");
  EXPECT_EQ(reason(token.substr(0, dot2)), "malformed");  // two segments
  EXPECT_EQ(reason(token + ".extra"), "malformed");       // four segments
  EXPECT_EQ(reason(token + "."), "malformed");
  EXPECT_EQ(reason("." + token), "malformed");
  EXPECT_EQ(reason(".."), "malformed");
  EXPECT_EQ(reason(" " + token), "malformed");
  EXPECT_EQ(reason(token + "\n"), "malformed");
  EXPECT_EQ(reason(token.substr(0, dot2 + 1) + "not*base64"), "malformed");
  EXPECT_EQ(reason(token.substr(0, dot2 + 1) + "c2ln="), "malformed");
  EXPECT_EQ(reason(std::string(9000, 'a')), "malformed");
}

TEST(JwtVerify, MalformedHeader) {
  const std::string payload = payload_json(good_claims());
  EXPECT_EQ(reason(make_token("not json", payload)), "malformed");
  EXPECT_EQ(reason(make_token("[\"HS256\"]", payload)), "malformed");
  EXPECT_EQ(reason(make_token("\"HS256\"", payload)), "malformed");
  EXPECT_EQ(reason(make_token("{\"alg\":\"HS256\"", payload)), "malformed");
  EXPECT_EQ(reason(make_token(R"({"alg":"HS256","crit":["exp"]})", payload)), "malformed");
  EXPECT_EQ(reason("%%%." + base64url_encode(payload) + ".sig"), "malformed");
}

TEST(JwtVerify, RejectsEveryAlgorithmButHs256) {
  const std::string payload = payload_json(good_claims());
  // alg "none" with an empty signature: the classic bypass.
  const std::string unsigned_token =
      base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url_encode(payload) + ".";
  EXPECT_EQ(reason(unsigned_token), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":"none"})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":"hs256"})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":"HS512"})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":"RS256"})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":"HS256 "})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":null})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":256})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"alg":["HS256"]})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token(R"({"typ":"JWT"})", payload)), "bad_alg");
  EXPECT_EQ(reason(make_token("{}", payload)), "bad_alg");
  // A header without typ, or with extra members, is fine.
  EXPECT_EQ(reason(make_token(R"({"alg":"HS256"})", payload)), "");
  EXPECT_EQ(reason(make_token(R"({"kid":"k1","alg":"HS256","typ":"at+jwt"})", payload)), "");
}

TEST(JwtVerify, BadSignature) {
  const std::string token = jwt_sign(good_claims(), kSecret);
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.rfind('.');

  // Wrong key.
  EXPECT_EQ(reason(jwt_sign(good_claims(), "another-secret")), "bad_signature");

  // Tampered payload, original signature kept.
  json::object escalated = good_claims();
  escalated["role"] = "SuperAdmin";
  const std::string tampered =
      token.substr(0, dot1 + 1) + base64url_encode(payload_json(escalated)) + token.substr(dot2);
  EXPECT_EQ(reason(tampered), "bad_signature");

  // Signature truncated, extended, emptied, or taken from another token.
  const std::string mac = *base64url_decode(token.substr(dot2 + 1));
  EXPECT_EQ(reason(token.substr(0, dot2 + 1) + base64url_encode(mac.substr(0, 31))),
            "bad_signature");
  EXPECT_EQ(reason(token.substr(0, dot2 + 1) + base64url_encode(mac + "x")), "bad_signature");
  EXPECT_EQ(reason(token.substr(0, dot2 + 1)), "bad_signature");
  const std::string other = jwt_sign(escalated, kSecret);
  EXPECT_EQ(reason(token.substr(0, dot2) + other.substr(other.rfind('.'))), "bad_signature");

  // One flipped signature character.
  std::string flipped = token;
  flipped[dot2 + 1] = flipped[dot2 + 1] == 'A' ? 'B' : 'A';
  EXPECT_EQ(reason(flipped), "bad_signature");
}

TEST(JwtVerify, SignatureIsCheckedBeforePayloadIsRead) {
  // An unsigned garbage payload is reported as a bad signature, not as a parse problem: nothing
  // in the payload is looked at until the MAC is verified.
  const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_EQ(reason(header + ".bm90IGpzb24." + base64url_encode(std::string(32, 'x'))),
            "bad_signature");
  // The same payload with a valid MAC gets as far as the JSON parser.
  EXPECT_EQ(reason(make_token(R"({"alg":"HS256"})", "not json")), "malformed");
  EXPECT_EQ(reason(make_token(R"({"alg":"HS256"})", "[1,2]")), "malformed");
}

TEST(JwtVerify, ExpirationRequiredAndEnforced) {
  json::object claims = good_claims();
  claims.erase("exp");
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "missing_exp");

  claims["exp"] = "1732410000";
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "malformed");
  claims["exp"] = nullptr;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "malformed");

  // Valid strictly before exp + leeway (30 s).
  claims["exp"] = kNow - 29;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["exp"] = kNow - 30;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "expired");
  claims["exp"] = kNow - 86400;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "expired");

  // Without leeway the token dies exactly at exp.
  JwtCheck strict = check_at();
  strict.leeway_seconds = 0;
  claims["exp"] = kNow;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret), strict), "expired");
  claims["exp"] = kNow + 1;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret), strict), "");
  strict.leeway_seconds = -100;  // treated as 0
  EXPECT_EQ(reason(jwt_sign(claims, kSecret), strict), "");
}

TEST(JwtVerify, NumericDateForms) {
  json::object claims = good_claims();
  claims["exp"] = double(kNow) + 0.5;  // fraction: rounded down for exp
  JwtCheck strict = check_at();
  strict.leeway_seconds = 0;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret), strict), "expired");
  claims["exp"] = double(kNow + 60);
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["exp"] = std::uint64_t{18446744073709551615u};  // saturates, never wraps negative
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["exp"] = 1e300;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["exp"] = -1e300;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "expired");
  claims["exp"] = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(reason(jwt_sign(claims, kSecret),
                   JwtCheck{kSecret, "", "", std::numeric_limits<int64_t>::max() - 1, 30}),
            "");
}

TEST(JwtVerify, NotBefore) {
  json::object claims = good_claims();
  claims["nbf"] = kNow + 30;  // within leeway
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["nbf"] = kNow + 31;
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "not_yet_valid");
  claims["nbf"] = double(kNow) + 30.5;  // rounded up for nbf
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "not_yet_valid");
  claims["nbf"] = "soon";
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "malformed");
  claims.erase("nbf");  // optional
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
}

TEST(JwtVerify, Issuer) {
  json::object claims = good_claims();
  claims["iss"] = "someone-else";
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_issuer");
  claims["iss"] = "Wolfix";
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_issuer");
  claims["iss"] = json::array{"wolfix"};
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_issuer");
  claims.erase("iss");
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_issuer");
  // An empty expected issuer switches the check off.
  EXPECT_EQ(reason(jwt_sign(claims, kSecret), JwtCheck{kSecret, "", "wolfix-clients", kNow}), "");
}

TEST(JwtVerify, Audience) {
  json::object claims = good_claims();
  claims["aud"] = "other-app";
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_audience");
  claims["aud"] = json::array{"other-app", "wolfix-clients"};
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["aud"] = json::array{"other-app", "another"};
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_audience");
  claims["aud"] = json::array{};
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_audience");
  claims["aud"] = json::array{42, nullptr, "wolfix-clients"};
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "");
  claims["aud"] = json::object{{"aud", "wolfix-clients"}};
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_audience");
  claims.erase("aud");
  EXPECT_EQ(reason(jwt_sign(claims, kSecret)), "bad_audience");
  EXPECT_EQ(reason(jwt_sign(claims, kSecret), JwtCheck{kSecret, "wolfix", "", kNow}), "");
}

TEST(JwtVerify, FailedResultCarriesNoClaims) {
  const auto result = jwt_verify(jwt_sign(good_claims(), "wrong"), check_at());
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.claims.empty());
}

}  // namespace
}  // namespace wolfix
