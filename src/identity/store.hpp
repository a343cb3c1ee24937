#pragma once
// SQL for the identity tables (accounts, login_failures) and for the profile rows that identity
// creates in the same transaction as the account (a customer on registration, the Super admin
// row for `wolfix admin create-superadmin`).
#include <cstdint>
#include <optional>
#include <string>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::identity::store {

struct AccountRow {
  std::string id;
  std::string email;
  std::string email_lower;
  std::string password_hash;  // "" when the account signs in elsewhere (Google)
  std::string auth_provider;  // Custom | Google
  std::string google_subject;
  int64_t token_version = 0;  // see token_versions.hpp
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

// The account's token version; nullopt when there is no such account.
std::optional<int64_t> token_version(db::Session& s, const std::string& id);
// Revokes every token issued so far; returns the new version.
int64_t bump_token_version(db::Session& s, const std::string& id);

struct CustomerProfile {
  std::string id;
  std::string account_id;
  std::optional<std::string> first_name, last_name, photo_url;
};
void insert_customer(db::Session& s, const CustomerProfile& c, int64_t now_ms);
void insert_super_admin(db::Session& s, const std::string& id, const std::string& account_id,
                        const person::FullName& name, const std::optional<std::string>& phone,
                        int64_t now_ms);
std::optional<std::string> super_admin_id(db::Session& s, const std::string& account_id);

// Throttle counters (throttle.hpp): one row per key.
struct CounterRow {
  int64_t window_start = 0;
  int64_t attempts = 0;
  int64_t previous = 0;
  int64_t last_attempt_at = 0;
};
// The key's row, made if missing, and locked until the transaction ends.
CounterRow lock_counter(db::Session& s, const std::string& key, int64_t window_start);
void save_counter(db::Session& s, const std::string& key, const CounterRow& row);
void delete_counter(db::Session& s, const std::string& key);
void purge_counters_before(db::Session& s, int64_t window_start);

bool is_known_address(db::Session& s, const std::string& account_key,
                      const std::string& address_key, int64_t since_ms);
void remember_address(db::Session& s, const std::string& account_key,
                      const std::string& address_key, int64_t now_ms);
void forget_addresses_before(db::Session& s, int64_t before_ms);

}  // namespace wolfix::identity::store
