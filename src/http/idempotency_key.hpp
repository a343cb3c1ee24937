#pragma once
// The HTTP edge of Idempotency-Key (common/idempotency.hpp keeps the claims and the stored
// answers, with no HTTP in it): the claim a request makes, and a route's answer to and from the
// form it is stored in.
#include <optional>
#include <string_view>

#include "common/idempotency.hpp"
#include "http/types.hpp"

namespace wolfix::idempotency {

// Reads the optional Idempotency-Key header. Scope is the caller's account and role plus
// `route_name` (e.g. "POST /api/orders"). 400 when the header is present but empty, longer than
// 255 characters or not printable ASCII. Requires an authenticated caller.
std::optional<Claim> claim_from_request(const http::Request& req, std::string_view route_name);
// The same for a route that has parsed its JSON body already: the canonical form is written from
// `body` instead of parsing the text again.
std::optional<Claim> claim_from_request(const http::Request& req, std::string_view route_name,
                                        const boost::json::value& body);

StoredAnswer to_stored(const http::Response& res);
// The stored answer, marked with "Idempotent-Replayed: true".
http::Response to_response(const StoredAnswer& a, bool replayed);

}  // namespace wolfix::idempotency
