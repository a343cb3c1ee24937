#include "identity/common_passwords.hpp"

#include <string>
#include <unordered_set>

namespace wolfix::identity {

// Generated from src/identity/data/common_passwords.txt at build time (cmake/embed_text.cmake).
std::string_view embedded_common_passwords();

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const std::unordered_set<std::string>& common_set() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    std::string_view text = embedded_common_passwords();
    while (!text.empty()) {
      auto end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      out.insert(lower_ascii(line));
    }
    return out;
  }();
  return set;
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool is_common_password(std::string_view password) {
  const auto& set = common_set();
  std::string lower = lower_ascii(password);
  if (set.count(lower)) return true;
  // The character rules push people to decorate a common word with a digit and a symbol at the
  // end; the decoration adds almost nothing that a guessing tool does not try first.
  constexpr std::size_t kMinWord = 4, kMaxDecoration = 4;
  std::size_t word = lower.size();
  while (word > 0 && !is_letter(lower[word - 1]) &&
         static_cast<unsigned char>(lower[word - 1]) < 0x80)
    --word;
  std::size_t decoration = lower.size() - word;
  return decoration >= 1 && decoration <= kMaxDecoration && word >= kMinWord &&
         set.count(lower.substr(0, word));
}

}  // namespace wolfix::identity
