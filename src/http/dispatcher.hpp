#pragma once
// Turns a parsed Request into a Response: CORS, routing, authentication, error mapping,
// metrics and the access log. Runs on the blocking pool, never on an io thread.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wolfix::http {

// Verifies a bearer token; returns the principal or nullopt with a reason.
using Authenticator = std::function<std::optional<Principal>(std::string_view token,
                                                             std::string& reason)>;

struct DispatcherOptions {
  std::vector<std::string> cors_origins;  // "*" allows any origin
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, Authenticator auth, Metrics& metrics, DispatcherOptions opts);
  Response handle(Request& req) const;

 private:
  Response route(Request& req) const;
  void add_cors(const Request& req, Response& res) const;

  const Router& router_;
  Authenticator auth_;
  Metrics& metrics_;
  DispatcherOptions opts_;
};

Response error_response(int status, const std::string& code, const std::string& message);

}  // namespace wolfix::http
