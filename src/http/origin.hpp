#pragma once
// The origin ("https://shop.example") a client reached this server at, for answers that carry
// absolute URLs (media). A configured public base URL wins; otherwise it is the request's own
// scheme and Host, with X-Forwarded-Proto / X-Forwarded-Host believed only when a trusted proxy
// fronts the server. A Host that is not a plain host[:port] gives "" (root-relative URLs), so a
// forged header can never put markup or another path into an answer.
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace wolfix::http {

struct OriginOptions {
  std::string public_base_url;   // e.g. "https://shop.example"; empty = from the request
  bool https = false;            // TLS here or at a TLS-terminating proxy
  bool trust_forwarded = false;  // a proxy that sets X-Forwarded-Proto/-Host fronts the server
};

// host, host:port, IPv4 or [IPv6] with an optional port; letters, digits, '-', '.', at most 255.
bool valid_host(std::string_view host);

// "scheme://host[:port]" without a trailing slash, or "" when nothing trustworthy is known.
std::string request_origin(const Request& req, const OriginOptions& options);

}  // namespace wolfix::http
