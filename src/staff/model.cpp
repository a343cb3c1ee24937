#include "staff/model.hpp"

#include "identity/model.hpp"

namespace wolfix::staff {

PageWindow page_window(int64_t page, int64_t page_size) {
  return PageWindow{(page - 1) * page_size, page_size};
}

int64_t total_pages(int64_t total_items, int64_t page_size) {
  if (total_items <= 0 || page_size <= 0) return 0;
  return (total_items + page_size - 1) / page_size;
}

NewStaff validate_new_staff(const StaffForm& f, bool with_phone) {
  person::Problems p;
  if (!f.email)
    p.add("email", "email is required");
  else
    for (auto& m : identity::email_errors(*f.email)) p.add("email", std::move(m));
  if (!f.password || f.password->empty()) p.add("password", "password is required");
  person::check_full_name(f.first_name, f.last_name, f.middle_name, p);
  if (with_phone) person::check_phone_number(f.phone_number, p);
  p.raise_if_any();
  NewStaff out{*f.email, *f.password, {*f.first_name, *f.last_name, f.middle_name}, std::nullopt};
  if (with_phone) out.phone_number = f.phone_number;
  return out;
}

}  // namespace wolfix::staff
