#include "http/idempotency_key.hpp"

#include "common/crypto.hpp"
#include "common/errors.hpp"

namespace wolfix::idempotency {
namespace {

// What a fingerprint hashes: "METHOD path\n" and the body (canonical or as sent).
std::string request_text(const http::Request& req, std::string_view body) {
  auto method = http::method_name(req.method);
  std::string text;
  text.reserve(method.size() + req.path.size() + 2 + body.size());
  text.append(method).append(" ").append(req.path).append("\n").append(body);
  return text;
}

// The key, the caller's scope and the request as sent; nullopt without the header.
std::optional<Claim> key_of(const http::Request& req, std::string_view route_name) {
  auto header = req.header("idempotency-key");
  if (req.headers.find("idempotency-key") == req.headers.end()) return std::nullopt;
  bool printable = !header.empty() && header.size() <= 255;
  for (char ch : header) printable = printable && ch >= 0x20 && ch < 0x7f;
  if (!printable)
    throw ApiError(400, "invalid_idempotency_key",
                   "Idempotency-Key must be 1 to 255 printable ASCII characters",
                   {{"Idempotency-Key", {"must be 1 to 255 printable ASCII characters"}}});
  const auto& who = req.caller();
  Claim c;
  c.scope = who.account_id + "|" + std::string(to_string(who.role)) + "|" + std::string(route_name);
  c.key = std::string(header);
  c.raw_request = request_text(req, req.body);
  return c;
}

}  // namespace

std::optional<Claim> claim_from_request(const http::Request& req, std::string_view route_name) {
  auto c = key_of(req, route_name);
  if (!c) return c;
  auto canonical = canonical_json(req.body);
  c->fingerprint = fingerprint_of(canonical ? request_text(req, *canonical) : c->raw_request);
  return c;
}

std::optional<Claim> claim_from_request(const http::Request& req, std::string_view route_name,
                                        const boost::json::value& body) {
  auto c = key_of(req, route_name);
  if (!c) return c;
  c->fingerprint = fingerprint_of(request_text(req, canonical_json_of(body)));
  return c;
}

StoredAnswer to_stored(const http::Response& res) {
  StoredAnswer a;
  a.status = res.status;
  a.content_type = res.content_type;
  a.body = res.body;
  a.headers = res.headers;
  return a;
}

http::Response to_response(const StoredAnswer& a, bool replayed) {
  http::Response r;
  r.status = a.status;
  r.content_type = a.content_type;
  r.body = a.body;
  r.headers = a.headers;
  if (replayed) r.with_header("Idempotent-Replayed", "true");
  return r;
}

}  // namespace wolfix::idempotency
