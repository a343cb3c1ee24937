#include "seller/store.hpp"

#include "common/person_row.hpp"
#include "common/uuid.hpp"
#include "db/in_list.hpp"

namespace wolfix::seller {
namespace {

const std::string& seller_select() {
  static const std::string sql = person::profile_select("id, account_id", "photo_url", "sellers");
  return sql;
}

const std::string& application_select() {
  static const std::string sql =
      person::profile_select("id, account_id, category_id, category_name, document_url",
                             "status, created_at", "seller_applications");
  return sql;
}

// The nine profile columns from `at` on; a seller's and an application's are NOT NULL but for
// the middle name and the apartment.
ProfileData profile_from(const db::Row& r, std::size_t at) {
  auto p = person::read_profile_columns(r, at);
  return ProfileData{p.full_name.value_or(person::FullName{}), p.phone_number.value_or(""),
                     p.address.value_or(person::Address{}), p.birth_date.value_or("")};
}

SellerRecord seller_from(const db::Row& r) {
  return {r.str(0), r.str(1), profile_from(r, 2), r.opt_str(11)};
}

ApplicationRecord application_from(const db::Row& r) {
  ApplicationRecord a;
  a.id = r.str(0);
  a.account_id = r.str(1);
  a.category_id = r.str(2);
  a.category_name = r.str(3);
  a.document_url = r.str(4);
  a.data = profile_from(r, 5);
  a.status = parse_status(r.str(14)).value_or(ApplicationStatus::pending);
  a.created_at = r.i64(15);
  return a;
}

std::optional<int64_t> apartment_of(const person::Address& a) {
  if (!a.apartment_number) return std::nullopt;
  return static_cast<int64_t>(*a.apartment_number);
}

}  // namespace

std::optional<std::string> applicant_of_document(db::Session& s, const std::string& path) {
  auto r =
      s.query_one("SELECT account_id FROM seller_applications WHERE document_path = ?", {path});
  if (!r) return std::nullopt;
  return r->str(0);
}

std::optional<SellerRecord> find_seller(db::Session& s, const std::string& id) {
  auto r = s.query_one(seller_select() + "WHERE id = ? AND deleted_at IS NULL", {id});
  if (!r) return std::nullopt;
  return seller_from(*r);
}

std::vector<SellerCategory> categories_of(db::Session& s, const std::string& seller_id) {
  std::vector<SellerCategory> out;
  for (const auto& r :
       s.query("SELECT id, category_id, name FROM seller_categories WHERE seller_id = ? "
               "ORDER BY created_at, id",
               {seller_id}))
    out.push_back({r.str(0), r.str(1), r.str(2)});
  return out;
}

std::map<std::string, std::vector<std::string>> category_names_of(
    db::Session& s, const std::vector<std::string>& seller_ids) {
  std::map<std::string, std::vector<std::string>> out;
  if (seller_ids.empty()) return out;
  std::string sql = "SELECT seller_id, name FROM seller_categories WHERE seller_id IN (";
  db::Params params;
  db::append_in_list(sql, params, seller_ids);
  sql += ") ORDER BY created_at, id";
  for (const auto& r : s.query(sql, params)) out[r.str(0)].push_back(r.str(1));
  return out;
}

int64_t count_active_sellers(db::Session& s) {
  auto r = s.query_one("SELECT COUNT(*) FROM sellers WHERE deleted_at IS NULL");
  return r ? r->i64(0) : 0;
}

std::vector<SellerRecord> active_sellers(db::Session& s, int64_t offset, int64_t limit) {
  std::vector<SellerRecord> out;
  for (const auto& r : s.query(
           seller_select() + "WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?",
           {limit, offset}))
    out.push_back(seller_from(r));
  return out;
}

std::vector<std::string> some_active_seller_ids(db::Session& s, int64_t limit) {
  std::vector<std::string> out;
  for (const auto& r : s.query("SELECT id FROM sellers WHERE deleted_at IS NULL LIMIT ?", {limit}))
    out.push_back(r.str(0));
  return out;
}

std::optional<std::string> mark_seller_deleted(db::Session& s, const std::string& id,
                                               int64_t now_ms) {
  auto r = s.query_one(
      "UPDATE sellers SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING account_id",
      {now_ms, id});
  if (!r) return std::nullopt;
  return r->str(0);
}

std::optional<SellerOfAccount> seller_of_account(db::Session& s, const std::string& account_id) {
  auto r = s.query_one("SELECT id, deleted_at FROM sellers WHERE account_id = ?", {account_id});
  if (!r) return std::nullopt;
  return SellerOfAccount{r->str(0), !r->is_null(1)};
}

void insert_seller(db::Session& s, const std::string& id, const std::string& account_id,
                   const ProfileData& d, int64_t now_ms) {
  s.exec(
      "INSERT INTO sellers (id, account_id, first_name, last_name, middle_name, phone_number, "
      "city, street, house_number, apartment_number, birth_date, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, account_id, d.full_name.first_name, d.full_name.last_name, d.full_name.middle_name,
       d.phone_number, d.address.city, d.address.street,
       static_cast<int64_t>(d.address.house_number), apartment_of(d.address), d.birth_date,
       now_ms});
}

