#pragma once
// The OpenAPI 3.1 document of the routes a server registered, assembled from the modules'
// descriptions (src/<module>/api.json). Pure: no HTTP. A route registered without a description,
// or a description of no registered route, is reported (the API suite fails on either).
//
// A module's api.json holds "tags", "schemas" (JSON Schema 2020-12, referenced by name) and
// "routes", keyed "METHOD /pattern" exactly as registered with the Router. A route says:
//   summary, description, tag (default: the module's first tag), id (operationId; derived from
//   method and path when absent), idempotencyKey ("optional" | "required"), params / query /
//   headers (partial Parameter objects by name; path parameters default to strings), body (a schema
//   name, a schema, or a whole RequestBody with "content"), and responses by status: a schema name,
//   a schema, null (no body), a whole Response (has "description"), or a list of the error codes
//   answered with that status (the body is then {message, code, errors} with `code` one of them).
//   Who may call a route comes from its registration (security, x-roles, 401, 403).
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::apidoc {

struct Source {
  std::string name;  // "order/api.json", for messages
  std::string_view text;
};

struct RouteKey {
  std::string method;   // "GET"
  std::string pattern;  // "/api/orders/{orderId}", as registered
  // Who may call it, as registered: the document's security and x-roles come from here, so
  // they cannot drift from what the dispatcher enforces.
  bool needs_token = false;
  std::vector<std::string> roles;  // empty with needs_token: any signed-in account
};

struct Built {
  std::string json;                       // the document
  std::vector<std::string> undocumented;  // "GET /x": registered, not described
  std::vector<std::string> unrouted;      // described, not registered
};

// `head` is the document without paths (openapi, info, servers, components); `intro` the
// Markdown of info.description. Throws std::runtime_error when a source is malformed.
Built build(std::string_view head, std::string_view intro, const std::vector<Source>& modules,
            const std::vector<RouteKey>& registered, std::string_view version);

// The OpenAPI path of a route pattern: "/media/{*path}" -> "/media/{path}".
std::string openapi_path(std::string_view pattern);

}  // namespace wolfix::apidoc
