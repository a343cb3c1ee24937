#pragma once
// The request target (RFC 9112 origin-form) split into the percent-decoded path and the query
// pairs. Its own file so the parser can be fuzzed without the server (tests/fuzz).
#include <string_view>

#include "http/types.hpp"

namespace wolfix::http {

// Fills req.path and req.query; false when `target` is not a valid origin-form.
bool parse_target(std::string_view target, Request& req);

}  // namespace wolfix::http
