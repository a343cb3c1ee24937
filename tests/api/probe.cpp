// The probe's core, accounts, notifications and migrations (probe.hpp).
#include "probe.hpp"

#include "identity/model.hpp"

namespace wolfix::test {

Probe Probe::open(const std::string& database_url, int pool_size) {
  return Probe(std::shared_ptr<db::Database>(db::Database::open(database_url, pool_size)));
}

void Probe::create_postgres_database(const std::string& admin_url, const std::string& name) {
  auto server = db::Database::open(admin_url, 1);
  server->read([&](db::Session& s) { s.exec_script("CREATE DATABASE " + name); });
}

void Probe::make_foreign_database(const std::string& database_url) {
  auto other = db::Database::open(database_url, 1);
  other->write([](db::Session& s) { s.exec("CREATE TABLE t (x INTEGER)"); });
}

int64_t Probe::count(const std::string& sql, const db::Params& params) {
  return db_->read([&](db::Session& s) {
    auto row = s.query_one(sql, params);
    return row && !row->is_null(0) ? row->i64(0) : 0;
  });
}

void Probe::exec(const std::string& sql, const db::Params& params) {
  db_->write([&](db::Session& s) { s.exec(sql, params); });
}

// ---- accounts and profiles --------------------------------------------------------------------

namespace {

void insert_account(db::Session& s, const std::string& account_id, const std::string& email,
                    const std::string& password_hash, int64_t now) {
  s.exec(
      "INSERT INTO accounts (id, email, email_lower, password_hash, auth_provider, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 'Custom', ?, ?)",
      {account_id, email, identity::normalize_email(email), password_hash, now, now});
}

void insert_role(db::Session& s, const std::string& account_id, const std::string& role,
                 const std::string& profile_id, int64_t now) {
  s.exec("INSERT INTO account_roles (account_id, role, profile_id, created_at) VALUES (?,?,?,?)",
         {account_id, role, profile_id, now});
}

void insert_profile(db::Session& s, const std::string& role, const std::string& profile_id,
                    const std::string& account_id, int64_t now) {
  if (role == "Customer") {
    s.exec(
        "INSERT INTO customers (id, account_id, first_name, last_name, middle_name, "
        "phone_number, created_at) VALUES (?, ?, 'Olena', 'Kovalenko', 'Ivanivna', "
        "'+380501234567', ?)",
        {profile_id, account_id, now});
  } else if (role == "Seller") {
    s.exec(
        "INSERT INTO sellers (id, account_id, first_name, last_name, middle_name, phone_number, "
        "city, street, house_number, birth_date, created_at) VALUES (?, ?, 'Taras', "
        "'Shevchenko', 'Hryhorovych', '+380671234567', 'Kyiv', 'Khreshchatyk', 1, "
        "'1990-03-09', ?)",
        {profile_id, account_id, now});
  } else if (role == "Admin" || role == "SuperAdmin") {
    s.exec(
        "INSERT INTO admins (id, account_id, type, first_name, last_name, middle_name, "
        "phone_number, created_at) VALUES (?, ?, ?, 'Admin', 'Adminenko', NULL, "
        "'+380931234567', ?)",
        {profile_id, account_id, role == "Admin" ? "Basic" : "Super", now});
  } else if (role == "Support") {
    s.exec(
        "INSERT INTO supports (id, account_id, first_name, last_name, middle_name, created_at) "
        "VALUES (?, ?, 'Sofia', ?, NULL, ?)",
        // Support members' full names are unique.
        {profile_id, account_id, "Pidtrymka " + profile_id, now});
  }
}

}  // namespace

void Probe::add_actor(const std::string& role, const std::string& account_id,
                      const std::string& profile_id, const std::string& email,
                      const std::string& password_hash, int64_t now) {
  db_->write([&](db::Session& s) {
    insert_account(s, account_id, email, password_hash, now);
    insert_role(s, account_id, role, profile_id, now);
    insert_profile(s, role, profile_id, account_id, now);
  });
}

void Probe::grant_role(const std::string& account_id, const std::string& role,
                       const std::string& profile_id, int64_t now) {
  db_->write([&](db::Session& s) { insert_role(s, account_id, role, profile_id, now); });
}

void Probe::add_customer_role(const std::string& account_id, const std::string& profile_id,
                              const std::optional<std::string>& first_name,
                              const std::optional<std::string>& last_name, int64_t now) {
  db_->write([&](db::Session& s) {
    s.exec(
        "INSERT INTO customers (id, account_id, first_name, last_name, created_at) VALUES "
        "(?, ?, ?, ?, ?)",
        {profile_id, account_id, first_name, last_name, now});
    insert_role(s, account_id, "Customer", profile_id, now);
  });
}

int64_t Probe::accounts_with_email(const std::string& email) {
  return count("SELECT COUNT(*) FROM accounts WHERE email_lower = ?",
               {identity::normalize_email(email)});
}

int64_t Probe::customers_with_email(const std::string& email) {
  return count(
      "SELECT COUNT(*) FROM customers c JOIN accounts a ON a.id = c.account_id "
      "WHERE a.email_lower = ?",
      {identity::normalize_email(email)});
}

int64_t Probe::role_grants(const std::string& account_id, const std::string& role,
                           const std::string& profile_id) {
  return count(
      "SELECT COUNT(*) FROM account_roles WHERE account_id = ? AND role = ? AND profile_id = ?",
      {account_id, role, profile_id});
}

std::optional<std::string> Probe::role_profile(const std::string& account_id,
                                               const std::string& role) {
  return db_->read([&](db::Session& s) -> std::optional<std::string> {
    auto r = s.query_one("SELECT profile_id FROM account_roles WHERE account_id = ? AND role = ?",
                         {account_id, role});
    if (!r) return std::nullopt;
    return r->str(0);
  });
}

std::string Probe::customer_profile_of(const std::string& account_id) {
  return db_->read([&](db::Session& s) {
    auto r = s.query_one("SELECT id FROM customers WHERE account_id = ?", {account_id});
    return r ? r->str(0) : "";
  });
}

int64_t Probe::seller_profiles_of(const std::string& account_id) {
  return count("SELECT COUNT(*) FROM sellers WHERE account_id = ?", {account_id});
}

void Probe::revoke_all_roles(const std::string& account_id) {
  exec("DELETE FROM account_roles WHERE account_id = ?", {account_id});
}

void Probe::bump_token_version(const std::string& account_id) {
  exec("UPDATE accounts SET token_version = token_version + 1 WHERE id = ?", {account_id});
}

std::optional<Probe::AccountRow> Probe::account(const std::string& account_id) {
  return db_->read([&](db::Session& s) -> std::optional<AccountRow> {
    auto a = s.query_one(
        "SELECT auth_provider, password_hash, google_subject FROM accounts WHERE id = ?",
        {account_id});
    if (!a) return std::nullopt;
    return AccountRow{a->str(0), a->opt_str(1), a->opt_str(2)};
  });
}

std::optional<Probe::CustomerNames> Probe::customer_names(const std::string& profile_id,
                                                          const std::string& account_id) {
  return db_->read([&](db::Session& s) -> std::optional<CustomerNames> {
    auto c = s.query_one(
        "SELECT first_name, last_name, photo_url FROM customers WHERE id = ? AND account_id = ?",
        {profile_id, account_id});
    if (!c) return std::nullopt;
    return CustomerNames{c->str(0), c->str(1), c->str(2)};
  });
}

void Probe::set_customer_bonuses(const std::string& profile_id, int64_t minor) {
  exec("UPDATE customers SET bonuses_minor = ? WHERE id = ?", {minor, profile_id});
}

void Probe::clear_customer_contacts(const std::string& profile_id) {
  exec(
      "UPDATE customers SET first_name = NULL, last_name = NULL, middle_name = NULL, "
      "phone_number = NULL WHERE id = ?",
      {profile_id});
}

void Probe::block_customer(const std::string& profile_id) {
  exec("UPDATE customers SET status = 'Blocked' WHERE id = ?", {profile_id});
}

// ---- notifications ----------------------------------------------------------------------------

int64_t Probe::notifications_with_key(const std::string& dedup_key) {
  return count("SELECT COUNT(*) FROM notifications WHERE dedup_key = ?", {dedup_key});
}

int64_t Probe::notifications_to(const std::string& recipient, const std::string& kind) {
  return count("SELECT COUNT(*) FROM notifications WHERE recipient = ? AND kind = ?",
               {recipient, kind});
}

std::vector<Probe::Mail> Probe::mails_with_key(const std::string& dedup_key) {
  return db_->read([&](db::Session& s) {
    std::vector<Mail> out;
    for (const auto& r :
         s.query("SELECT kind, recipient, subject, body FROM notifications WHERE dedup_key = ?",
                 {dedup_key}))
      out.push_back({r.str(0), r.str(1), r.str(2), r.str(3)});
    return out;
  });
}

std::string Probe::notification_status(const std::string& dedup_key) {
  return db_->read([&](db::Session& s) {
    return s.query_one("SELECT status FROM notifications WHERE dedup_key = ?", {dedup_key})->str(0);
  });
}

int64_t Probe::refund_notifications(const std::string& order_id) {
  return count(
      "SELECT COUNT(*) FROM notifications WHERE kind = 'order_refunded' AND "
      "dedup_key IN (SELECT 'refund:' || id FROM refunds WHERE order_id = ?)",
      {order_id});
}

// ---- migrations -------------------------------------------------------------------------------

int64_t Probe::applied_migrations() {
  return count("SELECT COUNT(*) FROM schema_migrations");
}

int64_t Probe::migrations_without_checksum() {
  return count(
      "SELECT COUNT(*) FROM schema_migrations m WHERE NOT EXISTS (SELECT 1 FROM "
      "schema_migration_checksums c WHERE c.version = m.version)");
}

std::string Probe::migration_checksum(const std::string& version) {
  return db_->read([&](db::Session& s) {
    auto r =
        s.query_one("SELECT checksum FROM schema_migration_checksums WHERE version = ?", {version});
    return r ? r->str(0) : std::string();
  });
}

void Probe::set_migration_checksum(const std::string& version, const std::string& checksum) {
  exec("UPDATE schema_migration_checksums SET checksum = ? WHERE version = ?", {checksum, version});
}

void Probe::forget_checksums_feature() {
  exec("DROP TABLE schema_migration_checksums");
  exec("DELETE FROM schema_migrations WHERE version = '0005_migration_checksums'");
}

void Probe::forget_migration_checksum(const std::string& version) {
  exec("DELETE FROM schema_migration_checksums WHERE version = ?", {version});
}

void Probe::record_unknown_migration(const std::string& version, const std::string& checksum) {
  exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 1)", {version});
  exec("INSERT INTO schema_migration_checksums (version, checksum) VALUES (?, ?)",
       {version, checksum});
}

}  // namespace wolfix::test
