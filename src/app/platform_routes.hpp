#pragma once
#include "app/config.hpp"
#include "db/db.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wolfix {

// /health, /ready, /metrics and the storefront (embedded, or WOLFIX_WEB_DIR).
// The Content-Security-Policy of the storefront's pages and files.
std::string storefront_csp(const Config& config);

void register_platform_routes(http::Router& router, const Config& config, db::Database& db,
                              http::Metrics& metrics);

}  // namespace wolfix
