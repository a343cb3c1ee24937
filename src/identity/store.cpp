#include "identity/store.hpp"

namespace wolfix::identity::store {
namespace {

constexpr const char* kAccountColumns =
    "SELECT id, email, email_lower, password_hash, auth_provider, google_subject FROM accounts ";

std::optional<AccountRow> one_account(db::Session& s, const std::string& where,
                                      const std::string& value) {
  auto r = s.query_one(std::string(kAccountColumns) + where, {value});
  if (!r) return std::nullopt;
  return AccountRow{r->str(0), r->str(1),
                    r->str(2), r->opt_str(3).value_or(""),
                    r->str(4), r->opt_str(5).value_or("")};
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

void insert_customer(db::Session& s, const CustomerProfile& c, int64_t now_ms) {
  s.exec(
      "INSERT INTO customers (id, account_id, first_name, last_name, photo_url, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {c.id, c.account_id, c.first_name, c.last_name, c.photo_url, now_ms});
}

void insert_super_admin(db::Session& s, const std::string& id, const std::string& account_id,
                        int64_t now_ms) {
  // admins requires a name; the bootstrap SuperAdmin has none until someone gives it one.
  s.exec(
      "INSERT INTO admins (id, account_id, type, first_name, last_name, created_at) VALUES (?, ?, "
      "'Super', 'Super', 'Admin', ?)",
      {id, account_id, now_ms});
}

std::optional<std::string> super_admin_id(db::Session& s, const std::string& account_id) {
  auto r =
      s.query_one("SELECT id FROM admins WHERE account_id = ? AND type = 'Super'", {account_id});
  if (!r) return std::nullopt;
  return r->str(0);
}

int64_t count_attempt(db::Session& s, const std::string& key, int64_t window_start) {
  auto r = s.query_one(
      "INSERT INTO login_failures (throttle_key, window_start, failures) VALUES (?, ?, 1) "
      "ON CONFLICT (throttle_key, window_start) DO UPDATE SET failures = "
      "login_failures.failures + 1 RETURNING failures",
      {key, window_start});
  return r ? r->i64(0) : 1;
}

void set_attempts(db::Session& s, const std::string& key, int64_t window_start, int64_t value) {
  s.exec("UPDATE login_failures SET failures = ? WHERE throttle_key = ? AND window_start = ?",
         {value, key, window_start});
}

void take_back_attempt(db::Session& s, const std::string& key, int64_t window_start) {
  s.exec(
      "UPDATE login_failures SET failures = failures - 1 WHERE throttle_key = ? AND "
      "window_start = ? AND failures > 0",
      {key, window_start});
}

void purge_attempts_before(db::Session& s, int64_t window_start) {
  s.exec("DELETE FROM login_failures WHERE window_start < ?", {window_start});
}

}  // namespace wolfix::identity::store
