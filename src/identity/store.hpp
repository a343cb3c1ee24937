#pragma once
// SQL for the identity tables (accounts, login_failures) and for the profile rows that identity
// creates in the same transaction as the account (a customer on registration, the Super admin
// row for `wolfix admin create-superadmin`).
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"

namespace wolfix::identity::store {

struct AccountRow {
  std::string id;
  std::string email;
  std::string email_lower;
  std::string password_hash;  // "" when the account signs in elsewhere (Google)
  std::string auth_provider;  // Custom | Google
  std::string google_subject;
};

std::optional<AccountRow> account_by_email(db::Session& s, const std::string& email_lower);
std::optional<AccountRow> account_by_id(db::Session& s, const std::string& id);
std::optional<AccountRow> account_by_google_subject(db::Session& s, const std::string& subject);
// Throws db::UniqueViolation when the e-mail (or Google subject) is taken.
void insert_account(db::Session& s, const AccountRow& a, int64_t now_ms);
// Throws db::UniqueViolation when the e-mail is taken; false when there is no such account.
bool update_email(db::Session& s, const std::string& id, const std::string& email,
                  const std::string& email_lower, int64_t now_ms);
// Replaces the hash only if it is still `old_hash`, so two concurrent changes cannot both win.
bool replace_password_hash(db::Session& s, const std::string& id, const std::string& old_hash,
                           const std::string& new_hash, int64_t now_ms);

struct CustomerProfile {
  std::string id;
  std::string account_id;
  std::optional<std::string> first_name, last_name, photo_url;
};
void insert_customer(db::Session& s, const CustomerProfile& c, int64_t now_ms);
void insert_super_admin(db::Session& s, const std::string& id, const std::string& account_id,
                        int64_t now_ms);
std::optional<std::string> super_admin_id(db::Session& s, const std::string& account_id);

// Login throttle counters: one row per key per fixed window.
// Adds one to the counter and returns its new value.
int64_t count_attempt(db::Session& s, const std::string& key, int64_t window_start);
void set_attempts(db::Session& s, const std::string& key, int64_t window_start, int64_t value);
void take_back_attempt(db::Session& s, const std::string& key, int64_t window_start);
void purge_attempts_before(db::Session& s, int64_t window_start);

}  // namespace wolfix::identity::store
