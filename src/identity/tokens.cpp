#include "identity/tokens.hpp"

#include <boost/json.hpp>

#include "common/jwt.hpp"
#include "common/uuid.hpp"

namespace wolfix::identity {

namespace json = boost::json;

std::string TokenService::issue(const Caller& who, int64_t version, int64_t auth_time) const {
  int64_t now = clock_.now_seconds();
  json::object claims{{"sub", who.account_id},
                      {"email", who.email},
                      {"jti", new_uuid_v7()},
                      {"profile_id", who.profile_id},
                      {"role", to_string(who.role)},
                      {kRoleClaimUri, to_string(who.role)},
                      {"token_version", version},
                      {"auth_time", auth_time > 0 ? auth_time : now},
                      {"iss", settings_.issuer},
                      {"aud", settings_.audience},
                      {"iat", now},
                      {"nbf", now},
                      {"exp", now + settings_.lifetime_minutes * 60}};
  return jwt_sign(claims, settings_.secret);
}

std::optional<VerifiedToken> TokenService::verify_token(std::string_view token,
                                                        std::string& reason) const {
  const int64_t now = clock_.now_seconds();
  {
    std::lock_guard lock(verified_mu_);
    if (auto it = verified_.find(token); it != verified_.end()) {
      const auto& v = it->second;
      if (now >= v.valid_from && now < v.valid_before) return v.token;
    }
  }
  return verify_uncached(token, reason, now);
}

std::optional<VerifiedToken> TokenService::verify_uncached(std::string_view token,
                                                           std::string& reason, int64_t now) const {
  auto result = jwt_verify(token, {settings_.secret, settings_.issuer, settings_.audience, now});
  if (!result.ok()) {
    reason = result.error;
    return std::nullopt;
  }
  auto text = [&](std::string_view key) -> std::string {
    auto* v = result.claims.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto number = [&](std::string_view key) -> std::optional<int64_t> {
    auto* v = result.claims.if_contains(key);
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64() && v->as_uint64() <= INT64_MAX)
      return static_cast<int64_t>(v->as_uint64());
    return std::nullopt;
  };
  std::string role_name = text(kRoleClaimUri);
  if (role_name.empty()) role_name = text("role");
  Caller p{text("sub"), text("email"), Role::customer, text("profile_id")};
  if (p.account_id.empty() || role_name.empty()) {
    reason = "missing_claims";
    return std::nullopt;
  }
  // We sign only the five roles' names; a signed token naming another one stays signed in but
  // is admitted by no route that names roles.
  if (auto role = parse_role(role_name))
    p.role = *role;
  else
    p.no_role = true;
  int64_t auth_time =
      number("auth_time").value_or(number("iat").value_or(number("nbf").value_or(0)));
  VerifiedToken verified{std::move(p), number("token_version").value_or(0), auth_time};
  {
    std::lock_guard lock(verified_mu_);
    // Full: start afresh rather than track ages; the next request of each client refills it.
    if (verified_.size() >= kVerifiedCacheSize) verified_.clear();
    verified_.insert_or_assign(std::string(token),
                               Verified{verified, result.valid_from, result.valid_before});
  }
  return verified;
}

std::optional<Caller> TokenService::verify(std::string_view token, std::string& reason) const {
  auto v = verify_token(token, reason);
  if (!v) return std::nullopt;
  return std::move(v->who);
}

}  // namespace wolfix::identity
