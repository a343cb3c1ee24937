#pragma once
#include "http/router.hpp"
#include "payment/card_flow.hpp"

namespace wolfix::payment {

// POST /api/orders/with-payment, PATCH /api/orders/{orderId}/paid, POST /webhooks/stripe,
// POST /api/orders/{orderId}/refunds, GET /api/orders/{orderId}/payments.
void register_card_routes(http::Router& router, CardPayments& payments);

}  // namespace wolfix::payment
