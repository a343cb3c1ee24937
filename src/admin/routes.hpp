#pragma once
#include "admin/service.hpp"
#include "http/router.hpp"
#include "identity/role_checks.hpp"

namespace wolfix::admin {

// /api/admins/... (SuperAdmin), and the check that retires a removed admin's token.
void register_routes(http::Router& router, AdminService& admins, identity::RoleChecks& checks);

}  // namespace wolfix::admin
