#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace wolfix::http {

namespace {

// Characters RFC 3986 allows in a path or query as they are: no '%' (escapes need decoding)
// and no '+' (which a query may mean as a space).
constexpr bool literal(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~!$&'()*,;=:@/?").find(c) != std::string_view::npos;
}

// The common target ("/api/products/category/<id>/page/3?pageSize=20") needs no decoding:
// it is split in place, with no URL parser. Anything else (escapes, '+', empty parameters,
// "//") goes to Boost.URL, which decides what is valid and how it decodes.
bool parse_plain(std::string_view target, Request& req) {
  if (target.empty() || target[0] != '/' || target.starts_with("//")) return false;
  for (char c : target)
    if (!literal(c)) return false;
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::vector<std::pair<std::string, std::string>> query;
  if (q != std::string_view::npos) {
    std::string_view rest = target.substr(q + 1);
    for (;;) {
      auto amp = rest.find('&');
      std::string_view item = rest.substr(0, amp);
      if (item.empty()) return false;
      auto eq = item.find('=');
      if (eq == std::string_view::npos)
        query.emplace_back(std::string(item), std::string());
      else
        query.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  req.path = path;
  req.query = std::move(query);
  return true;
}

}  // namespace

bool parse_target(std::string_view target, Request& req) {
  if (parse_plain(target, req)) return true;
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  req.path = parsed->path();  // percent-decoded
  req.query.clear();
  for (auto p : parsed->params()) req.query.emplace_back(p.key, p.has_value ? p.value : "");
  return true;
}

}  // namespace wolfix::http
