#pragma once
#include "delivery/service.hpp"
#include "http/router.hpp"

namespace wolfix::delivery {

// GET /api/delivery-methods/delivery-methods (public) and the Admin/SuperAdmin routes that
// manage methods, cities, departments and post machines.
void register_delivery_routes(http::Router& router, DeliveryService& service);

}  // namespace wolfix::delivery
