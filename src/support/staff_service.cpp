#include "support/staff_service.hpp"

#include "common/errors.hpp"
#include "common/uuid.hpp"

namespace wolfix::support {
namespace {

ApiError support_not_found(const std::string& id) {
  return not_found("Support with id: " + id + " not found", "support_not_found");
}

ApiError full_name_taken(const person::FullName& n) {
  return conflict("full_name_taken",
                  "Support with FirstName: " + n.first_name + " + LastName: " + n.last_name +
                      " + MiddleName: " + n.middle_name.value_or("") + " already exist");
}

}  // namespace

SupportPage SupportStaffService::page(int64_t page, int64_t page_size) {
  return db_.read([&](db::Session& s) {
    SupportPage p;
    p.page = page;
    p.total_items = count_supports(s);
    p.total_pages = staff::total_pages(p.total_items, page_size);
    if (p.total_items == 0) return p;
    auto w = staff::page_window(page, page_size);
    p.items = supports_page(s, w.offset, w.limit);
    return p;
  });
}

std::string SupportStaffService::create(const staff::NewStaff& in) {
  // Cheap and common: refuse a taken name before hashing a password. The transaction checks
  // again, and the unique index settles a race.
  if (db_.read([&](db::Session& s) { return support::full_name_taken(s, in.name); }))
    throw full_name_taken(in.name);
  auto target = accounts_.prepare(in.email, in.password);
  return db_.write([&](db::Session& s) {
    int64_t now = clock_.now_ms();
    if (support::full_name_taken(s, in.name)) throw full_name_taken(in.name);
    SupportRecord r{new_uuid_v7(), accounts_.open(s, target, Role::support), in.name};
    try {
      insert_support(s, r, now);
    } catch (const db::UniqueViolation& e) {
      // A concurrent request took the name or made this account support first (the failed
      // transaction can no longer be read on PostgreSQL, so the index's name tells which).
      if (e.constraint().find("supports_full_name") != std::string::npos)
        throw full_name_taken(in.name);
      throw staff::already_staff(Role::support);
    }
    accounts_.grant(s, r.account_id, Role::support, r.id, now);
    return r.id;
  });
}

void SupportStaffService::remove(const std::string& support_id) {
  db_.write([&](db::Session& s) {
    auto account_id = delete_support(s, support_id);
    if (!account_id) throw support_not_found(support_id);
    accounts_.revoke(s, *account_id, Role::support);
  });
}

bool SupportStaffService::is_active(const std::string& support_id) {
  return db_.read([&](db::Session& s) { return support_exists(s, support_id); });
}

}  // namespace wolfix::support
