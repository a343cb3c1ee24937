#pragma once
// Turns a parsed Request into a Response: CORS, routing, authentication, error mapping,
// metrics and the access log. handle() runs on the worker pool; try_inline() runs on an io
// thread and does the same work through the same code, or declines without side effects.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/metrics.hpp"
#include "http/origin.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace wolfix::http {

// Verifies a bearer token; returns the principal or nullopt with a reason.
using Authenticator =
    std::function<std::optional<Principal>(std::string_view token, std::string& reason)>;

struct DispatcherOptions {
  std::vector<std::string> cors_origins;  // "*" allows any origin
  OriginOptions origin;                   // how Request::origin is found
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, Authenticator auth, Metrics& metrics, DispatcherOptions opts);
  // On the worker pool: always answers.
  Response handle(Request& req) const;
  // On an io thread: the answer when it needs no blocking call (a route's InlineHandler, CORS
  // preflights, 404/405), or nullopt with nothing recorded: then handle() it on the pool. A
  // request carrying a token is declined, since verifying it may read the database.
  std::optional<Response> try_inline(Request& req) const;
  // On the worker pool, after the header of a request whose body may exceed the normal limit:
  // nullopt when the route takes uploads, the body is multipart and the caller is authenticated
  // and allowed; else the refusal (404, 405, 413, 401, 403), recorded like any answer.
  std::optional<Response> admit_large_body(Request& req) const;
  // This dispatcher as a server site, its blocking work on `pool` (null: the server's own).
  Site site(WorkerPool* pool = nullptr) const;

 private:
  std::optional<Response> dispatch(Request& req, bool on_io_thread) const;
  // Runs `step` (its answer, or nullopt to answer nothing), turning what it throws into the
  // answer (ApiError as itself, db::Unavailable 503, anything else a logged 500); an answer is
  // finish()ed, timed from here.
  template <class Step>
  std::optional<Response> answer(Request& req, Step&& step) const;
  std::optional<Response> route(Request& req, bool on_io_thread) const;
  void authorize(Request& req, const Route& route) const;
  void finish(Request& req, Response& res, std::chrono::steady_clock::time_point start) const;
  void add_cors(const Request& req, Response& res) const;

  const Router& router_;
  Authenticator auth_;
  Metrics& metrics_;
  DispatcherOptions opts_;
};

Response error_response(int status, const std::string& code, const std::string& message);

}  // namespace wolfix::http
