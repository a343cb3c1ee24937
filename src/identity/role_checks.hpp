#pragma once
// Tokens outlive profiles: a SuperAdmin may remove a seller, an admin or a support member while
// their token still verifies. The module that owns such a profile registers a liveness check for
// its role; the authenticator asks it only for tokens of that role (one indexed read), and a
// token whose profile is gone is marked no_role: no route that names roles admits it (403).
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/caller.hpp"

namespace wolfix::identity {

class RoleChecks {
 public:
  using IsActive = std::function<bool(const std::string& profile_id)>;

  // Register before the server starts; not synchronised with apply().
  void add(Role role, IsActive is_active) {
    checks_.emplace_back(std::move(role), std::move(is_active));
  }
  // Demotes the principal when its role's profile is no longer active.
  void apply(Caller& p) const;

 private:
  std::vector<std::pair<Role, IsActive>> checks_;
};

}  // namespace wolfix::identity
