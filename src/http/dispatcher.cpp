#include "http/dispatcher.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "common/error_body.hpp"
#include "common/errors.hpp"
#include "common/log.hpp"
#include "db/db.hpp"

namespace wolfix::http {

Response error_response(int status, const std::string& code, const std::string& message) {
  boost::json::object body{{"message", message}, {"code", code}};
  return Response::json(body, status);
}

static Response api_error_response(const ApiError& e) {
  auto res = Response::raw_json(error_body_json(e), e.status());
  // Every 503 is "not now" (a provider that cannot be reached, an event that came too early):
  // the client is told when to try again.
  if (e.status() == 503) res.with_header("Retry-After", "5");
  return res;
}

// The database cannot serve now (down, restarting, locked by another process, out of space):
// a definite answer at once, which a client may retry (with the same Idempotency-Key) later.
static Response unavailable_response(const Request& req, const db::Unavailable& e) {
  using Reason = db::Unavailable::Reason;
  log::warn("database_unavailable",
            {{"request_id", req.request_id}, {"route", req.route}, {"what", e.what()}});
  if (e.reason() == Reason::full)
    return error_response(507, "storage_full",
                          "The service cannot store anything right now (out of disk space); "
                          "please try again later")
        .with_header("Retry-After", "30");
  return error_response(503, "database_unavailable",
                        "The service is temporarily unavailable; please try again shortly")
      .with_header("Retry-After", e.reason() == Reason::locked ? "2" : "5");
}

Dispatcher::Dispatcher(const Router& router, Authenticator auth, Metrics& metrics,
                       DispatcherOptions opts)
    : router_(router), auth_(std::move(auth)), metrics_(metrics), opts_(std::move(opts)) {}

void Dispatcher::add_cors(const Request& req, Response& res) const {
  auto origin = req.header("origin");
  if (origin.empty()) return;
  bool any = std::find(opts_.cors_origins.begin(), opts_.cors_origins.end(), "*") !=
             opts_.cors_origins.end();
  bool listed = std::find(opts_.cors_origins.begin(), opts_.cors_origins.end(), origin) !=
                opts_.cors_origins.end();
  if (!any && !listed) return;
  res.with_header("Access-Control-Allow-Origin", std::string(origin));
  res.with_header("Vary", "Origin");
  // Bearer tokens, not cookies, carry identity; credentials are allowed only for listed origins.
  if (listed) res.with_header("Access-Control-Allow-Credentials", "true");
  res.with_header("Access-Control-Expose-Headers",
                  "Location, X-Request-Id, X-Order-Id, X-Order-Number, Idempotent-Replayed, "
                  "Retry-After");
}

// The answer for a path no route of this method serves: 405 with Allow, or 404.
static Response unmatched(Request& req, const Router::Match& m) {
  req.route = "unmatched";
  if (!m.allowed.empty()) {
    std::string allow;
    for (auto meth : m.allowed)
      allow += (allow.empty() ? "" : ", ") + std::string(method_name(meth));
    return error_response(405, "method_not_allowed",
                          std::string(method_name(req.method)) + " is not allowed here")
        .with_header("Allow", allow);
  }
  return error_response(404, "route_not_found", "No route for " + req.path);
}

void Dispatcher::authorize(Request& req, const Route& route) const {
  auto authz = req.header("authorization");
  if (!authz.empty() && route.access.needs_token) {
    constexpr std::string_view kBearer = "bearer ";
    bool bearer = authz.size() > kBearer.size() &&
                  std::equal(kBearer.begin(), kBearer.end(), authz.begin(),
                             [](char a, char b) { return a == std::tolower(b); });
    if (!bearer) throw unauthorized("Authorization must be a Bearer token", "invalid_token");
    std::string reason;
    req.principal = auth_(authz.substr(kBearer.size()), reason);
    if (!req.principal) throw unauthorized("Invalid token: " + reason, "invalid_token");
  } else if (!authz.empty()) {
    // Public routes still learn who is calling when the token is good, and ignore it if not.
    std::string reason;
    if (authz.size() > 7) req.principal = auth_(authz.substr(7), reason);
  }
  const auto& access = route.access;
  if (access.needs_token) {
    if (!req.principal) throw unauthorized();
    if (!access.roles.empty() &&
        (req.principal->no_role || std::find(access.roles.begin(), access.roles.end(),
                                             req.principal->role) == access.roles.end()))
      throw forbidden("This route needs the role " + std::string(to_string(access.roles.front())) +
                          (access.roles.size() > 1 ? " (or another allowed role)" : ""),
                      "wrong_role");
  }
}

std::optional<Response> Dispatcher::route(Request& req, bool on_io_thread) const {
  if (req.method == Method::options && !req.header("access-control-request-method").empty()) {
    Response res = Response::no_content();
    res.with_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    res.with_header("Access-Control-Allow-Headers",
                    "Authorization, Content-Type, Idempotency-Key, X-Request-Id");
    res.with_header("Access-Control-Max-Age", "600");
    req.route = "CORS preflight";
    return res;
  }
  auto m = router_.match(req.method, req.path);
  if (!m.route) return unmatched(req, m);
  // The authenticator may read the database (a seller's token is checked against the seller).
  if (on_io_thread && (!m.route->try_inline || !req.header("authorization").empty()))
    return std::nullopt;
  req.route = m.route->pattern;
  req.params = std::move(m.params);
  req.origin = request_origin(req, opts_.origin);
  authorize(req, *m.route);
  if (on_io_thread) return m.route->try_inline(req);
  return m.route->handler(req);
}

template <class Step>
std::optional<Response> Dispatcher::answer(Request& req, Step&& step) const {
  auto start = std::chrono::steady_clock::now();
  std::optional<Response> res;
  try {
    res = step();
    if (!res) return std::nullopt;
  } catch (const ApiError& e) {
    res = api_error_response(e);
  } catch (const db::Unavailable& e) {
    res = unavailable_response(req, e);
  } catch (const std::exception& e) {
    log::error("unhandled_exception",
               {{"request_id", req.request_id}, {"route", req.route}, {"what", e.what()}});
    res = error_response(500, "internal_error",
                         "Something went wrong on our side (request " + req.request_id + ")");
  }
  finish(req, *res, start);
  return res;
}

std::optional<Response> Dispatcher::admit_large_body(Request& req) const {
  return answer(req, [&]() -> std::optional<Response> {
    auto m = router_.match(req.method, req.path);
    std::string type(req.header("content-type").substr(0, 19));
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!m.route) return unmatched(req, m);
    req.route = m.route->pattern;
    if (!m.route->uploads || type != "multipart/form-data")
      throw ApiError(413, "body_too_large", "Request body is too large");
    authorize(req, *m.route);
    if (!req.principal) throw unauthorized();
    // Admitted: handle() starts over once the body is in.
    req.route = {};
    req.principal.reset();
    return std::nullopt;
  });
}

