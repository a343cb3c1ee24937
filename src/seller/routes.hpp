#pragma once
#include "http/router.hpp"
#include "seller/applications.hpp"
#include "seller/service.hpp"

namespace wolfix::seller {

// /api/sellers/... (a seller's own profile; SuperAdmin's list and removal) and
// /api/seller-applications/... (a customer applies for their own account; admins decide).
void register_routes(http::Router& router, SellerService& sellers, ApplicationService& applications,
                     Clock& clock);

}  // namespace wolfix::seller
