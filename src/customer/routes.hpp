#pragma once
#include "customer/service.hpp"
#include "http/router.hpp"

namespace wolfix::customer {

// /api/customers/...: profile, cart and favorites. Customer role; the customer id in the path
// or body must be the caller's own (403 otherwise).
void register_routes(http::Router& router, CustomerService& service, Clock& clock);

}  // namespace wolfix::customer
