#pragma once
// SuperAdmin's admin management: the page of Basic admins, creating one (a new account, or an
// existing customer's, in one transaction with the profile) and removing one (the Admin role, or
// the whole account when it had no other). A SuperAdmin is neither listed, made nor removed here.
#include <cstdint>
#include <string>
#include <vector>

#include "admin/store.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"
#include "staff/accounts.hpp"
#include "staff/model.hpp"

namespace wolfix::admin {

struct AdminPage {
  int64_t page = 1;
  int64_t total_pages = 0;
  int64_t total_items = 0;
  std::vector<AdminRecord> items;
};

class AdminService {
 public:
  AdminService(db::Database& db, const Clock& clock, const staff::StaffAccounts& accounts)
      : db_(db), clock_(clock), accounts_(accounts) {}

  AdminPage page(int64_t page, int64_t page_size);
  // `in` comes from staff::validate_new_staff(form, true). Returns the new admin's id.
  std::string create(const staff::NewStaff& in);
  // 404 for unknown ids and for the SuperAdmin.
  void remove(const std::string& admin_id);
  // For the token check: false once the admin was removed.
  bool is_active(const std::string& admin_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  const staff::StaffAccounts& accounts_;
};

}  // namespace wolfix::admin
