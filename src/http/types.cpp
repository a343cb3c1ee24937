#include "http/types.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "common/errors.hpp"
#include "common/uuid.hpp"

namespace wolfix::http {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    default:
      return "OTHER";
  }
}

std::string_view Request::header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string_view{} : std::string_view(it->second);
}

std::optional<std::string> Request::query_value(std::string_view name) const {
  // ASP.NET binds query names case-insensitively; the existing client relies on camelCase.
  for (const auto& [k, v] : query)
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(a) == std::tolower(b);
        }))
      return v;
  return std::nullopt;
}

const std::string& Request::param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) throw bad_request("Missing path parameter " + name);
  return it->second;
}

std::string Request::uuid_param(const std::string& name) const {
  auto id = parse_uuid(param(name));
  if (!id)
    throw ApiError(400, "invalid_id", name + " is not a valid id", {{name, {"must be a GUID"}}});
  return *id;
}

static std::optional<int64_t> parse_int(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

static int64_t checked_int(const std::string& name, std::string_view text, int64_t min,
                           int64_t max) {
  auto v = parse_int(text);
  if (!v || *v < min || *v > max)
    throw ApiError(
        400, "validation_failed",
        name + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max),
        {{name,
          {"must be an integer from " + std::to_string(min) + " to " + std::to_string(max)}}});
  return *v;
}

int64_t Request::int_param(const std::string& name, int64_t min, int64_t max) const {
  return checked_int(name, param(name), min, max);
}

int64_t Request::int_query(const std::string& name, int64_t fallback, int64_t min,
                           int64_t max) const {
  auto v = query_value(name);
  if (!v) return fallback;
  return checked_int(name, *v, min, max);
}

boost::json::value Request::json() const {
  if (body.empty()) throw bad_request("A JSON body is required", "body_required");
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 64;
  auto v = boost::json::parse(body, ec, {}, opts);
  if (ec) throw bad_request("Malformed JSON: " + ec.message(), "malformed_json");
  return v;
}

boost::json::object Request::json_object() const {
  auto v = json();
  if (!v.is_object()) throw bad_request("The JSON body must be an object", "malformed_json");
  return std::move(v.as_object());
}

const Principal& Request::caller() const {
  if (!principal) throw unauthorized();
  return *principal;
}

Actor Request::actor() const {
  const auto& who = caller();
  return Actor::user(who.role, who.profile_id);
}

Response Response::json(const boost::json::value& v, int status) {
  return raw_json(boost::json::serialize(v), status);
}

Response Response::raw_json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

}  // namespace wolfix::http
