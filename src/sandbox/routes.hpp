#pragma once
// The sandbox's HTTP edge: Stripe's routes under a prefix ("/sandbox/stripe" on the main
// listener; also "" for `wolfix sandbox`), API-key authentication, Idempotency-Key handling,
// Request-Id headers, fault knobs, the 3-D Secure page and the small dashboard.
#include <string>

#include "http/router.hpp"
#include "sandbox/service.hpp"

namespace wolfix::sandbox {

struct RouteOptions {
  std::string prefix = "/sandbox/stripe";
  // The sandbox's origin as browsers reach it (for 3-D Secure links), no trailing slash; empty =
  // links are paths ("/sandbox/stripe/3ds/..."), resolved against the page's own origin.
  std::string public_base_url;
};

void register_sandbox_routes(http::Router& router, Service& service, RouteOptions options);

}  // namespace wolfix::sandbox
