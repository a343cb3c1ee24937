#pragma once
// Reading the personal data a profile row keeps (customers, sellers, seller applications): one
// list of its nine columns and one reader of them, used by the stores that own those tables.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::person {

// "SELECT <before>, first_name, last_name, middle_name, phone_number, city, street,
// house_number, apartment_number, birth_date, <after> FROM <table> ", for the store that owns
// the table to append its WHERE clause to. All three are that store's constants (never input).
std::string profile_select(std::string_view before, std::string_view after, std::string_view table);

// The nine columns as read. A part is absent when a column it needs is NULL (a customer gives
// a name, a phone, an address and a birth date only later; a seller's are NOT NULL).
struct ProfileColumns {
  std::optional<FullName> full_name;
  std::optional<std::string> phone_number;
  std::optional<Address> address;
  std::optional<std::string> birth_date;  // yyyy-MM-dd
};

// Reads the nine columns starting at `at`.
ProfileColumns read_profile_columns(const db::Row& r, std::size_t at);

}  // namespace wolfix::person
