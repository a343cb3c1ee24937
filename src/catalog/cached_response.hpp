#pragma once
// A cached catalog answer as the io thread sends it: its bytes, and the entry's recomputation
// (when this request was handed it) for the worker pool once the answer is on its way.
#include <optional>

#include "catalog/page_cache.hpp"
#include "http/types.hpp"

namespace wolfix::catalog {

inline std::optional<http::Response> cached_response(std::optional<CachedAnswer> answer) {
  if (!answer) return std::nullopt;
  auto res = http::Response::raw_json(std::string());
  res.shared_body = std::move(answer->json);
  res.after = std::move(answer->refresh);
  return res;
}

}  // namespace wolfix::catalog
