#include "identity/role_checks.hpp"

namespace wolfix::identity {

void RoleChecks::apply(Caller& p) const {
  for (const auto& [role, is_active] : checks_) {
    if (p.role != role) continue;
    if (!is_active(p.profile_id)) p.no_role = true;
    return;
  }
}

}  // namespace wolfix::identity
