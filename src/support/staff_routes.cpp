#include "staff/routes.hpp"
#include "support/routes.hpp"

namespace wolfix::support {

void register_staff_routes(http::Router& router, SupportStaffService& supports,
                           identity::RoleChecks& checks) {
  // Wolfix.Server's PaginationDto<SupportForAdminDto>: names only.
  staff::register_staff_routes(
      router, supports, checks,
      {Role::support, "/api/supports", "supportId", "X-Support-Id", false});
}

}  // namespace wolfix::support
