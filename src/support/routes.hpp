#pragma once
#include "http/router.hpp"
#include "identity/role_checks.hpp"
#include "support/request_service.hpp"
#include "support/staff_service.hpp"

namespace wolfix::support {

// /api/supports/... (SuperAdmin), and the check that retires a removed support member's token.
void register_staff_routes(http::Router& router, SupportStaffService& supports,
                           identity::RoleChecks& checks);

// /api/support-requests/... : customers file and read their own requests; support staff list the
// pending ones and answer or cancel them as themselves.
void register_request_routes(http::Router& router, SupportRequestService& requests,
                             const Clock& clock);

}  // namespace wolfix::support
