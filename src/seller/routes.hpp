#pragma once
#include "http/router.hpp"
#include "identity/role_checks.hpp"
#include "seller/applications.hpp"
#include "seller/service.hpp"

namespace wolfix::seller {

// /api/sellers/... (a seller's own profile; SuperAdmin's list and removal) and
// /api/seller-applications/... (a customer applies for their own account; admins decide).
// Adds the Seller role's check to `checks`: a removed seller's token no longer carries the role.
void register_routes(http::Router& router, SellerService& sellers, ApplicationService& applications,
                     Clock& clock, identity::RoleChecks& checks);

}  // namespace wolfix::seller
