#pragma once
// GET /api/payments/config: what a client needs to initialise the provider's SDK.
#include "app/config.hpp"
#include "http/router.hpp"
#include "payment/gateway.hpp"

namespace wolfix::payment {

void register_payment_routes(http::Router& router, const Config& config, const Gateway& gateway);

}  // namespace wolfix::payment
