#pragma once
// Issues and verifies the bearer tokens: HS256 JWTs with Wolfix.Server's claims.
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "http/types.hpp"

namespace wolfix::identity {

// The long role claim that ASP.NET writes and the existing web client reads.
inline constexpr const char* kRoleClaimUri =
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

struct TokenSettings {
  std::string secret;
  std::string issuer;
  std::string audience;
  int64_t lifetime_minutes = 24 * 60;
};

class TokenService {
 public:
  TokenService(TokenSettings settings, const Clock& clock)
      : settings_(std::move(settings)), clock_(clock) {}

  std::string issue(const http::Principal& who) const;
  // The principal a valid token names, or nullopt with `reason` set.
  std::optional<http::Principal> verify(std::string_view token, std::string& reason) const;

 private:
  TokenSettings settings_;
  const Clock& clock_;
};

}  // namespace wolfix::identity
