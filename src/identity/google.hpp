#pragma once
// Google ID tokens (RS256 JWTs) checked offline against Google's public keys (a JWKS document
// the operator keeps in a file, e.g. refreshed from https://www.googleapis.com/oauth2/v3/certs by
// a timer; the file is re-read when it changes) and our OAuth client id as the audience.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace wolfix::identity {

struct GoogleIdentity {
  std::string subject;  // Google's stable user id
  std::string email;
  std::string given_name, family_name, picture;  // "" when absent
};

class GoogleIdTokens {
 public:
  GoogleIdTokens(std::string jwks_file, std::string client_id, const Clock& clock);
  ~GoogleIdTokens();

  // Both a key file and a client id are configured.
  bool configured() const { return !jwks_file_.empty() && !client_id_.empty(); }

  // The person a valid ID token names; nullopt with `reason` for anything else: a malformed
  // token, an algorithm other than RS256, an unknown key id, a bad signature, another issuer or
  // audience, an expired token, or an e-mail Google has not verified.
  std::optional<GoogleIdentity> verify(std::string_view id_token, std::string& reason) const;

  struct KeySet;

 private:
  std::shared_ptr<const KeySet> keys(std::string& reason) const;

  std::string jwks_file_;
  std::string client_id_;
  const Clock& clock_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const KeySet> cached_;
  mutable int64_t cached_mtime_ = -1;
};

}  // namespace wolfix::identity
