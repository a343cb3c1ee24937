#pragma once
// HS256 JSON Web Tokens (RFC 7519) and nothing else: accepting only one algorithm closes the
// classic "alg":"none" and algorithm-confusion holes without any key-type bookkeeping.
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace wolfix {

// Header {"alg":"HS256","typ":"JWT"}, payload = `claims` as given. Throws std::invalid_argument
// for an empty secret, which would make every token forgeable.
std::string jwt_sign(const boost::json::object& claims, std::string_view secret);

// `iss` must equal `issuer`; `aud` (a string or an array of strings) must contain `audience`.
// An empty issuer or audience switches that check off.
struct JwtCheck {
  std::string_view secret;
  std::string_view issuer;
  std::string_view audience;
  int64_t now_unix = 0;
  int64_t leeway_seconds = 30;  // tolerated clock skew for exp and nbf; negative counts as 0
};

struct JwtVerifyResult {
  boost::json::object claims;  // the payload, only when ok()
  // "" on success, else one of: "malformed", "bad_alg", "bad_signature", "missing_exp",
  // "expired", "not_yet_valid", "bad_issuer", "bad_audience".
  std::string error;
  // When ok(): the times (unix seconds, JwtCheck::now_unix) at which exp and nbf pass, with the
  // leeway: valid_from <= now < valid_before. Lets a caller that remembers a verified token know
  // when to verify it again.
  int64_t valid_from = 0;
  int64_t valid_before = 0;
  bool ok() const { return error.empty(); }
};

// Checks, in order: three base64url segments (total at most 8 KiB), header is a JSON object
// with "alg" exactly "HS256" and no "crit", signature (constant time) over the received bytes,
// and only then the payload: a JSON object with a numeric `exp` (required), `nbf` if present,
// `iss` and `aud`. Throws std::invalid_argument for an empty secret (a configuration error,
// not a bad token).
JwtVerifyResult jwt_verify(std::string_view token, const JwtCheck& check);

}  // namespace wolfix
