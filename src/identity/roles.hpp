#pragma once
// Role grants, for modules that give or take a role inside their own transaction (seller
// approval, admin and support creation, seller removal). The role column holds to_string(Role).
#include <optional>
#include <string>
#include <vector>

#include "common/role.hpp"
#include "db/db.hpp"

namespace wolfix::identity {

// Adds the role with its profile id; false if the account already had it.
bool grant_role(db::Session& s, const std::string& account_id, Role role,
                const std::string& profile_id, int64_t now_ms);
// Removes the role; false if the account did not have it.
bool revoke_role(db::Session& s, const std::string& account_id, Role role);
// Wolfix.Server's RemoveRoleOrWholeAccount (admin and support removal): removes the role, and the
// whole account when that was its only role. False if the account did not have the role.
bool revoke_role_or_account(db::Session& s, const std::string& account_id, Role role);
std::optional<std::string> profile_id_for(db::Session& s, const std::string& account_id, Role role);
// In the order they were granted.
std::vector<Role> roles_of(db::Session& s, const std::string& account_id);

}  // namespace wolfix::identity
