#pragma once
// Rules shared by the staff modules (admins, support): what a SuperAdmin must send to make a
// staff member, and the page arithmetic of Wolfix.Server's PaginationDto. Pure: no SQL, no HTTP.
#include <cstdint>
#include <optional>
#include <string>

#include "common/person.hpp"

namespace wolfix::staff {

inline constexpr int64_t kDefaultPageSize = 50;  // Wolfix.Server's default for these lists
inline constexpr int64_t kMaxPageSize = 100;

struct PageWindow {
  int64_t offset = 0;
  int64_t limit = 0;
};
// page is 1-based; callers have checked page >= 1 and 1 <= page_size <= kMaxPageSize.
PageWindow page_window(int64_t page, int64_t page_size);
// ceil(total / page_size); 0 when there is nothing.
int64_t total_pages(int64_t total_items, int64_t page_size);

// The fields as sent (absent or null = nullopt).
struct StaffForm {
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> middle_name;
  std::optional<std::string> phone_number;
};

struct NewStaff {
  std::string email;
  std::string password;
  person::FullName name;
  std::optional<std::string> phone_number;  // admins only
};

// Checks everything that needs no database before any account work starts: the full name (the
// middle name may be null), the phone number when `with_phone` (admins), the e-mail's format and
// that a password was sent. One 400 names every bad field. The password's policy is identity's
// to check, and only for a new account (an existing customer keeps the password they have).
NewStaff validate_new_staff(const StaffForm& form, bool with_phone);

}  // namespace wolfix::staff
