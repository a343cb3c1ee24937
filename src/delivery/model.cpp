#include "delivery/model.hpp"

#include <cctype>

namespace wolfix::delivery {
namespace {
bool blank(std::string_view s) {
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}
}  // namespace

std::optional<DeliveryOption> delivery_option_from_int(int64_t v) {
  if (v < 0 || v > 2) return std::nullopt;
  return static_cast<DeliveryOption>(v);
}

std::string_view delivery_option_name(DeliveryOption o) {
  switch (o) {
    case DeliveryOption::department:
      return "Department";
    case DeliveryOption::post_machine:
      return "PostMachine";
    case DeliveryOption::courier:
      return "Courier";
  }
  return "Department";
}

std::optional<PointKind> point_kind_from_name(std::string_view name) {
  std::string key = name_key(name);
  if (key == "department") return PointKind::department;
  if (key == "postmachine" || key == "post_machine" || key == "post machine")
    return PointKind::post_machine;
  return std::nullopt;
}

std::string name_key(std::string_view name) {
  // Trimmed, so "Kyiv " and "kyiv" are one city.
  std::size_t b = 0, e = name.size();
  while (b < e && std::isspace(static_cast<unsigned char>(name[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(name[e - 1]))) --e;
  std::string out(name.substr(b, e - b));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::tolower(c));
  return out;
}

std::optional<std::string> name_error(std::string_view name) {
  if (blank(name)) return "cannot be null or empty";
  if (name.size() > kMaxNameLength)
    return "must be at most " + std::to_string(kMaxNameLength) + " characters";
  return std::nullopt;
}

std::optional<std::string> street_error(std::string_view street) {
  if (blank(street)) return "cannot be null or empty";
  if (street.size() > kMaxStreetLength)
    return "must be at most " + std::to_string(kMaxStreetLength) + " characters";
  return std::nullopt;
}

std::optional<std::string> positive_number_error(int64_t n) {
  if (n <= 0) return "must be positive";
  if (n > kMaxPlaceNumber) return "is too large";
  return std::nullopt;
}

std::optional<std::string> fee_error(int64_t fee_minor) {
  if (fee_minor < 0) return "cannot be negative";
  if (fee_minor > kMaxFeeMinor) return "is too large";
  return std::nullopt;
}

}  // namespace wolfix::delivery
