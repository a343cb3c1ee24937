#include "common/person_profile.hpp"

#include <boost/json.hpp>

#include "common/json_writer.hpp"
#include "common/person_json.hpp"

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

void register_profile_routes(http::Router& router, const std::string& base,
                             const http::Access& access,
                             std::function<std::string(const http::Request&)> own_id,
                             ProfileEditor& editor, const Clock& clock) {
  using http::Method;
  using http::Request;
  using http::Response;
  router.add(Method::patch, base + "/full-name", access, [own_id, &editor](Request& req) {
    auto id = own_id(req);
    auto name = editor.change_full_name(id, read_full_name(req.json_object()));
    JsonWriter w;
    write_full_name(w, name);
    return Response::raw_json(w.take());
  });
  router.add(Method::patch, base + "/phone-number", access, [own_id, &editor](Request& req) {
    auto id = own_id(req);
    auto phone = editor.change_phone_number(id, read_phone_number(req.json_object()));
    return Response::json(boost::json::value(phone));
  });
  router.add(Method::patch, base + "/address", access, [own_id, &editor](Request& req) {
    auto id = own_id(req);
    auto a = editor.change_address(id, read_address(req.json_object()));
    JsonWriter w;
    write_address(w, a);
    return Response::raw_json(w.take());
  });
  router.add(Method::patch, base + "/birth-date", access, [own_id, &editor, &clock](Request& req) {
    auto id = own_id(req);
    auto date = editor.change_birth_date(id, read_birth_date(req.json_object(), clock.now_ms()));
    return Response::json(boost::json::value(day_month_year(date)));
  });
}

}  // namespace wolfix::person
