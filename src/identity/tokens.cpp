#include "identity/tokens.hpp"

#include <boost/json.hpp>

#include "common/jwt.hpp"
#include "common/uuid.hpp"

namespace wolfix::identity {

namespace json = boost::json;

std::string TokenService::issue(const http::Principal& who) const {
  int64_t now = clock_.now_seconds();
  json::object claims{{"sub", who.account_id},
                      {"email", who.email},
                      {"jti", new_uuid_v7()},
                      {"profile_id", who.profile_id},
                      {"role", who.role},
                      {kRoleClaimUri, who.role},
                      {"iss", settings_.issuer},
                      {"aud", settings_.audience},
                      {"iat", now},
                      {"nbf", now},
                      {"exp", now + settings_.lifetime_minutes * 60}};
  return jwt_sign(claims, settings_.secret);
}

std::optional<http::Principal> TokenService::verify(std::string_view token,
                                                    std::string& reason) const {
  auto result = jwt_verify(token, {settings_.secret, settings_.issuer, settings_.audience,
                                   clock_.now_seconds()});
  if (!result.ok()) {
    reason = result.error;
    return std::nullopt;
  }
  auto text = [&](std::string_view key) -> std::string {
    auto* v = result.claims.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  http::Principal p{text("sub"), text("email"), text(kRoleClaimUri), text("profile_id")};
  if (p.role.empty()) p.role = text("role");
  if (p.account_id.empty() || p.role.empty()) {
    reason = "missing_claims";
    return std::nullopt;
  }
  return p;
}

}  // namespace wolfix::identity
