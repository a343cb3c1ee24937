#pragma once
// SQL for the admins table (Basic admins; the Super row of `wolfix admin create-superadmin` is
// identity's to write and is never listed, changed or removed here).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::admin {

struct AdminRecord {
  std::string id;
  std::string account_id;
  person::FullName name;
  std::string phone_number;
};

int64_t count_basic_admins(db::Session& s);
std::vector<AdminRecord> basic_admins(db::Session& s, int64_t offset, int64_t limit);
bool basic_admin_exists(db::Session& s, const std::string& id);
// Throws db::UniqueViolation when the account has a Basic admin row already.
void insert_basic_admin(db::Session& s, const AdminRecord& a, int64_t now_ms);
// Deletes the Basic admin; their account id, or nullopt when there was none.
std::optional<std::string> delete_basic_admin(db::Session& s, const std::string& id);

}  // namespace wolfix::admin
