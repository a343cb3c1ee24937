#include "http/origin.hpp"

#include "common/ascii.hpp"
namespace wolfix::http {
namespace {

// The first entry of a comma-separated header (proxies append theirs), trimmed.
std::string_view first_entry(std::string_view value) {
  value = value.substr(0, value.find(','));
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  for (char c : port)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  std::string_view name = host;
  if (name.front() == '[') {  // [IPv6]:port
    auto close = name.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    for (char c : name.substr(1, close - 1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    auto rest = name.substr(close + 1);
    return rest.empty() || (rest.front() == ':' && valid_port(rest.substr(1)));
  }
  auto colon = name.find(':');
  if (colon != std::string_view::npos) {
    if (!valid_port(name.substr(colon + 1))) return false;
    name = name.substr(0, colon);
  }
  if (name.empty() || name.front() == '.' || name.front() == '-') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  return true;
}

std::string request_origin(const Request& req, const OriginOptions& o) {
  if (!o.public_base_url.empty()) return o.public_base_url;
  bool https = o.https;
  std::string_view host = req.header("host");
  if (o.trust_forwarded && req.from_trusted_proxy) {  // written by our proxy, not the client
    auto proto = first_entry(req.header("x-forwarded-proto"));
    if (ascii_iequals(proto, "https"))
      https = true;
    else if (ascii_iequals(proto, "http"))
      https = false;
    if (auto fwd = first_entry(req.header("x-forwarded-host")); !fwd.empty()) host = fwd;
  }
  if (!valid_host(host)) return "";
  return (https ? "https://" : "http://") + std::string(host);
}

}  // namespace wolfix::http
