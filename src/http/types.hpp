#pragma once
// Plain request/response types: what modules see of HTTP. Beast stays inside src/http/*.cpp.
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/actor.hpp"
#include "common/caller.hpp"
#include "common/role.hpp"

namespace wolfix::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view method_name(Method m);

// Who is calling, from a verified bearer token (common/caller.hpp).
using Principal = Caller;

struct Request {
  Method method = Method::get;
  std::string target;  // as sent, with the query
  std::string path;    // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::map<std::string, std::string> params;  // from the route pattern
  // The matched pattern (owned by the router, which outlives every request), for metrics and
  // logs.
  std::string_view route;
  std::string remote_ip;            // the client's address as trusted (http/client_address.hpp)
  bool from_trusted_proxy = false;  // its X-Forwarded-* headers were written by our proxy
  std::string request_id;
  // Where the client reached this server ("https://shop.example", http/origin.hpp), set when the
  // request is routed; "" when unknown. Answers build absolute media URLs on it.
  std::string origin;
  std::optional<Principal> principal;

  std::string_view header(std::string_view lower_name) const;
  std::optional<std::string> query_value(std::string_view name) const;

  // Path parameters, parsed or answered with 400.
  const std::string& param(const std::string& name) const;
  std::string uuid_param(const std::string& name) const;
  int64_t int_param(const std::string& name, int64_t min, int64_t max) const;
  // Query parameters, parsed or answered with 400.
  int64_t int_query(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;

  // The JSON body; 400 when it is missing, malformed or not an object.
  boost::json::object json_object() const;
  boost::json::value json() const;

  // The verified caller; throws 401 when there is none.
  const Principal& caller() const;
  // The verified caller as who acts in a use case (its role and profile id); 401 when none.
  Actor actor() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // The body when it is shared with a cache (written without a copy); `body` is then empty.
  std::shared_ptr<const std::string> shared_body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Fault injection (the payment sandbox): close the connection without answering.
  bool drop_connection = false;
  // Work for the worker pool once the answer is on its way (a cache recomputing the entry it
  // just answered from, so no client waits for that). Its failure is logged, never answered.
  std::function<void()> after;

  static Response json(const boost::json::value& v, int status = 200);
  static Response raw_json(std::string body, int status = 200);
  static Response no_content();
  static Response text(std::string body, std::string content_type, int status = 200);
  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

using Handler = std::function<Response(Request&)>;

}  // namespace wolfix::http
