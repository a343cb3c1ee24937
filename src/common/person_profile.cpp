#include "common/person_profile.hpp"

namespace wolfix::person {
namespace {

std::string update_sql(const ProfileTable& t, const char* assignments) {
  std::string sql = std::string("UPDATE ") + t.table + " SET " + assignments + " WHERE id = ?";
  if (*t.active_rows) sql += std::string(" AND ") + t.active_rows;
  return sql;
}

}  // namespace

ProfileEditor::ProfileEditor(db::Database& db, ProfileTable table,
                             std::function<ApiError(const std::string& id)> missing)
    : db_(db),
      missing_(std::move(missing)),
      set_full_name_(update_sql(table, "first_name = ?, last_name = ?, middle_name = ?")),
      set_phone_number_(update_sql(table, "phone_number = ?")),
      set_address_(
          update_sql(table, "city = ?, street = ?, house_number = ?, apartment_number = ?")),
      set_birth_date_(update_sql(table, "birth_date = ?")) {}

void ProfileEditor::update(const std::string& sql, db::Params params, const std::string& id) {
  params.emplace_back(id);
  bool changed = db_.write([&](db::Session& s) { return s.exec(sql, params) == 1; });
  if (!changed) throw missing_(id);
}

FullName ProfileEditor::change_full_name(const std::string& id, const FullName& n) {
  update(set_full_name_, {n.first_name, n.last_name, n.middle_name}, id);
  if (on_name_changed_) on_name_changed_();
  return n;
}

std::string ProfileEditor::change_phone_number(const std::string& id, const std::string& phone) {
  update(set_phone_number_, {phone}, id);
  return phone;
}

Address ProfileEditor::change_address(const std::string& id, const Address& a) {
  std::optional<int64_t> apartment;
  if (a.apartment_number) apartment = *a.apartment_number;
  update(set_address_, {a.city, a.street, static_cast<int64_t>(a.house_number), apartment}, id);
  return a;
}

std::string ProfileEditor::change_birth_date(const std::string& id, const std::string& date) {
  update(set_birth_date_, {date}, id);
  return date;
}

}  // namespace wolfix::person
