#pragma once
#include "app/context.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wolfix {

// /health, /ready, /metrics and the static storefront under web/.
void register_platform_routes(http::Router& router, Context& ctx, http::Metrics& metrics);

}  // namespace wolfix
