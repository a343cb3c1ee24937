#include "admin/service.hpp"

#include "common/errors.hpp"
#include "common/uuid.hpp"

namespace wolfix::admin {
namespace {

ApiError admin_not_found(const std::string& id) {
  return not_found("Admin with id: " + id + " not found", "admin_not_found");
}

}  // namespace

AdminPage AdminService::page(int64_t page, int64_t page_size) {
  return db_.read([&](db::Session& s) {
    AdminPage p;
    p.page = page;
    p.total_items = count_basic_admins(s);
    p.total_pages = staff::total_pages(p.total_items, page_size);
    if (p.total_items == 0) return p;
    auto w = staff::page_window(page, page_size);
    p.items = basic_admins(s, w.offset, w.limit);
    return p;
  });
}

std::string AdminService::create(const staff::NewStaff& in) {
  auto target = accounts_.prepare(in.email, in.password);
  return db_.write([&](db::Session& s) {
    int64_t now = clock_.now_ms();
    AdminRecord a{new_uuid_v7(), accounts_.open(s, target, Role::admin), in.name,
                  in.phone_number.value_or("")};
    try {
      insert_basic_admin(s, a, now);
    } catch (const db::UniqueViolation&) {
      throw staff::already_staff(Role::admin);  // a concurrent request made them admin first
    }
    accounts_.grant(s, a.account_id, Role::admin, a.id, now);
    return a.id;
  });
}

void AdminService::remove(const std::string& admin_id) {
  db_.write([&](db::Session& s) {
    auto account_id = delete_basic_admin(s, admin_id);
    if (!account_id) throw admin_not_found(admin_id);
    accounts_.revoke(s, *account_id, Role::admin);
  });
}

bool AdminService::is_active(const std::string& admin_id) {
  return db_.read([&](db::Session& s) { return basic_admin_exists(s, admin_id); });
}

}  // namespace wolfix::admin
