#include "common/form.hpp"

namespace wolfix {
namespace {

bool keeps_as_is(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
         c == '-' || c == '.' || c == '_';
}

void append_encoded(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (keeps_as_is(c)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode_component(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// For key "name[inner]" with prefix "name", returns "inner"; nullopt for any other shape.
std::optional<std::string_view> bracket_inner(std::string_view key, std::string_view prefix) {
  if (key.size() < prefix.size() + 2 || key.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = key.substr(prefix.size());
  if (rest.front() != '[' || rest.back() != ']') return std::nullopt;
  std::string_view inner = rest.substr(1, rest.size() - 2);
  if (inner.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  return inner;
}

std::optional<unsigned> parse_index(std::string_view s) {
  // Nine digits fit an unsigned; no real parameter list comes anywhere near that.
  if (s.empty() || s.size() > 9) return std::nullopt;
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + unsigned(c - '0');
  }
  return v;
}

}  // namespace

std::string form_encode(const FormPairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    append_encoded(out, name);
    out.push_back('=');
    append_encoded(out, value);
  }
  return out;
}

std::optional<FormPairs> form_decode(std::string_view body) {
  FormPairs out;
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view piece = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    auto name = decode_component(piece.substr(0, eq));
    auto value =
        decode_component(eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

std::optional<FormFields> FormFields::parse(std::string_view body) {
  auto pairs = form_decode(body);
  if (!pairs) return std::nullopt;
  return FormFields(std::move(*pairs));
}

std::optional<std::string> FormFields::get(std::string_view key) const {
  for (auto it = pairs_.rbegin(); it != pairs_.rend(); ++it) {
    if (it->first == key) return it->second;
  }
  return std::nullopt;
}

std::map<std::string, std::string> FormFields::prefixed(std::string_view prefix) const {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : pairs_) {
    const auto inner = bracket_inner(key, prefix);
    if (inner && !inner->empty()) out.insert_or_assign(std::string(*inner), value);
  }
  return out;
}

std::vector<std::string> FormFields::list(std::string_view name) const {
  std::map<unsigned, std::string> indexed;
  std::vector<std::string> appended;
  for (const auto& [key, value] : pairs_) {
    const auto inner = bracket_inner(key, name);
    if (!inner) continue;
    if (inner->empty()) {
      appended.push_back(value);
    } else if (const auto index = parse_index(*inner)) {
      indexed.insert_or_assign(*index, value);
    }
  }
  std::vector<std::string> out;
  out.reserve(indexed.size() + appended.size());
  for (auto& [index, value] : indexed) out.push_back(std::move(value));
  for (auto& value : appended) out.push_back(std::move(value));
  return out;
}

}  // namespace wolfix
