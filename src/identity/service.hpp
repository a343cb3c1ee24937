#pragma once
// Identity use cases: registration, the two-step login (roles, then a token for one role),
// Google sign-in, e-mail and password changes, and "who am I".
#include <string>
#include <string_view>
#include <vector>

#include "common/caller.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"
#include "identity/accounts.hpp"
#include "identity/google.hpp"
#include "identity/password.hpp"
#include "identity/store.hpp"
#include "identity/throttle.hpp"
#include "identity/token_versions.hpp"
#include "identity/tokens.hpp"

namespace wolfix::identity {

struct RolesView {
  std::string account_id;
  std::string email;
  std::vector<Role> roles;
};

struct MeView {
  std::string account_id;
  std::string email;
  Role role = Role::customer;
  std::string profile_id;
  std::vector<Role> roles;
};

// The configuration the identity use cases read.
struct IdentitySettings {
  PasswordHashCost password_cost = default_password_cost();
  ThrottleLimits throttle;
  int64_t token_revocation_cache_seconds = 10;
  // A chain of refreshes ends this long after its sign-in (or one token's lifetime, if longer).
  int64_t token_max_session_days = 30;
  std::string google_jwks_file;
  std::string google_client_id;
};

class IdentityService {
 public:
  IdentityService(db::Database& db, const Clock& clock, const TokenService& tokens,
                  IdentitySettings settings);

  // A new account with the Customer role and its customers row, in one transaction; the
  // Customer token. Throttled per client address. For an e-mail that already has an account:
  // its Customer token when the password is that account's (a double-click, or someone who
  // forgot they had registered; under the sign-in throttle), otherwise 409 and a note to the
  // address (docs/security.md item 7).
  std::string register_customer(std::string_view email, std::string_view password,
                                const std::string& address);
  // `address` is the client's address, for the throttle.
  RolesView roles(std::string_view email, std::string_view password, const std::string& address);
  std::string token(std::string_view email, std::string_view password, std::string_view role,
                    const std::string& address);
  // A token for `role` (Customer by default) of the account bound to the Google identity; the
  // first sign-in makes the account (without a password) and its customer profile.
  std::string google(std::string_view id_token, std::string_view role);
  bool google_configured() const { return google_.configured(); }

  // Only the caller's own account, and only with its current password (403 when wrong, under
  // the sign-in throttle). The answer is a fresh token carrying the new e-mail.
  std::string change_email(const Caller& caller, const std::string& account_id,
                           std::string_view email, std::string_view current_password,
                           const std::string& address);
  // Also revokes every token issued before: the caller signs in again with the new password.
  void change_password(const Caller& caller, const std::string& account_id,
                       std::string_view current, std::string_view next, const std::string& address);
  MeView me(const Caller& caller);

  // The principal of a valid token that has not been revoked since it was issued (the bearer
  // check of every authenticated request).
  std::optional<Caller> authenticate(std::string_view token, std::string& reason);
  // A new token for the same account, role and profile, for a token that authenticate() accepts,
  // while the sign-in it continues is younger than the longest session (401 after that) and the
  // account still holds the role (403).
  std::string refresh(std::string_view token);

 private:
  // The account whose password this is, under the throttle; 401 otherwise.
  store::AccountRow sign_in(std::string_view email, std::string_view password,
                            const std::string& address);
  void upgrade_hash_if_needed(const store::AccountRow& row, std::string_view password);
  std::string register_existing(const store::AccountRow& row, std::string_view password,
                                const std::string& address);

  db::Database& db_;
  const Clock& clock_;
  const TokenService& tokens_;
  IdentitySettings settings_;
  PasswordHashCost cost_;
  Accounts accounts_;
  LoginThrottle throttle_;
  TokenVersions versions_;
  GoogleIdTokens google_;
};

}  // namespace wolfix::identity
