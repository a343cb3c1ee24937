#pragma once
// ASCII case-insensitive comparison, for the names clients send in any case (enum names, form
// and header fields, URL schemes). Independent of the C locale, unlike std::tolower.
#include <cstddef>
#include <string_view>

namespace wolfix {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace wolfix
