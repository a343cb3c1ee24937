#include "staff/accounts.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "identity/roles.hpp"

namespace wolfix::staff {

ApiError already_staff(Role role) {
  return conflict("already_staff",
                  std::string("This account is already ") +
                      (role == Role::admin ? "an admin" : "a member of the support staff"));
}

identity::AccountForRole StaffAccounts::prepare(std::string_view email,
                                                std::string_view password) const {
  return accounts_.for_new_role(email, password);
}

std::string StaffAccounts::open(db::Session& s, const identity::AccountForRole& target,
                                Role role) const {
  std::string account_id = accounts_.ensure(s, target);
  if (!target.existing) return account_id;
  auto roles = identity::roles_of(s, account_id);
  auto has = [&](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };
  if (has(role)) throw already_staff(role);
  // Wolfix.Server reuses only customer accounts: a staff-only account with this e-mail (another
  // admin, a support member, the SuperAdmin) is not turned into something else here.
  if (!has(Role::customer))
    throw conflict("email_taken",
                   "This email already belongs to an account that is not a customer");
  return account_id;
}

void StaffAccounts::grant(db::Session& s, const std::string& account_id, Role role,
                          const std::string& profile_id, int64_t now_ms) const {
  if (!identity::grant_role(s, account_id, role, profile_id, now_ms)) throw already_staff(role);
}

void StaffAccounts::revoke(db::Session& s, const std::string& account_id, Role role) const {
  identity::revoke_role_or_account(s, account_id, role);
}

}  // namespace wolfix::staff
