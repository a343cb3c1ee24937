#pragma once
// Shared by the libFuzzer targets: what counts as a handled rejection. Parsers answer bad input
// with ApiError 4xx (turned into a 400/413/415 by the HTTP edge); anything else that escapes a
// target (a 5xx ApiError, std::out_of_range, a crash, undefined behaviour) is a finding.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/errors.hpp"

namespace wolfix::fuzz {

// Runs `fn`, accepting a client error (4xx) as the answer to bad input.
template <class Fn>
void client_errors_ok(Fn&& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    if (e.status() < 400 || e.status() >= 500) {
      std::fprintf(stderr, "bad input answered with status %d (%s)\n", e.status(), e.what());
      std::abort();
    }
  }
}

inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// Splits fuzz input at the first occurrence of `sep` (absent: everything is the first part).
inline std::pair<std::string_view, std::string_view> split_once(std::string_view in,
                                                                std::string_view sep) {
  auto at = in.find(sep);
  if (at == std::string_view::npos) return {in, {}};
  return {in.substr(0, at), in.substr(at + sep.size())};
}

}  // namespace wolfix::fuzz
