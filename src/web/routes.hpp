#pragma once
#include "http/router.hpp"
#include "web/static_files.hpp"

namespace wolfix::web {

// GET / (index.html) and GET /web/{path}, with ETags and revalidation (If-None-Match -> 304).
void register_routes(http::Router& router, StaticFiles files);

}  // namespace wolfix::web
