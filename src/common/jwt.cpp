#include "common/jwt.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "common/crypto.hpp"

namespace wolfix {
namespace {

// Far above any token we issue, low enough that a hostile header costs little to reject.
constexpr std::size_t kMaxTokenBytes = 8192;

// The header never varies, so it is written once, byte for byte.
constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";

JwtVerifyResult fail(std::string reason) {
  return JwtVerifyResult{{}, std::move(reason)};
}

std::optional<boost::json::object> decode_json_object(std::string_view segment) {
  const auto bytes = base64url_decode(segment);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*bytes, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

// A NumericDate may be any JSON number. Fractions are rounded in the strict direction for the
// claim at hand (exp down, nbf up) and huge values saturate instead of wrapping.
std::optional<int64_t> numeric_date(const boost::json::value& v, bool round_up) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return v.get_uint64() > uint64_t(kMax) ? kMax : int64_t(v.get_uint64());
  if (v.is_double()) {
    const double d = round_up ? std::ceil(v.get_double()) : std::floor(v.get_double());
    if (std::isnan(d)) return std::nullopt;
    if (d >= 9.2e18) return kMax;
    if (d <= -9.2e18) return kMin;
    return int64_t(d);
  }
  return std::nullopt;
}

bool audience_matches(const boost::json::value& aud, std::string_view expected) {
  if (aud.is_string()) return aud.get_string() == expected;
  if (!aud.is_array()) return false;
  for (const auto& item : aud.get_array()) {
    if (item.is_string() && item.get_string() == expected) return true;
  }
  return false;
}

}  // namespace

std::string jwt_sign(const boost::json::object& claims, std::string_view secret) {
  if (secret.empty()) throw std::invalid_argument("jwt_sign: empty secret");
  std::string token = base64url_encode(kHeaderJson);
  token.push_back('.');
  token += base64url_encode(boost::json::serialize(claims));
  const std::string signature = hmac_sha256(secret, token);
  token.push_back('.');
  token += base64url_encode(signature);
  return token;
}

JwtVerifyResult jwt_verify(std::string_view token, const JwtCheck& check) {
  if (check.secret.empty()) throw std::invalid_argument("jwt_verify: empty secret");
  if (token.size() > kMaxTokenBytes) return fail("malformed");

  const std::size_t dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return fail("malformed");
  const std::size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) return fail("malformed");
  if (token.find('.', dot2 + 1) != std::string_view::npos) return fail("malformed");
  const std::string_view header_b64 = token.substr(0, dot1);
  const std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = token.substr(dot2 + 1);

  const auto header = decode_json_object(header_b64);
  if (!header) return fail("malformed");
  const auto* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != "HS256") return fail("bad_alg");
  // RFC 7515 §4.1.11: extensions listed in "crit" must be understood; we understand none.
  if (header->contains("crit")) return fail("malformed");

  const auto signature = base64url_decode(signature_b64);
  if (!signature) return fail("malformed");
  const std::string expected = hmac_sha256(check.secret, token.substr(0, dot2));
  if (!constant_time_equals(*signature, expected)) return fail("bad_signature");

  // From here on the payload is known to come from a holder of the secret.
  auto claims = decode_json_object(payload_b64);
  if (!claims) return fail("malformed");

  const int64_t leeway = check.leeway_seconds < 0 ? 0 : check.leeway_seconds;
  const __int128 now = check.now_unix;

  const auto* exp_value = claims->if_contains("exp");
  if (exp_value == nullptr) return fail("missing_exp");
  const auto exp = numeric_date(*exp_value, /*round_up=*/false);
  if (!exp) return fail("malformed");
  // RFC 7519 §4.1.4: the token is valid only *before* exp.
  if (now >= __int128(*exp) + leeway) return fail("expired");

  if (const auto* nbf_value = claims->if_contains("nbf")) {
    const auto nbf = numeric_date(*nbf_value, /*round_up=*/true);
    if (!nbf) return fail("malformed");
    if (__int128(*nbf) > now + leeway) return fail("not_yet_valid");
  }

  if (!check.issuer.empty()) {
    const auto* iss = claims->if_contains("iss");
    if (iss == nullptr || !iss->is_string() || iss->get_string() != check.issuer) {
      return fail("bad_issuer");
    }
  }

  if (!check.audience.empty()) {
    const auto* aud = claims->if_contains("aud");
    if (aud == nullptr || !audience_matches(*aud, check.audience)) return fail("bad_audience");
  }

  const auto clamp = [](__int128 v) {
    return static_cast<int64_t>(std::clamp<__int128>(v, std::numeric_limits<int64_t>::min(),
                                                     std::numeric_limits<int64_t>::max()));
  };
  JwtVerifyResult ok{std::move(*claims), {}};
  ok.valid_before = clamp(__int128(*exp) + leeway);
  ok.valid_from = std::numeric_limits<int64_t>::min();
  if (const auto* nbf_value = ok.claims.if_contains("nbf"))
    ok.valid_from = clamp(__int128(*numeric_date(*nbf_value, /*round_up=*/true)) - leeway);
  return ok;
}

}  // namespace wolfix
