#include "delivery/store.hpp"

#include <map>

#include "delivery/model.hpp"

namespace wolfix::delivery::store {
namespace {

const char* table(PlaceKind k) {
  return k == PlaceKind::department ? "delivery_departments" : "delivery_post_machines";
}

Place place_from(const db::Row& r, bool with_note) {
  Place p;
  p.id = r.str(0);
  p.city_id = r.str(1);
  p.number = r.i64(2);
  p.street = r.str(3);
  p.house_number = r.i64(4);
  if (with_note) p.note = r.opt_str(5);
  return p;
}

constexpr const char* kMethodColumns = "id, name, fee_minor, courier";

Method method_from(const db::Row& r) {
  return Method{r.str(0), r.str(1), r.i64(2), r.boolean(3), {}};
}

}  // namespace

std::vector<Method> all_methods(db::Session& s) {
  std::vector<Method> methods;
  std::map<std::string, std::size_t> method_at;
  for (const auto& r : s.query(std::string("SELECT ") + kMethodColumns +
                               " FROM delivery_methods ORDER BY name_lower, id")) {
    method_at[r.str(0)] = methods.size();
    methods.push_back(method_from(r));
  }
  if (methods.empty()) return methods;
  // Cities are collected per method first; pointers are taken only once every vector is final.
  std::map<std::string, std::pair<std::size_t, std::size_t>> city_at;
  for (const auto& r :
       s.query("SELECT id, method_id, name FROM delivery_cities ORDER BY name_lower, id")) {
    auto m = method_at.find(r.str(1));
    if (m == method_at.end()) continue;
    auto& cities = methods[m->second].cities;
    city_at[r.str(0)] = {m->second, cities.size()};
    cities.push_back({r.str(0), r.str(1), r.str(2), {}, {}});
  }
  for (const auto& r :
       s.query("SELECT id, city_id, number, street, house_number FROM delivery_departments "
               "ORDER BY number, id")) {
    auto c = city_at.find(r.str(1));
    if (c == city_at.end()) continue;
    methods[c->second.first].cities[c->second.second].departments.push_back(place_from(r, false));
  }
  for (const auto& r :
       s.query("SELECT id, city_id, number, street, house_number, note FROM delivery_post_machines "
               "ORDER BY number, id")) {
    auto c = city_at.find(r.str(1));
    if (c == city_at.end()) continue;
    methods[c->second.first].cities[c->second.second].post_machines.push_back(place_from(r, true));
  }
  return methods;
}

std::optional<Method> method_by_name(db::Session& s, const std::string& name) {
  auto r = s.query_one(
      std::string("SELECT ") + kMethodColumns + " FROM delivery_methods WHERE name_lower = ?",
      {name_key(name)});
  if (!r) return std::nullopt;
  return method_from(*r);
}

std::optional<Method> method_by_id(db::Session& s, const std::string& id) {
  auto r = s.query_one(
      std::string("SELECT ") + kMethodColumns + " FROM delivery_methods WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return method_from(*r);
}

std::vector<Method> courier_methods(db::Session& s) {
  std::vector<Method> out;
  for (const auto& r : s.query(std::string("SELECT ") + kMethodColumns +
                               " FROM delivery_methods WHERE courier = 1 ORDER BY name_lower, id"))
    out.push_back(method_from(r));
  return out;
}

bool has_cities(db::Session& s, const std::string& method_id) {
  return s.query_one("SELECT 1 FROM delivery_cities WHERE method_id = ? LIMIT 1", {method_id})
      .has_value();
}

std::optional<City> city_by_name(db::Session& s, const std::string& method_id,
                                 const std::string& name) {
  auto r = s.query_one(
      "SELECT id, method_id, name FROM delivery_cities WHERE method_id = ? AND name_lower = ?",
      {method_id, name_key(name)});
  if (!r) return std::nullopt;
  return City{r->str(0), r->str(1), r->str(2), {}, {}};
}

bool method_exists(db::Session& s, const std::string& id) {
  return s.query_one("SELECT 1 FROM delivery_methods WHERE id = ?", {id}).has_value();
}

bool city_exists(db::Session& s, const std::string& id) {
  return s.query_one("SELECT 1 FROM delivery_cities WHERE id = ?", {id}).has_value();
}

std::optional<Place> place_by_number(db::Session& s, PlaceKind kind, const std::string& city_id,
                                     int64_t number) {
  bool pm = kind == PlaceKind::post_machine;
  std::string sql = std::string("SELECT id, city_id, number, street, house_number") +
                    (pm ? ", note" : "") + " FROM " + table(kind) +
                    " WHERE city_id = ? AND number = ?";
  auto r = s.query_one(sql, {city_id, number});
  if (!r) return std::nullopt;
  return place_from(*r, pm);
}

std::optional<PlaceRoute> place_route(db::Session& s, PlaceKind kind,
                                      const std::string& method_name, const std::string& city_name,
                                      int64_t number) {
  static const std::string department_sql =
      "SELECT m.id, m.name, m.fee_minor, m.courier, c.id, c.name, p.id, p.number, p.street, "
      "p.house_number FROM delivery_methods m "
      "JOIN delivery_cities c ON c.method_id = m.id AND c.name_lower = ? "
      "JOIN delivery_departments p ON p.city_id = c.id AND p.number = ? "
      "WHERE m.name_lower = ? AND m.courier = 0";
  static const std::string post_machine_sql =
      "SELECT m.id, m.name, m.fee_minor, m.courier, c.id, c.name, p.id, p.number, p.street, "
      "p.house_number FROM delivery_methods m "
      "JOIN delivery_cities c ON c.method_id = m.id AND c.name_lower = ? "
      "JOIN delivery_post_machines p ON p.city_id = c.id AND p.number = ? "
      "WHERE m.name_lower = ? AND m.courier = 0";
  auto r = s.query_one(kind == PlaceKind::department ? department_sql : post_machine_sql,
                       {name_key(city_name), number, name_key(method_name)});
  if (!r) return std::nullopt;
  PlaceRoute out;
  out.method = Method{r->str(0), r->str(1), r->i64(2), r->boolean(3), {}};
  out.city = City{r->str(4), out.method.id, r->str(5), {}, {}};
  out.place.id = r->str(6);
  out.place.city_id = out.city.id;
  out.place.number = r->i64(7);
  out.place.street = r->str(8);
  out.place.house_number = r->i64(9);
  return out;
}

void expect_place_route_later(db::Session& s, PlaceKind kind, const std::string& method_name,
                              const std::string& city_name, int64_t number,
                              const std::string& method_id, const std::string& canonical_method,
                              int64_t fee_minor, const std::string& canonical_city,
                              const std::string& street, int64_t house_number) {
  static const std::string department_sql =
      "SELECT wolfix_expect(EXISTS (SELECT 1 FROM delivery_methods m "
      "JOIN delivery_cities c ON c.method_id = m.id AND c.name_lower = ? "
      "JOIN delivery_departments p ON p.city_id = c.id AND p.number = ? "
      "WHERE m.name_lower = ? AND m.courier = 0 AND m.id = ? AND m.name = ? AND m.fee_minor = ? "
      "AND c.name = ? AND p.street = ? AND p.house_number = ?), 'delivery route')";
  static const std::string post_machine_sql =
      "SELECT wolfix_expect(EXISTS (SELECT 1 FROM delivery_methods m "
      "JOIN delivery_cities c ON c.method_id = m.id AND c.name_lower = ? "
      "JOIN delivery_post_machines p ON p.city_id = c.id AND p.number = ? "
      "WHERE m.name_lower = ? AND m.courier = 0 AND m.id = ? AND m.name = ? AND m.fee_minor = ? "
      "AND c.name = ? AND p.street = ? AND p.house_number = ?), 'delivery route')";
  s.exec_later(kind == PlaceKind::department ? department_sql : post_machine_sql,
               {name_key(city_name), number, name_key(method_name), method_id, canonical_method,
                fee_minor, canonical_city, street, house_number});
}

void insert_method(db::Session& s, const Method& m, int64_t now) {
  s.exec(
      "INSERT INTO delivery_methods (id, name, name_lower, fee_minor, courier, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {m.id, m.name, name_key(m.name), m.fee_minor, int64_t{m.courier ? 1 : 0}, now});
}

bool update_method(db::Session& s, const Method& m) {
  return s.exec(
             "UPDATE delivery_methods SET name = ?, name_lower = ?, fee_minor = ?, courier = ? "
             "WHERE id = ?",
             {m.name, name_key(m.name), m.fee_minor, int64_t{m.courier ? 1 : 0}, m.id}) == 1;
}

void insert_city(db::Session& s, const std::string& id, const std::string& method_id,
                 const std::string& name, int64_t now) {
  s.exec(
      "INSERT INTO delivery_cities (id, method_id, name, name_lower, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {id, method_id, name, name_key(name), now});
}

void insert_place(db::Session& s, PlaceKind kind, const Place& p, int64_t now) {
  if (kind == PlaceKind::department)
    s.exec(
        "INSERT INTO delivery_departments (id, city_id, number, street, house_number, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        {p.id, p.city_id, p.number, p.street, p.house_number, now});
  else
    s.exec(
        "INSERT INTO delivery_post_machines (id, city_id, number, street, house_number, note, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {p.id, p.city_id, p.number, p.street, p.house_number, p.note, now});
}

bool delete_method(db::Session& s, const std::string& id) {
  return s.exec("DELETE FROM delivery_methods WHERE id = ?", {id}) == 1;
}

bool delete_city(db::Session& s, const std::string& id) {
  return s.exec("DELETE FROM delivery_cities WHERE id = ?", {id}) == 1;
}

bool delete_place(db::Session& s, PlaceKind kind, const std::string& id) {
  return s.exec(std::string("DELETE FROM ") + table(kind) + " WHERE id = ?", {id}) == 1;
}

}  // namespace wolfix::delivery::store
