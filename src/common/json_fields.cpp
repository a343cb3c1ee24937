#include "common/json_fields.hpp"

#include <cctype>
#include <charconv>

#include "common/ascii.hpp"
#include "common/money.hpp"
#include "common/uuid.hpp"

namespace wolfix {
namespace {

std::optional<int64_t> as_int(const boost::json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) {
    if (v.as_uint64() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(v.as_uint64());
  }
  if (v.is_double()) {
    double d = v.as_double();
    // Range first: converting a double outside int64's range is undefined behaviour (found by
    // tests/fuzz json_fields with "delta": -9223372083654775808, parsed as a double).
    if (!(d >= -9e18 && d <= 9e18)) return std::nullopt;
    auto n = static_cast<int64_t>(d);
    if (static_cast<double>(n) != d) return std::nullopt;
    return n;
  }
  if (v.is_string()) {
    std::string_view s = v.as_string();
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc{} && p == s.data() + s.size() && !s.empty()) return out;
  }
  return std::nullopt;
}

}  // namespace

bool is_blank(std::string_view s) {
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = std::stoi(std::string(s.substr(5, 2)));
  int d = std::stoi(std::string(s.substr(8, 2)));
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string JsonFields::key(std::string_view name) const {
  return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

const boost::json::value* JsonFields::find(std::string_view name) const {
  if (auto* v = obj_.if_contains(name)) return v->is_null() ? nullptr : v;
  for (const auto& kv : obj_)
    if (ascii_iequals(kv.key(), name)) return kv.value().is_null() ? nullptr : &kv.value();
  return nullptr;
}

void JsonFields::fail(std::string_view name, std::string message) {
  errors_[key(name)].push_back(std::move(message));
}

void JsonFields::finish() const {
  if (!errors_.empty()) throw validation_failed(errors_);
}

std::optional<std::string> JsonFields::string_value(std::string_view name, std::size_t max_len) {
  const auto* v = find(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  if (v->as_string().size() > max_len) {
    fail(name, "must be at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<std::string> JsonFields::optional_string(std::string_view name, std::size_t max_len) {
  // Clients send "" for a field the user left empty (a middle name, a note): that is absence.
  if (const auto* v = find(name); v && v->is_string() && is_blank(v->as_string()))
    return std::nullopt;
  return string_value(name, max_len);
}

std::string JsonFields::required_string(std::string_view name, std::size_t max_len) {
  if (!find(name)) {
    fail(name, "is required");
    return {};
  }
  // As sent: a password of spaces is still that password.
  return string_value(name, max_len).value_or("");
}

std::string JsonFields::required_text(std::string_view name, std::size_t max_len) {
  bool present = find(name) != nullptr;
  auto s = required_string(name, max_len);
  if (present && is_blank(s) && find(name)->is_string()) fail(name, "cannot be empty");
  return s;
}

std::optional<std::string> JsonFields::optional_uuid(std::string_view name) {
  const auto* v = find(name);
  if (!v) return std::nullopt;
  if (v->is_string())
    if (auto id = parse_uuid(v->as_string())) return id;
  fail(name, "must be a GUID");
  return std::nullopt;
}

std::string JsonFields::required_uuid(std::string_view name) {
  if (!find(name)) {
    fail(name, "is required");
    return {};
  }
  return optional_uuid(name).value_or("");
}

std::optional<int64_t> JsonFields::optional_int(std::string_view name, int64_t min, int64_t max) {
  const auto* v = find(name);
  if (!v) return std::nullopt;
  auto i = as_int(*v);
  if (!i) {
    fail(name, "must be an integer");
    return std::nullopt;
  }
  if (*i < min || *i > max) {
    fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return i;
}

int64_t JsonFields::required_int(std::string_view name, int64_t min, int64_t max) {
  if (!find(name)) {
    fail(name, "is required");
    return 0;
  }
  return optional_int(name, min, max).value_or(0);
}

bool JsonFields::optional_bool(std::string_view name, bool fallback) {
  const auto* v = find(name);
  if (!v) return fallback;
  if (v->is_bool()) return v->as_bool();
  fail(name, "must be true or false");
  return fallback;
}

std::optional<int64_t> JsonFields::optional_money(std::string_view name, int exponent) {
  const auto* v = find(name);
  if (!v) return std::nullopt;
  auto m = minor_from_json(*v, exponent);
  if (!m) {
    fail(name, "must be a decimal amount with at most " + std::to_string(exponent) +
                   " digits after the point");
    return std::nullopt;
  }
  return m;
}

int64_t JsonFields::required_money(std::string_view name, int exponent) {
  if (!find(name)) {
    fail(name, "is required");
    return 0;
  }
  return optional_money(name, exponent).value_or(0);
}

std::string JsonFields::required_date(std::string_view name) {
  const auto* v = find(name);
  if (!v) {
    fail(name, "is required");
    return {};
  }
  if (!v->is_string() || !is_valid_date(v->as_string())) {
    fail(name, "must be a date as yyyy-MM-dd");
    return {};
  }
  return std::string(v->as_string());
}

}  // namespace wolfix
