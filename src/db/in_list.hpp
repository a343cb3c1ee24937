#pragma once
// The one builder for `... IN (?, ?, ...)`: the stores that look up several ids at once append
// their placeholders and values with it.
#include <string>

#include "db/db.hpp"

namespace wolfix::db {

// Appends "?, ?, ..." (one per value) to sql and the values to params; the caller writes the
// parentheses and never calls it with no values (`IN ()` is not SQL).
template <class Range>
void append_in_list(std::string& sql, Params& params, const Range& values) {
  bool first = true;
  for (const auto& v : values) {
    sql += first ? "?" : ", ?";
    first = false;
    params.emplace_back(v);
  }
}

// Just the placeholders, for a caller that binds the values itself.
inline std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace wolfix::db
