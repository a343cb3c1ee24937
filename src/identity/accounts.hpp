#pragma once
// Accounts for other modules: admin and support creation, the seed, the CLI. Slow work (hashing a
// password) happens in the methods that take no db::Session, so that it runs BEFORE the caller's
// transaction and never while a write lock is held.
//
//   identity::Accounts accounts(db, clock, cost);
//   auto draft = accounts.draft(email, password);          // 400 on a bad e-mail/password
//   db.write([&](db::Session& s) {
//     std::string account_id = accounts.create(s, draft);  // 409 if the e-mail is taken
//     identity::grant_role(s, account_id, Role::support, support_id, now);
//     ... insert the profile row ...
//   });
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "db/db.hpp"
#include "identity/password.hpp"

namespace wolfix::identity {

struct Account {
  std::string id;
  std::string email;
  std::string auth_provider;  // Custom | Google
  bool has_password = false;
};

// A checked e-mail with the hash of a checked password, ready to be inserted.
struct AccountDraft {
  std::string email;
  std::string email_lower;
  std::string password_hash;
};

// Wolfix.Server's rule for giving an e-mail a new role (admin, support): an existing account is
// reused when the password matches; otherwise a new account is made.
struct AccountForRole {
  std::optional<Account> existing;
  std::optional<AccountDraft> draft;
};

class Accounts {
 public:
  Accounts(db::Database& db, const Clock& clock, PasswordHashCost cost);

  // Validates the e-mail format and the password policy (one 400 listing every broken rule,
  // under errors.email and errors.password) and hashes the password.
  AccountDraft draft(std::string_view email, std::string_view password) const;
  // The same checks without the (slow) hashing.
  void check(std::string_view email, std::string_view password) const;
  // Inserts the account (provider Custom); 409 "email_taken" when the e-mail is in use.
  std::string create(db::Session& s, const AccountDraft& draft) const;

  std::optional<Account> find_by_email(db::Session& s, std::string_view email) const;
  std::optional<Account> find_by_id(db::Session& s, const std::string& id) const;

  // True when the password is the account's. Takes as long when there is no such account or it
  // has no password, so that callers do not reveal which e-mails exist.
  bool verify_password(const std::string& account_id, std::string_view password) const;

  // For the "new role for an e-mail" rule: 409 "email_taken" when the e-mail has an account and
  // the password is not its password; 400 when a new account would break the rules.
  AccountForRole for_new_role(std::string_view email, std::string_view password) const;
  // Inside the caller's transaction: the existing account's id, or the new account's id.
  std::string ensure(db::Session& s, const AccountForRole& a) const;

 private:
  db::Database& db_;
  const Clock& clock_;
  PasswordHashCost cost_;
};

}  // namespace wolfix::identity
