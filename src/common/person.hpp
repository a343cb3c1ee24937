#pragma once
// The personal-data value objects every profile shares (Wolfix.Server's Shared.Domain
// ValueObjects): full name, Ukrainian mobile number, postal address and birth date, with
// Wolfix.Server's rules and error texts. Pure checks: no JSON, no SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wolfix::person {

inline constexpr std::size_t kMaxNameLength = 100;
inline constexpr std::size_t kMaxAddressPartLength = 200;
// Wolfix.Server takes a uint; the profile tables keep a 32-bit INTEGER, so the signed range.
inline constexpr int64_t kMaxHouseNumber = 2147483647LL;

struct FullName {
  std::string first_name;
  std::string last_name;
  std::optional<std::string> middle_name;
};

struct Address {
  std::string city;
  std::string street;
  uint32_t house_number = 0;
  std::optional<uint32_t> apartment_number;
};

// Problems found by the checks, in the order Wolfix.Server reports them (it stops at the first;
// we keep them all so one answer names every bad field).
class Problems {
 public:
  void add(std::string field, std::string message) {
    items_.emplace_back(std::move(field), std::move(message));
  }
  bool empty() const { return items_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  // Throws a 400 whose message is the first problem's text (Wolfix.Server's message) and whose
  // errors name every field. Does nothing when there are none.
  void raise_if_any() const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// First and last names must not be blank; the middle name may be absent (null) but not blank.
// Messages: "firstName cannot be null or empty", "lastName ...", "middleName ...".
void check_full_name(const std::optional<std::string>& first,
                     const std::optional<std::string>& last,
                     const std::optional<std::string>& middle, Problems& out);

// ^\+380\d{9}$. Messages: "value cannot be null or empty", "value is not valid".
bool is_valid_phone_number(std::string_view value);
void check_phone_number(const std::optional<std::string>& value, Problems& out,
                        const std::string& field = "phoneNumber");

// City and street must not be blank ("city cannot be null or empty"); house number 0 is allowed,
// as in Wolfix.Server.
void check_address(const std::optional<std::string>& city, const std::optional<std::string>& street,
                   Problems& out);

// A calendar date "yyyy-MM-dd" not after today (UTC, from now_ms). Messages: "year cannot be in
// the future", "month cannot be in the future", "day cannot be in the future"; a malformed date
// gives "must be a date as yyyy-MM-dd".
void check_birth_date(const std::optional<std::string>& yyyy_mm_dd, int64_t now_ms, Problems& out,
                      const std::string& field = "birthDate");

// "yyyy-MM-dd" of the UTC day containing now_ms.
std::string utc_date(int64_t now_ms);
// "dd-MM-yyyy", the text Wolfix.Server answers a birth-date change with.
std::string day_month_year(std::string_view yyyy_mm_dd);

}  // namespace wolfix::person
