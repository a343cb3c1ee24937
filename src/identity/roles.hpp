#pragma once
// Role grants, for modules that give or take a role inside their own transaction (seller
// approval, admin and support creation, seller removal).
#include <optional>
#include <string>
#include <vector>

#include "common/role.hpp"
#include "db/db.hpp"

namespace wolfix::identity {

// A role name a token or a request may carry (name_of(Role) of one of the five).
bool is_role(std::string_view role);

// Adds the role with its profile id; false if the account already had it.
bool grant_role(db::Session& s, const std::string& account_id, const std::string& role,
                const std::string& profile_id, int64_t now_ms);
// Removes the role; false if the account did not have it.
bool revoke_role(db::Session& s, const std::string& account_id, const std::string& role);
// Wolfix.Server's RemoveRoleOrWholeAccount (admin and support removal): removes the role, and the
// whole account when that was its only role. False if the account did not have the role.
bool revoke_role_or_account(db::Session& s, const std::string& account_id, const std::string& role);
std::optional<std::string> profile_id_for(db::Session& s, const std::string& account_id,
                                          const std::string& role);
std::vector<std::string> roles_of(db::Session& s, const std::string& account_id);

// The same for a role known in code.
inline bool grant_role(db::Session& s, const std::string& account_id, Role role,
                       const std::string& profile_id, int64_t now_ms) {
  return grant_role(s, account_id, std::string(name_of(role)), profile_id, now_ms);
}
inline bool revoke_role(db::Session& s, const std::string& account_id, Role role) {
  return revoke_role(s, account_id, std::string(name_of(role)));
}
inline std::optional<std::string> profile_id_for(db::Session& s, const std::string& account_id,
                                                 Role role) {
  return profile_id_for(s, account_id, std::string(name_of(role)));
}

}  // namespace wolfix::identity
