#include "support/staff_store.hpp"

namespace wolfix::support {

int64_t count_supports(db::Session& s) {
  return s.query_one("SELECT COUNT(*) FROM supports")->i64(0);
}

std::vector<SupportRecord> supports_page(db::Session& s, int64_t offset, int64_t limit) {
  std::vector<SupportRecord> out;
  for (const auto& r :
       s.query("SELECT id, account_id, first_name, last_name, middle_name FROM supports "
               "ORDER BY created_at, id LIMIT ? OFFSET ?",
               {limit, offset}))
    out.push_back({r.str(0), r.str(1), {r.str(2), r.str(3), r.opt_str(4)}});
  return out;
}

bool support_exists(db::Session& s, const std::string& id) {
  return s.query_one("SELECT 1 FROM supports WHERE id = ?", {id}).has_value();
}

bool full_name_taken(db::Session& s, const person::FullName& n) {
  return s
      .query_one(
          "SELECT 1 FROM supports WHERE first_name = ? AND last_name = ? AND "
          "COALESCE(middle_name, '') = ?",
          {n.first_name, n.last_name, n.middle_name.value_or("")})
      .has_value();
}

void insert_support(db::Session& s, const SupportRecord& r, int64_t now_ms) {
  s.exec(
      "INSERT INTO supports (id, account_id, first_name, last_name, middle_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {r.id, r.account_id, r.name.first_name, r.name.last_name, r.name.middle_name, now_ms});
}

std::optional<std::string> delete_support(db::Session& s, const std::string& id) {
  auto row = s.query_one("SELECT account_id FROM supports WHERE id = ?", {id});
  if (!row) return std::nullopt;
  // Conditional, so two concurrent removals give one 204 and one 404.
  if (s.exec("DELETE FROM supports WHERE id = ?", {id}) != 1) return std::nullopt;
  return row->str(0);
}

}  // namespace wolfix::support