Response Dispatcher::handle(Request& req) const {
  return *dispatch(req, false);
}

std::optional<Response> Dispatcher::try_inline(Request& req) const {
  return dispatch(req, true);
}

Site Dispatcher::site(WorkerPool* pool) const {
  Site s;
  s.handle = [this](Request& r) { return handle(r); };
  s.try_inline = [this](Request& r) { return try_inline(r); };
  s.admit_large_body = [this](Request& r) { return admit_large_body(r); };
  s.pool = pool;
  return s;
}

std::optional<Response> Dispatcher::dispatch(Request& req, bool on_io_thread) const {
  return answer(req, [&] {
    auto res = route(req, on_io_thread);
    if (!res) {
      // Declined: the pool starts over from the parsed request.
      req.route = {};
      req.params.clear();
    }
    return res;
  });
}

void Dispatcher::finish(Request& req, Response& res,
                        std::chrono::steady_clock::time_point start) const {
  add_cors(req, res);
  res.with_header("X-Request-Id", req.request_id);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (req.route.empty()) req.route = "unmatched";
  metrics_.record(method_name(req.method), req.route, res.status, secs);
  if (log::enabled(log::Level::info))
    log::info("request", {{"request_id", req.request_id},
                          {"method", method_name(req.method)},
                          {"path", req.path},
                          {"route", req.route},
                          {"status", res.status},
                          {"us", static_cast<int64_t>(secs * 1e6)},
                          {"remote", req.remote_ip}});
}

}  // namespace wolfix::http
