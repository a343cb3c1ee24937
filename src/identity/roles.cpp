#include "identity/roles.hpp"

namespace wolfix::identity {

bool grant_role(db::Session& s, const std::string& account_id, Role role,
                const std::string& profile_id, int64_t now_ms) {
  return s.exec(
             "INSERT INTO account_roles (account_id, role, profile_id, created_at) VALUES (?, ?, "
             "?, ?) ON CONFLICT (account_id, role) DO NOTHING",
             {account_id, std::string(to_string(role)), profile_id, now_ms}) == 1;
}

bool revoke_role(db::Session& s, const std::string& account_id, Role role) {
  return s.exec("DELETE FROM account_roles WHERE account_id = ? AND role = ?",
                {account_id, std::string(to_string(role))}) == 1;
}

bool revoke_role_or_account(db::Session& s, const std::string& account_id, Role role) {
  // Two removals of an account's last two roles at once must not both leave the account in
  // place: the account row lock (PostgreSQL; SQLite writers are serial) puts them in turn.
  if (s.is_postgres()) s.query("SELECT 1 FROM accounts WHERE id = ? FOR UPDATE", {account_id});
  if (!revoke_role(s, account_id, role)) return false;
  if (!s.query_one("SELECT 1 FROM account_roles WHERE account_id = ?", {account_id}))
    s.exec("DELETE FROM accounts WHERE id = ?", {account_id});
  return true;
}

std::optional<std::string> profile_id_for(db::Session& s, const std::string& account_id,
                                          Role role) {
  auto row = s.query_one("SELECT profile_id FROM account_roles WHERE account_id = ? AND role = ?",
                         {account_id, std::string(to_string(role))});
  if (!row) return std::nullopt;
  return row->str(0);
}

std::vector<Role> roles_of(db::Session& s, const std::string& account_id) {
  std::vector<Role> out;
  for (const auto& r :
       s.query("SELECT role FROM account_roles WHERE account_id = ? ORDER BY created_at, role",
               {account_id})) {
    // Only grant_role writes the column; a name it never writes is no role to act in.
    if (auto role = parse_role(r.str(0))) out.push_back(*role);
  }
  return out;
}

}  // namespace wolfix::identity
