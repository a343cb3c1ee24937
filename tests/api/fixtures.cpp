#include "fixtures.hpp"

#include "common/uuid.hpp"
#include "db/db.hpp"
#include "identity/model.hpp"
#include "identity/password.hpp"
#include "identity/tokens.hpp"

namespace wolfix::test {

Actor make_actor(TestServer& server, const std::string& role) {
  Actor a;
  a.account_id = new_uuid_v7();
  a.profile_id = new_uuid_v7();
  a.email = unique_email(role);
  a.password = kTestPassword;
  a.role = role;
  int64_t now = server.clock().now_ms();
  std::string hash = hash_password(a.password, test_password_cost());
  server.app().database().write([&](db::Session& s) {
    s.exec(
        "INSERT INTO accounts (id, email, email_lower, password_hash, auth_provider, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'Custom', ?, ?)",
        {a.account_id, a.email, identity::normalize_email(a.email), hash, now, now});
    s.exec("INSERT INTO account_roles (account_id, role, profile_id, created_at) VALUES (?,?,?,?)",
           {a.account_id, role, a.profile_id, now});
    if (role == "Customer") {
      s.exec(
          "INSERT INTO customers (id, account_id, first_name, last_name, middle_name, "
          "phone_number, created_at) VALUES (?, ?, 'Olena', 'Kovalenko', 'Ivanivna', "
          "'+380501234567', ?)",
          {a.profile_id, a.account_id, now});
    } else if (role == "Seller") {
      s.exec(
          "INSERT INTO sellers (id, account_id, first_name, last_name, middle_name, phone_number, "
          "city, street, house_number, birth_date, created_at) VALUES (?, ?, 'Taras', "
          "'Shevchenko', 'Hryhorovych', '+380671234567', 'Kyiv', 'Khreshchatyk', 1, "
          "'1990-03-09', ?)",
          {a.profile_id, a.account_id, now});
    } else if (role == "Admin" || role == "SuperAdmin") {
      s.exec(
          "INSERT INTO admins (id, account_id, type, first_name, last_name, middle_name, "
          "phone_number, created_at) VALUES (?, ?, ?, 'Admin', 'Adminenko', NULL, "
          "'+380931234567', ?)",
          {a.profile_id, a.account_id, role == "Admin" ? "Basic" : "Super", now});
    } else if (role == "Support") {
      s.exec(
          "INSERT INTO supports (id, account_id, first_name, last_name, middle_name, created_at) "
          "VALUES (?, ?, 'Sofia', ?, NULL, ?)",
          // Support members' full names are unique.
          {a.profile_id, a.account_id, "Pidtrymka " + a.profile_id, now});
    }
  });
  a.token = server.app().tokens().issue({a.account_id, a.email, role, a.profile_id});
  return a;
}

std::string token_for(TestServer& server, const Actor& actor, const std::string& role,
                      const std::string& profile_id) {
  return server.app().tokens().issue({actor.account_id, actor.email, role, profile_id});
}

}  // namespace wolfix::test