void reactivate_seller(db::Session& s, const std::string& id, const ProfileData& d) {
  s.exec(
      "UPDATE sellers SET first_name = ?, last_name = ?, middle_name = ?, phone_number = ?, "
      "city = ?, street = ?, house_number = ?, apartment_number = ?, birth_date = ?, "
      "deleted_at = NULL WHERE id = ?",
      {d.full_name.first_name, d.full_name.last_name, d.full_name.middle_name, d.phone_number,
       d.address.city, d.address.street, static_cast<int64_t>(d.address.house_number),
       apartment_of(d.address), d.birth_date, id});
  s.exec("DELETE FROM seller_categories WHERE seller_id = ?", {id});
}

void add_seller_category(db::Session& s, const std::string& seller_id,
                         const std::string& category_id, const std::string& name, int64_t now_ms) {
  s.exec(
      "INSERT INTO seller_categories (id, seller_id, category_id, name, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (seller_id, category_id) DO NOTHING",
      {new_uuid_v7(), seller_id, category_id, name, now_ms});
}

void insert_application(db::Session& s, const std::string& id, const std::string& account_id,
                        const std::string& category_id, const std::string& category_name,
                        const std::string& document_path, const std::string& document_url,
                        const ProfileData& d, int64_t now_ms) {
  s.exec(
      "INSERT INTO seller_applications (id, account_id, category_id, category_name, "
      "document_path, document_url, first_name, last_name, middle_name, phone_number, city, "
      "street, house_number, apartment_number, birth_date, status, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Pending', ?)",
      {id, account_id, category_id, category_name, document_path, document_url,
       d.full_name.first_name, d.full_name.last_name, d.full_name.middle_name, d.phone_number,
       d.address.city, d.address.street, static_cast<int64_t>(d.address.house_number),
       apartment_of(d.address), d.birth_date, now_ms});
}

std::vector<ApplicationRecord> pending_applications(db::Session& s) {
  std::vector<ApplicationRecord> out;
  for (const auto& r :
       s.query(application_select() + "WHERE status = 'Pending' ORDER BY created_at, id"))
    out.push_back(application_from(r));
  return out;
}

std::optional<ApplicationRecord> find_application(db::Session& s, const std::string& id) {
  auto r = s.query_one(application_select() + "WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return application_from(*r);
}

bool decide_application(db::Session& s, const std::string& id, ApplicationStatus to,
                        const std::optional<std::string>& seller_id, int64_t now_ms) {
  return s.exec(
             "UPDATE seller_applications SET status = ?, seller_id = ?, decided_at = ? "
             "WHERE id = ? AND status = 'Pending'",
             {std::string(status_name(to)), seller_id, now_ms, id}) == 1;
}

}  // namespace wolfix::seller
