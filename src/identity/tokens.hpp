#pragma once
// Issues and verifies the bearer tokens: HS256 JWTs with Wolfix.Server's claims, plus two of
// Wolfix's own: the account's token version (a password change revokes every earlier token,
// see token_versions.hpp) and auth_time, when the sign-in that a chain of refreshes continues
// happened.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/caller.hpp"
#include "common/clock.hpp"

namespace wolfix::identity {

// The long role claim that ASP.NET writes and the existing web client reads.
inline constexpr const char* kRoleClaimUri =
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

struct TokenSettings {
  std::string secret;
  std::string issuer;
  std::string audience;
  int64_t lifetime_minutes = 7 * 24 * 60;
};

// What a valid token says beyond the principal.
struct VerifiedToken {
  Caller who;
  int64_t version = 0;    // tokens without the claim (issued before it existed) are at 0
  int64_t auth_time = 0;  // unix seconds of the sign-in; iat/nbf for tokens without it
};

class TokenService {
 public:
  TokenService(TokenSettings settings, const Clock& clock)
      : settings_(std::move(settings)), clock_(clock) {}

  // `version` is the account's token version now; `auth_time` is carried over by a refresh
  // (0 = this is a sign-in: now).
  std::string issue(const Caller& who, int64_t version = 0, int64_t auth_time = 0) const;
  // The signature, issuer, audience and lifetime only: whether the token is revoked is the
  // identity service's question (IdentityService::authenticate).
  std::optional<VerifiedToken> verify_token(std::string_view token, std::string& reason) const;
  std::optional<Caller> verify(std::string_view token, std::string& reason) const;

  const TokenSettings& settings() const { return settings_; }

  // Tokens remembered as verified at most: a client sends the same token with every request,
  // and checking its HMAC and parsing its JSON again was ~5% of a COD order's CPU.
  static constexpr std::size_t kVerifiedCacheSize = 8192;

 private:
  struct Verified {
    VerifiedToken token;
    int64_t valid_from = 0;  // exp and nbf (with the leeway) pass from valid_from
    int64_t valid_before = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::optional<VerifiedToken> verify_uncached(std::string_view token, std::string& reason,
                                               int64_t now) const;

  TokenSettings settings_;
  const Clock& clock_;
  // The exact token text (the whole signed string) -> what verifying it found. Only tokens that
  // verified are kept, so a forged token is never answered from here; the time checks are made
  // again on every use (valid_from/valid_before), and revocation is not decided here at all.
  mutable std::mutex verified_mu_;
  mutable std::unordered_map<std::string, Verified, Hash, std::equal_to<>> verified_;
};

}  // namespace wolfix::identity
