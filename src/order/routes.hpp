#pragma once
#include "http/router.hpp"
#include "order/service.hpp"

namespace wolfix::order {

// POST /api/orders (cash on delivery, Idempotency-Key), GET /api/orders/{customerId},
// GET /api/orders/{orderId}/details, GET /api/orders/sellers/{sellerId},
// PATCH /api/orders/{orderId}/delivery-status, POST /api/orders/{orderId}/cancel.
void register_order_routes(http::Router& router, OrderService& service);

}  // namespace wolfix::order
