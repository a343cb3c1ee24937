#pragma once
// The account side of making someone staff, shared by the admin and support modules (one home
// for Wolfix.Server's rule): an existing Customer account whose password matches gains the
// staff role; an unknown e-mail gets a new account; any other account with that e-mail is 409.
// Everything goes through identity's accounts and roles, inside the caller's transaction, so a
// profile that cannot be inserted leaves no account behind.
//
//   auto target = staff.prepare(email, password);   // before the transaction: hashing
//   db.write([&](db::Session& s) {
//     std::string account_id = staff.open(s, target, Role::support);
//     ... insert the profile row ...
//     staff.grant(s, account_id, Role::support, profile_id, now);
//   });
#include <cstdint>
#include <string>
#include <string_view>

#include "common/errors.hpp"
#include "common/role.hpp"
#include "db/db.hpp"
#include "identity/accounts.hpp"

namespace wolfix::staff {

// 409 already_staff: the account holds the role (or its profile) already.
ApiError already_staff(Role role);

class StaffAccounts {
 public:
  explicit StaffAccounts(const identity::Accounts& accounts) : accounts_(accounts) {}

  // Hashes (new account) or verifies (existing one) the password, outside any transaction:
  // 400 when a new account's password breaks identity's policy, 409 email_taken when the
  // e-mail's account has another password.
  identity::AccountForRole prepare(std::string_view email, std::string_view password) const;
  // The account to attach `role` to: the new one (409 email_taken if the e-mail was taken
  // meanwhile) or the existing one, which must be a Customer (409 email_taken) and not hold
  // `role` yet (409 already_staff).
  std::string open(db::Session& s, const identity::AccountForRole& target, Role role) const;
  // 409 already_staff when a concurrent request granted it first.
  void grant(db::Session& s, const std::string& account_id, Role role,
             const std::string& profile_id, int64_t now_ms) const;
  // Takes the role back, with the whole account when it was its only role.
  void revoke(db::Session& s, const std::string& account_id, Role role) const;

 private:
  const identity::Accounts& accounts_;
};

}  // namespace wolfix::staff
