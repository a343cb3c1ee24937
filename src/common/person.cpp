#include "common/person.hpp"

#include <ctime>

#include "common/errors.hpp"
#include "common/json_fields.hpp"

namespace wolfix::person {
namespace {

bool blank(const std::optional<std::string>& s) {
  return !s || is_blank(*s);
}

void check_text(const std::optional<std::string>& value, const std::string& field,
                std::size_t max_len, Problems& out) {
  if (blank(value))
    out.add(field, field + " cannot be null or empty");
  else if (value->size() > max_len)
    out.add(field, field + " must be at most " + std::to_string(max_len) + " characters");
}

}  // namespace

void Problems::raise_if_any() const {
  if (items_.empty()) return;
  FieldErrors errors;
  for (const auto& [field, message] : items_) errors[field].push_back(message);
  throw ApiError(400, "validation_failed", items_.front().second, std::move(errors));
}

void check_full_name(const std::optional<std::string>& first,
                     const std::optional<std::string>& last,
                     const std::optional<std::string>& middle, Problems& out) {
  check_text(first, "firstName", kMaxNameLength, out);
  check_text(last, "lastName", kMaxNameLength, out);
  if (middle) check_text(middle, "middleName", kMaxNameLength, out);
}

bool is_valid_phone_number(std::string_view value) {
  if (value.size() != 13 || !value.starts_with("+380")) return false;
  for (char c : value.substr(4))
    if (c < '0' || c > '9') return false;
  return true;
}

void check_phone_number(const std::optional<std::string>& value, Problems& out,
                        const std::string& field) {
  if (blank(value))
    out.add(field, "value cannot be null or empty");
  else if (!is_valid_phone_number(*value))
    out.add(field, "value is not valid");
}

void check_address(const std::optional<std::string>& city, const std::optional<std::string>& street,
                   Problems& out) {
  check_text(city, "city", kMaxAddressPartLength, out);
  check_text(street, "street", kMaxAddressPartLength, out);
}

std::string utc_date(int64_t now_ms) {
  std::time_t secs = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

void check_birth_date(const std::optional<std::string>& date, int64_t now_ms, Problems& out,
                      const std::string& field) {
  if (!date || !is_valid_date(*date)) {
    out.add(field, field + " must be a date as yyyy-MM-dd");
    return;
  }
  // Both are zero-padded yyyy-MM-dd, so comparing parts as text compares them as numbers.
  std::string today = utc_date(now_ms);
  std::string_view d = *date, t = today;
  if (d.substr(0, 4) > t.substr(0, 4))
    out.add(field, "year cannot be in the future");
  else if (d.substr(0, 4) == t.substr(0, 4) && d.substr(5, 2) > t.substr(5, 2))
    out.add(field, "month cannot be in the future");
  else if (d.substr(0, 7) == t.substr(0, 7) && d.substr(8, 2) > t.substr(8, 2))
    out.add(field, "day cannot be in the future");
}

std::string day_month_year(std::string_view d) {
  if (d.size() != 10) return std::string(d);
  std::string out;
  out.append(d.substr(8, 2)).append("-").append(d.substr(5, 2)).append("-").append(d.substr(0, 4));
  return out;
}

}  // namespace wolfix::person
