#pragma once

#include <string>
#include <utility>
#include <vector>

#include "http/types.hpp"

namespace wolfix::http {

// The status line and header block of an answer, written by hand rather than through Beast's
// serializer: the body then goes out beside it in one gather write, with no copy, and an
// answer costs one allocation for its head instead of one per field (the serializer's buffer
// sequences were ~10% of a cached page's CPU).
//
// `defaults` are added when the handler did not set a field of that name (case-insensitive).
// Content-Length is `body_size` (for HEAD, the size the GET would have sent), except for 1xx,
// 204 and 304, which carry no body and no length (RFC 9110 §8.6). A name or value holding CR,
// LF or NUL is dropped rather than written, so no value can split the head.
std::string response_head(const Response& r, unsigned version, bool keep_alive,
                          std::size_t body_size,
                          const std::vector<std::pair<std::string, std::string>>& defaults);

// Whether an answer with this status may carry a body.
bool status_allows_body(int status);

}  // namespace wolfix::http
