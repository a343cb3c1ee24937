#include "admin/store.hpp"

namespace wolfix::admin {

int64_t count_basic_admins(db::Session& s) {
  return s.query_one("SELECT COUNT(*) FROM admins WHERE type = 'Basic'")->i64(0);
}

std::vector<AdminRecord> basic_admins(db::Session& s, int64_t offset, int64_t limit) {
  std::vector<AdminRecord> out;
  for (const auto& r : s.query(
           "SELECT id, account_id, first_name, last_name, middle_name, phone_number FROM admins "
           "WHERE type = 'Basic' ORDER BY created_at, id LIMIT ? OFFSET ?",
           {limit, offset}))
    out.push_back(
        {r.str(0), r.str(1), {r.str(2), r.str(3), r.opt_str(4)}, r.opt_str(5).value_or("")});
  return out;
}

bool basic_admin_exists(db::Session& s, const std::string& id) {
  return s.query_one("SELECT 1 FROM admins WHERE id = ? AND type = 'Basic'", {id}).has_value();
}

void insert_basic_admin(db::Session& s, const AdminRecord& a, int64_t now_ms) {
  s.exec(
      "INSERT INTO admins (id, account_id, type, first_name, last_name, middle_name, "
      "phone_number, created_at) VALUES (?, ?, 'Basic', ?, ?, ?, ?, ?)",
      {a.id, a.account_id, a.name.first_name, a.name.last_name, a.name.middle_name, a.phone_number,
       now_ms});
}

std::optional<std::string> delete_basic_admin(db::Session& s, const std::string& id) {
  auto row = s.query_one("SELECT account_id FROM admins WHERE id = ? AND type = 'Basic'", {id});
  if (!row) return std::nullopt;
  // Conditional, so two concurrent removals give one 204 and one 404.
  if (s.exec("DELETE FROM admins WHERE id = ? AND type = 'Basic'", {id}) != 1) return std::nullopt;
  return row->str(0);
}

}  // namespace wolfix::admin
