#pragma once
#include <string>

#include "http/router.hpp"
#include "web/static_files.hpp"

namespace wolfix::web {

// GET / (index.html) and GET /web/{path}, with ETags and revalidation (If-None-Match -> 304),
// each answer carrying the storefront's Content-Security-Policy `csp`.
void register_routes(http::Router& router, StaticFiles files, std::string csp);

}  // namespace wolfix::web
