#pragma once
// The one builder for `... IN (?, ?, ...)`: the stores that look up several ids at once append
// their placeholders and values with it.
#include <cstddef>
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

// Lists read often with varying lengths (cache checks) are padded to 8, 32, 128, ... values by
// repeating the last one, so a statement is one of a few texts, each prepared once on every
// PostgreSQL connection, instead of one per length. Pad, then write placeholders(params.size()).
inline void pad_in_list(Params& params) {
  if (params.empty()) return;
  std::size_t width = 8;
  while (width < params.size()) width *= 4;
  while (params.size() < width) params.push_back(params.back());
}

}  // namespace wolfix::db
