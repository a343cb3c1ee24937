#pragma once
// Path parameters of the catalog routes. Wolfix.Server declares them with route constraints
// ({id:guid}, {page:int}), so a path whose id is not a GUID (or whose page is not a number)
// matches no route there: a 404 like any unknown path, never a 400. Clients probe with such
// paths (a slug where an id belongs) and expect that answer.
#include <charconv>
#include <string>

#include "common/errors.hpp"
#include "common/uuid.hpp"
#include "http/types.hpp"

namespace wolfix::catalog {

inline ApiError no_such_route(const http::Request& req) {
  return ApiError(404, "route_not_found", "No route for " + req.path);
}

inline std::string path_id(const http::Request& req, const std::string& name) {
  auto id = parse_uuid(req.param(name));
  if (!id) throw no_such_route(req);
  return *id;
}

// A page number: not an integer is a 404 (no route), an integer out of range a 400.
inline int64_t path_page(const http::Request& req, const std::string& name) {
  const std::string& text = req.param(name);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw no_such_route(req);
  return req.int_param(name, 1, 1'000'000'000);
}

}  // namespace wolfix::catalog
