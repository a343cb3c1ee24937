#include "admin/routes.hpp"

#include "staff/routes.hpp"

namespace wolfix::admin {

void register_routes(http::Router& router, AdminService& admins, identity::RoleChecks& checks) {
  // Wolfix.Server's PaginationDto<AdminForAdminDto> carries the phone as a string.
  staff::register_staff_routes(router, admins, checks,
                               {Role::admin, "/api/admins", "adminId", "X-Admin-Id", true});
}

}  // namespace wolfix::admin
