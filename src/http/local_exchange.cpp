#include "http/local_exchange.hpp"

#include <atomic>
#include <cctype>

#include "common/log.hpp"
#include "http/target.hpp"

namespace wolfix::http {

namespace {

Method method_of(std::string_view m) {
  if (m == "GET") return Method::get;
  if (m == "POST") return Method::post;
  if (m == "PUT") return Method::put;
  if (m == "PATCH") return Method::patch;
  if (m == "DELETE") return Method::del;
  if (m == "HEAD") return Method::head;
  if (m == "OPTIONS") return Method::options;
  return Method::other;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

ClientResponse exchange_in_process(const Handler& handler, const ClientRequest& request,
                                   std::string_view target, std::string_view host) {
  static std::atomic<uint64_t> next_id{0};
  Request req;
  req.method = method_of(request.method);
  req.target = std::string(target);
  if (!parse_target(req.target, req))
    throw ConnectionError(request.method + " " + request.url + ": malformed target", false);
  // The headers a client puts on the wire, then the caller's (a later one wins, as set() does).
  req.headers["host"] = std::string(host);
  req.headers["user-agent"] = "wolfix";
  for (const auto& [k, v] : request.headers) req.headers[lower(k)] = v;
  if (!request.body.empty() || req.method == Method::post || req.method == Method::put ||
      req.method == Method::patch)
    req.headers["content-length"] = std::to_string(request.body.size());
  req.body = request.body;
  req.request_id = "local-" + std::to_string(++next_id);
  req.remote_ip = "127.0.0.1";

  Response res = handler(req);
  if (res.after) {
    try {
      res.after();
    } catch (const std::exception& e) {
      log::warn("after_answer_failed", {{"route", req.route}, {"what", e.what()}});
    }
  }
  if (res.drop_connection)
    throw ConnectionError(request.method + " " + request.url + ": connection closed by the server",
                          false);
  ClientResponse out;
  out.status = res.status;
  if (!res.content_type.empty() && res.status != 204)
    out.headers["content-type"] = res.content_type;
  for (auto& [k, v] : res.headers) {
    auto [it, fresh] = out.headers.emplace(lower(k), v);
    if (!fresh) it->second += ", " + v;
  }
  out.body = res.shared_body ? *res.shared_body : std::move(res.body);
  return out;
}

}  // namespace wolfix::http
