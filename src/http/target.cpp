#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace wolfix::http {

bool parse_target(std::string_view target, Request& req) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  req.path = parsed->path();  // percent-decoded
  for (auto p : parsed->params()) req.query.emplace_back(p.key, p.has_value ? p.value : "");
  return true;
}

}  // namespace wolfix::http
