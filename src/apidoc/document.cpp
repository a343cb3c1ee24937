#include "apidoc/document.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>
#include <stdexcept>

namespace wolfix::apidoc {
namespace json = boost::json;

namespace {

std::string status_text(std::string_view status) {
  static const std::map<std::string, std::string, std::less<>> texts = {
      {"200", "OK"},
      {"201", "Created"},
      {"202", "Accepted"},
      {"204", "No content"},
      {"303", "See other"},
      {"304", "Not modified"},
      {"400", "Bad request"},
      {"401", "Unauthorized"},
      {"403", "Forbidden"},
      {"404", "Not found"},
      {"405", "Method not allowed"},
      {"409", "Conflict"},
      {"410", "Gone"},
      {"413", "Payload too large"},
      {"415", "Unsupported media type"},
      {"422", "Unprocessable"},
      {"429", "Too many requests"},
      {"500", "Internal error"},
      {"502", "Bad gateway"},
      {"503", "Unavailable"},
      {"504", "Gateway timeout"}};
  auto it = texts.find(status);
  return it == texts.end() ? std::string(status) : it->second;
}

json::value ref(std::string_view schema_name) {
  return json::object{{"$ref", "#/components/schemas/" + std::string(schema_name)}};
}

// A schema name, or a schema.
json::value schema_of(const json::value& v) {
  return v.is_string() ? ref(v.as_string()) : v;
}

json::object json_content(const json::value& schema) {
  return json::object{{"application/json", json::object{{"schema", schema_of(schema)}}}};
}

// Path parameters in order; true for a catch-all ("{*path}": the rest of the path, slashes
// included, which OpenAPI cannot say but x-catch-all does).
std::vector<std::pair<std::string, bool>> path_params(std::string_view pattern) {
  std::vector<std::pair<std::string, bool>> out;
  std::size_t i = 0;
  while ((i = pattern.find('{', i)) != std::string_view::npos) {
    auto j = pattern.find('}', i);
    if (j == std::string_view::npos) break;
    auto name = pattern.substr(i + 1, j - i - 1);
    bool rest = !name.empty() && name.front() == '*';
    if (rest) name.remove_prefix(1);
    out.emplace_back(std::string(name), rest);
    i = j + 1;
  }
  return out;
}

// "POST /api/orders/{orderId}/refunds" -> "postApiOrdersByOrderIdRefunds".
std::string operation_id(const std::string& method, std::string_view pattern) {
  std::string id;
  for (char c : method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool upper = true;
  bool in_param = false;
  for (char c : pattern) {
    if (c == '{') {
      id += "By";
      in_param = true;
      upper = true;
      continue;
    }
    if (c == '}' || c == '*') {
      in_param = false;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  (void)in_param;
  return id;
}

json::object error_response(const std::string& status, const std::set<std::string>& codes) {
  json::array code_enum;
  std::string listed;
  for (const auto& c : codes) {
    code_enum.push_back(json::value(c));
    listed += (listed.empty() ? "`" : ", `") + c + "`";
  }
  json::value schema = ref("Error");
  if (!code_enum.empty())
    schema = json::object{
        {"allOf",
         json::array{ref("Error"),
                     json::object{{"properties",
                                   json::object{{"code", json::object{{"enum", code_enum}}}}}}}}};
  return json::object{
      {"description", listed.empty() ? status_text(status) : status_text(status) + ": " + listed},
      {"content", json_content(schema)}};
}

json::object param(const json::object& partial, const std::string& name, const char* in) {
  json::object p = partial;
  p["name"] = name;
  p["in"] = in;
  if (!p.contains("schema")) p["schema"] = json::object{{"type", "string"}};
  if (std::string_view(in) == "path") p["required"] = true;
  return p;
}

const json::object* object_member(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

std::string string_member(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

json::object operation(const std::string& where, const RouteKey& route, const json::object& r,
                       const std::string& default_tag) {
  const std::string& method = route.method;
  const std::string& pattern = route.pattern;
  json::object op;
  std::string tag = string_member(r, "tag");
  op["tags"] = json::array{json::value(tag.empty() ? default_tag : tag)};
  op["summary"] = string_member(r, "summary");
  std::string id = string_member(r, "id");
  op["operationId"] = id.empty() ? operation_id(method, pattern) : id;
  std::string description = string_member(r, "description");

  // Who may call it: from the registration.
  std::set<std::string> forbidden_codes;
  if (r.contains("auth"))
    throw std::runtime_error(where + ": who may call a route comes from its registration");
  if (route.needs_token) {
    json::array roles;
    std::string who;
    for (const auto& role : route.roles) {
      roles.push_back(json::value(role));
      who += (who.empty() ? "" : ", ") + role;
    }
    if (who.empty()) who = "any signed-in account";
    op["security"] = json::array{json::object{{"bearer", json::array{}}}};
    op["x-roles"] = roles;
    description += (description.empty() ? "" : "\n\n") + std::string("**Who:** ") + who + ".";
    forbidden_codes.insert("forbidden");
  }
  if (!description.empty()) op["description"] = description;

  // Codes every route of a kind answers: a malformed id or page, a malformed JSON body.
  std::set<std::string> bad_request_codes;
  json::array params;
  const json::object* declared = object_member(r, "params");
  std::set<std::string> in_path;
  for (const auto& [name, rest] : path_params(pattern)) {
    in_path.insert(name);
    if (rest) {
      params.push_back(json::object{{"name", name},
                                    {"in", "path"},
                                    {"required", true},
                                    {"x-catch-all", true},
                                    {"description", "The rest of the path, slashes included."},
                                    {"schema", json::object{{"type", "string"}}}});
      continue;
    }
    const json::value* p = declared ? declared->if_contains(name) : nullptr;
    if (p && p->is_string() && p->as_string() == "uuid") {
      params.push_back(param(json::object{{"schema", ref("Uuid")}}, name, "path"));
      bad_request_codes.insert("invalid_id");
    } else if (p && p->is_string() && p->as_string() == "page") {
      params.push_back(
          param(json::object{{"schema", json::object{{"type", "integer"}, {"minimum", 1}}},
                             {"description", "The page number, from 1."}},
                name, "path"));
      bad_request_codes.insert("validation_failed");
    } else if (p && p->is_object()) {
      params.push_back(param(p->as_object(), name, "path"));
    } else if (!p) {
      params.push_back(param(json::object{}, name, "path"));
    } else {
      throw std::runtime_error(where + ": params." + name +
                               " is \"uuid\", \"page\" or a Parameter");
    }
  }
  if (declared)
    for (const auto& [name, _] : *declared)
      if (!in_path.count(std::string(name)))
        throw std::runtime_error(where + ": params names " + std::string(name) +
                                 ", which is not in the path");
  if (auto* q = object_member(r, "query"))
    for (const auto& [name, p] : *q) params.push_back(param(p.as_object(), name, "query"));
  if (auto* h = object_member(r, "headers"))
    for (const auto& [name, p] : *h) params.push_back(param(p.as_object(), name, "header"));
  std::string idem = string_member(r, "idempotencyKey");
  if (idem == "required")
    params.push_back(json::object{{"$ref", "#/components/parameters/IdempotencyKeyRequired"}});
  else if (idem == "optional")
    params.push_back(json::object{{"$ref", "#/components/parameters/IdempotencyKey"}});
  else if (!idem.empty())
    throw std::runtime_error(where + ": idempotencyKey is optional or required");
  if (!params.empty()) op["parameters"] = params;

  bool takes_body = false;
  if (auto* body = r.if_contains("body")) {
    takes_body = true;
    if (body->is_object() && body->as_object().contains("content")) {
      op["requestBody"] = *body;
    } else {
      op["requestBody"] = json::object{{"required", true}, {"content", json_content(*body)}};
      bad_request_codes.insert({"body_required", "malformed_json"});
    }
  }

  json::object responses;
  auto* declared_responses = object_member(r, "responses");
  if (!declared_responses) throw std::runtime_error(where + ": no responses");
  for (const auto& [key, v] : *declared_responses) {
    std::string status(key);
    if (v.is_null()) {
      responses[status] = json::object{{"description", status_text(status)}};
    } else if (v.is_array()) {
      std::set<std::string> codes;
      for (const auto& c : v.as_array()) codes.insert(std::string(c.as_string()));
      if (status == "403")
        forbidden_codes.insert(codes.begin(), codes.end());
      else
        responses[status] = error_response(status, codes);
    } else if (v.is_object() && v.as_object().contains("description")) {
      responses[status] = v;
    } else {
      responses[status] =
          json::object{{"description", status_text(status)}, {"content", json_content(v)}};
    }
  }
  if (!bad_request_codes.empty()) {
    if (auto* listed = declared_responses->if_contains("400"); listed && listed->is_array())
      for (const auto& c : listed->as_array()) bad_request_codes.insert(std::string(c.as_string()));
    responses["400"] = error_response("400", bad_request_codes);
  }
  if (takes_body && !responses.contains("413"))
    responses["413"] = error_response("413", {"body_too_large"});
  if (route.needs_token && !responses.contains("401"))
    responses["401"] = error_response("401", {"unauthorized", "invalid_token"});
  if (!forbidden_codes.empty()) responses["403"] = error_response("403", forbidden_codes);
  op["responses"] = responses;
  return op;
}

json::object parse_object(std::string_view text, const std::string& name) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object())
    throw std::runtime_error(name + " is not a JSON object: " + ec.message());
  return std::move(v.as_object());
}

}  // namespace

std::string openapi_path(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '*' && i > 0 && pattern[i - 1] == '{') continue;
    out += pattern[i];
  }
  return out;
}

Built build(std::string_view head, std::string_view intro, const std::vector<Source>& modules,
            const std::vector<RouteKey>& registered, std::string_view version) {
  json::object doc = parse_object(head, "apidoc/head/document.json");
  auto& info = doc["info"].as_object();
  info["version"] = version;
  info["description"] = intro;
  auto& components = doc["components"].as_object();
  auto& schemas = components["schemas"].as_object();

  std::map<std::string, const RouteKey*> routed;
  for (const auto& r : registered) routed[r.method + " " + r.pattern] = &r;

  Built out;
  json::array tags;
  std::set<std::string> described;
  json::object paths;
  for (const auto& m : modules) {
    json::object module = parse_object(m.text, m.name);
    std::string default_tag;
    if (auto* t = module.if_contains("tags")) {
      for (const auto& tag : t->as_array()) {
        if (default_tag.empty()) default_tag = tag.as_object().at("name").as_string();
        tags.push_back(tag);
      }
    }
    if (auto* s = object_member(module, "schemas")) {
      for (const auto& [name, schema] : *s) {
        if (schemas.contains(name))
          throw std::runtime_error(m.name + ": schema " + std::string(name) + " is defined twice");
        schemas[name] = schema;
      }
    }
    auto* routes = object_member(module, "routes");
    if (!routes) continue;
    for (const auto& [key, value] : *routes) {
      std::string k(key);
      auto space = k.find(' ');
      if (space == std::string::npos || !value.is_object())
        throw std::runtime_error(m.name + ": " + k + " is not \"METHOD /pattern\": {...}");
      std::string method = k.substr(0, space);
      if (!described.insert(k).second)
        throw std::runtime_error(m.name + ": " + k + " is described twice");
      auto route = routed.find(k);
      if (route == routed.end()) {
        out.unrouted.push_back(k);
        continue;
      }
      std::string lower;
      for (char c : method) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto path = openapi_path(k.substr(space + 1));
      if (!paths.contains(path)) paths[path] = json::object{};
      paths[path].as_object()[lower] =
          operation(m.name + " " + k, *route->second, value.as_object(), default_tag);
    }
  }
  for (const auto& [k, _] : routed)
    if (!described.count(k)) out.undocumented.push_back(k);
  doc["tags"] = tags;
  doc["paths"] = paths;
  out.json = json::serialize(doc);
  return out;
}

}  // namespace wolfix::apidoc
