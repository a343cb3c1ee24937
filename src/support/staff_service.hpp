#pragma once
// SuperAdmin's support staff management: the page of support members, creating one (a new
// account, or an existing customer's, in one transaction with the profile; 409 for a taken
// e-mail or full name) and removing one (the Support role, or the whole account when it had no
// other). Requests they answered keep their support id.
#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "db/db.hpp"
#include "staff/accounts.hpp"
#include "staff/model.hpp"
#include "support/staff_store.hpp"

namespace wolfix::support {

struct SupportPage {
  int64_t page = 1;
  int64_t total_pages = 0;
  int64_t total_items = 0;
  std::vector<SupportRecord> items;
};

class SupportStaffService {
 public:
  SupportStaffService(db::Database& db, const Clock& clock, const staff::StaffAccounts& accounts)
      : db_(db), clock_(clock), accounts_(accounts) {}

  SupportPage page(int64_t page, int64_t page_size);
  // `in` comes from staff::validate_new_staff(form, false). Returns the new support id.
  std::string create(const staff::NewStaff& in);
  // 404 for unknown ids.
  void remove(const std::string& support_id);
  // For the token check: false once the support member was removed.
  bool is_active(const std::string& support_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  const staff::StaffAccounts& accounts_;
};

}  // namespace wolfix::support
