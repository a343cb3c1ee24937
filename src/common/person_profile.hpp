#pragma once
// The personal data every profile keeps (customers, sellers): its four changes, as use cases
// over the owning module's table (their PATCH routes: person/profile_routes.hpp). One home for
// the rules both profiles follow (Wolfix.Server's value objects, person.hpp; their JSON,
// person_json.hpp); each module keeps its own paths, owner check and "not found" answer.
//
// The table must have the columns first_name, last_name, middle_name, phone_number, city,
// street, house_number, apartment_number and birth_date (yyyy-MM-dd).
#include <functional>
#include <string>

#include "common/errors.hpp"
#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::person {

// Where a module keeps its profiles. Both are the module's own constants (never input).
struct ProfileTable {
  const char* table = "";        // "customers"
  const char* active_rows = "";  // a further condition on the rows that may change, or ""
};

class ProfileEditor {
 public:
  // `missing(id)` is the error for an id with no (active) profile row.
  ProfileEditor(db::Database& db, ProfileTable table,
                std::function<ApiError(const std::string& id)> missing);

  // Each is one transaction; each returns what it stored.
  FullName change_full_name(const std::string& id, const FullName& name);
  std::string change_phone_number(const std::string& id, const std::string& phone);
  Address change_address(const std::string& id, const Address& address);
  std::string change_birth_date(const std::string& id, const std::string& yyyy_mm_dd);

  // Called after a name change commits (e.g. pages that show the name drop from caches).
  void on_name_changed(std::function<void()> f) { on_name_changed_ = std::move(f); }

 private:
  // Runs `sql` (whose last parameter is the id) in a transaction; `missing` when no row changed.
  void update(const std::string& sql, db::Params params, const std::string& id);

  db::Database& db_;
  std::function<ApiError(const std::string&)> missing_;
  std::function<void()> on_name_changed_;
  std::string set_full_name_, set_phone_number_, set_address_, set_birth_date_;
};

}  // namespace wolfix::person
