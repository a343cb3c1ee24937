#include "identity/store.hpp"

namespace wolfix::identity::store {
namespace {

constexpr const char* kAccountColumns =
    "SELECT id, email, email_lower, password_hash, auth_provider, google_subject, token_version "
    "FROM accounts ";

std::optional<AccountRow> one_account(db::Session& s, const std::string& where,
                                      const std::string& value) {
  auto r = s.query_one(std::string(kAccountColumns) + where, {value});
  if (!r) return std::nullopt;
  return AccountRow{r->str(0), r->str(1),
                    r->str(2), r->opt_str(3).value_or(""),
                    r->str(4), r->opt_str(5).value_or(""),
                    r->i64(6)};
}

std::optional<std::string> or_null(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional(s);
}

}  // namespace

std::optional<AccountRow> account_by_email(db::Session& s, const std::string& email_lower) {
  return one_account(s, "WHERE email_lower = ?", email_lower);
}

std::optional<AccountRow> account_by_id(db::Session& s, const std::string& id) {
  return one_account(s, "WHERE id = ?", id);
}

std::optional<AccountRow> account_by_google_subject(db::Session& s, const std::string& subject) {
  return one_account(s, "WHERE google_subject = ?", subject);
}

void insert_account(db::Session& s, const AccountRow& a, int64_t now_ms) {
  s.exec(
      "INSERT INTO accounts (id, email, email_lower, password_hash, auth_provider, "
      "google_subject, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, a.email, a.email_lower, or_null(a.password_hash), a.auth_provider,
       or_null(a.google_subject), now_ms, now_ms});
}

bool update_email(db::Session& s, const std::string& id, const std::string& email,
                  const std::string& email_lower, int64_t now_ms) {
  return s.exec("UPDATE accounts SET email = ?, email_lower = ?, updated_at = ? WHERE id = ?",
                {email, email_lower, now_ms, id}) == 1;
}

bool replace_password_hash(db::Session& s, const std::string& id, const std::string& old_hash,
                           const std::string& new_hash, int64_t now_ms) {
  return s.exec(
             "UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ? AND "
             "password_hash = ?",
             {new_hash, now_ms, id, old_hash}) == 1;
}

std::optional<int64_t> token_version(db::Session& s, const std::string& id) {
  auto r = s.query_one("SELECT token_version FROM accounts WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return r->i64(0);
}

int64_t bump_token_version(db::Session& s, const std::string& id) {
  auto r = s.query_one(
      "UPDATE accounts SET token_version = token_version + 1 WHERE id = ? RETURNING token_version",
      {id});
  return r ? r->i64(0) : 0;
}

void insert_customer(db::Session& s, const CustomerProfile& c, int64_t now_ms) {
  s.exec(
      "INSERT INTO customers (id, account_id, first_name, last_name, photo_url, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {c.id, c.account_id, c.first_name, c.last_name, c.photo_url, now_ms});
}

void insert_super_admin(db::Session& s, const std::string& id, const std::string& account_id,
                        const person::FullName& name, const std::optional<std::string>& phone,
                        int64_t now_ms) {
  s.exec(
      "INSERT INTO admins (id, account_id, type, first_name, last_name, middle_name, "
      "phone_number, created_at) VALUES (?, ?, 'Super', ?, ?, ?, ?, ?)",
      {id, account_id, name.first_name, name.last_name, name.middle_name, phone, now_ms});
}

std::optional<std::string> super_admin_id(db::Session& s, const std::string& account_id) {
  auto r =
      s.query_one("SELECT id FROM admins WHERE account_id = ? AND type = 'Super'", {account_id});
  if (!r) return std::nullopt;
  return r->str(0);
}

CounterRow lock_counter(db::Session& s, const std::string& key, int64_t window_start) {
  // The no-op update takes the row lock on PostgreSQL; SQLite's write transaction is already
  // exclusive.
  auto r = s.query_one(
      "INSERT INTO throttle_counters (throttle_key, window_start, attempts, previous, "
      "last_attempt_at) VALUES (?, ?, 0, 0, 0) ON CONFLICT (throttle_key) DO UPDATE SET "
      "attempts = throttle_counters.attempts RETURNING window_start, attempts, previous, "
      "last_attempt_at",
      {key, window_start});
  return CounterRow{r->i64(0), r->i64(1), r->i64(2), r->i64(3)};
}

void save_counter(db::Session& s, const std::string& key, const CounterRow& row) {
  s.exec(
      "UPDATE throttle_counters SET window_start = ?, attempts = ?, previous = ?, "
      "last_attempt_at = ? WHERE throttle_key = ?",
      {row.window_start, row.attempts, row.previous, row.last_attempt_at, key});
}

void delete_counter(db::Session& s, const std::string& key) {
  s.exec("DELETE FROM throttle_counters WHERE throttle_key = ?", {key});
}

void purge_counters_before(db::Session& s, int64_t window_start) {
  s.exec("DELETE FROM throttle_counters WHERE window_start < ?", {window_start});
}

bool is_known_address(db::Session& s, const std::string& account_key,
                      const std::string& address_key, int64_t since_ms) {
  return s
      .query_one(
          "SELECT 1 FROM sign_in_known_addresses WHERE account_key = ? AND address_key = ? AND "
          "last_success_at >= ?",
          {account_key, address_key, since_ms})
      .has_value();
}

void remember_address(db::Session& s, const std::string& account_key,
                      const std::string& address_key, int64_t now_ms) {
  s.exec(
      "INSERT INTO sign_in_known_addresses (account_key, address_key, last_success_at) VALUES "
      "(?, ?, ?) ON CONFLICT (account_key, address_key) DO UPDATE SET last_success_at = "
      "excluded.last_success_at",
      {account_key, address_key, now_ms});
}

void forget_addresses_before(db::Session& s, int64_t before_ms) {
  s.exec("DELETE FROM sign_in_known_addresses WHERE last_success_at < ?", {before_ms});
}

}  // namespace wolfix::identity::store
