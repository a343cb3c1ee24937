#pragma once
#include <functional>

#include "app/config.hpp"
#include "db/db.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wolfix {

// /health, /ready, /metrics and the storefront (embedded, or WOLFIX_WEB_DIR).
// The Content-Security-Policy of the storefront's pages and files.
std::string storefront_csp(const Config& config);

// `warm`: whether what this node builds at start-up (the search index) is there yet; /ready
// says not ready until it is, so a load balancer does not send a cold node its share at once.
void register_platform_routes(http::Router& router, const Config& config, db::Database& db,
                              http::Metrics& metrics, std::function<bool()> warm);

}  // namespace wolfix
