#pragma once
// Who is signed in, as a verified token says: the account, its e-mail and the one role (with that
// role's profile id) the token was issued for. Identity issues and verifies it; the HTTP layer only
// carries it on the request (http::Principal names this type), so use cases that need more than
// the Actor (the account id, the e-mail) take a Caller without depending on HTTP.
#include <string>

#include "common/role.hpp"

namespace wolfix {

struct Caller {
  std::string account_id;
  std::string email;
  Role role = Role::customer;
  std::string profile_id;
  // The caller holds no role a route may admit: the profile behind `role` is gone
  // (identity/role_checks.hpp), or the token names a role this server does not know (`role` is
  // then a placeholder). Routes that name roles answer 403; signed-in-only routes still admit.
  bool no_role = false;
};

}  // namespace wolfix
