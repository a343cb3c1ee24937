#pragma once
// Bootstrapping the first SuperAdmin (`wolfix admin create-superadmin`): the API cannot make one.
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/person.hpp"
#include "db/db.hpp"
#include "identity/accounts.hpp"

namespace wolfix::identity {

enum class SuperAdminOutcome {
  created,  // a new account with the SuperAdmin role
  granted,  // an existing account (same password) got the role
  already,  // the account was a SuperAdmin already
};

struct SuperAdmin {
  SuperAdminOutcome outcome;
  std::string account_id;
  std::string profile_id;  // admins.id, type Super
};

// Throws ApiError: 400 for a bad e-mail or weak password (new account), 409 when the e-mail has
// an account with another password.
SuperAdmin create_super_admin(db::Database& db, const Clock& clock, const Accounts& accounts,
                              std::string_view email, std::string_view password);

// Inside the caller's transaction, which has just made the account: its Super admin row with a
// name and phone (`wolfix seed`'s demo SuperAdmin). The caller grants the role.
void add_super_admin_profile(db::Session& s, const std::string& id, const std::string& account_id,
                             const person::FullName& name, const std::string& phone,
                             int64_t now_ms);

}  // namespace wolfix::identity
