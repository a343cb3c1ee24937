#pragma once
// Ids are UUIDv7 (RFC 9562): the leading 48-bit millisecond timestamp makes new rows append to
// the end of B-tree indexes instead of scattering, and ids sort by creation time.
#include <optional>
#include <string>
#include <string_view>

namespace wolfix {

// A new lowercase canonical UUIDv7 ("0193a5c2-7d1e-7abc-8def-0123456789ab"). Ids made by one
// process are strictly increasing, even within one millisecond or if the wall clock steps back.
std::string new_uuid_v7();

// Accepts only the 36-character 8-4-4-4-12 hex form (any case, any version) and returns it in
// lowercase; braces, "urn:uuid:", whitespace and the 32-digit form are rejected.
std::optional<std::string> parse_uuid(std::string_view text);

}  // namespace wolfix
