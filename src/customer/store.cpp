#include "customer/store.hpp"

#include "common/person_row.hpp"
#include "common/uuid.hpp"

namespace wolfix::customer {

std::optional<CustomerRecord> find_customer(db::Session& s, const std::string& id) {
  static const std::string sql =
      person::profile_select("id, account_id", "photo_url, bonuses_minor, status", "customers") +
      "WHERE id = ?";
  auto row = s.query_one(sql, {id});
  if (!row) return std::nullopt;
  auto profile = person::read_profile_columns(*row, 2);
  CustomerRecord c;
  c.id = row->str(0);
  c.account_id = row->str(1);
  c.full_name = std::move(profile.full_name);
  c.phone_number = std::move(profile.phone_number);
  c.address = std::move(profile.address);
  c.birth_date = std::move(profile.birth_date);
  c.photo_url = row->opt_str(11);
  c.bonuses_minor = row->i64(12);
  c.blocked = row->str(13) == "Blocked";
  return c;
}

bool customer_exists(db::Session& s, const std::string& id) {
  return s.query_one("SELECT 1 FROM customers WHERE id = ?", {id}).has_value();
}

void insert_customer(db::Session& s, const CustomerRecord& c, int64_t now_ms) {
  const auto& name = c.full_name;
  const auto& address = c.address;
  s.exec(
      "INSERT INTO customers (id, account_id, first_name, last_name, middle_name, phone_number, "
      "city, street, house_number, apartment_number, birth_date, photo_url, bonuses_minor, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {c.id, c.account_id, name ? std::optional(name->first_name) : std::nullopt,
       name ? std::optional(name->last_name) : std::nullopt,
       name ? name->middle_name : std::nullopt, c.phone_number,
       address ? std::optional(address->city) : std::nullopt,
       address ? std::optional(address->street) : std::nullopt,
       address ? std::optional(address->house_number) : std::nullopt,
       address ? address->apartment_number : std::nullopt, c.birth_date, c.photo_url,
       c.bonuses_minor, now_ms});
}

std::vector<std::string> first_customer_ids(db::Session& s, int64_t limit) {
  std::vector<std::string> out;
  for (const auto& r : s.query("SELECT id FROM customers ORDER BY id LIMIT ?", {limit}))
    out.push_back(r.str(0));
  return out;
}

int64_t add_to_cart_line(db::Session& s, const std::string& customer_id,
                         const std::string& product_id, int64_t quantity, int64_t now_ms) {
  auto row = s.query_one(
      "INSERT INTO cart_items (id, customer_id, product_id, quantity, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_id, product_id) "
      "DO UPDATE SET quantity = cart_items.quantity + excluded.quantity RETURNING quantity",
      {new_uuid_v7(), customer_id, product_id, quantity, now_ms});
  return row ? row->i64(0) : 0;
}

std::vector<CartLine> cart_lines(db::Session& s, const std::string& customer_id) {
  std::vector<CartLine> out;
  for (const auto& r :
       s.query("SELECT id, product_id, quantity FROM cart_items WHERE customer_id = ? "
               "ORDER BY created_at, id",
               {customer_id}))
    out.push_back({r.str(0), r.str(1), r.i64(2)});
  return out;
}

std::optional<CartLine> find_cart_line(db::Session& s, const std::string& customer_id,
                                       const std::string& line_id) {
  auto r = s.query_one(
      "SELECT id, product_id, quantity FROM cart_items WHERE id = ? AND customer_id = ?",
      {line_id, customer_id});
  if (!r) return std::nullopt;
  return CartLine{r->str(0), r->str(1), r->i64(2)};
}

bool set_cart_line_quantity(db::Session& s, const std::string& customer_id,
                            const std::string& line_id, int64_t quantity) {
  return s.exec("UPDATE cart_items SET quantity = ? WHERE id = ? AND customer_id = ?",
                {quantity, line_id, customer_id}) == 1;
}

bool delete_cart_line(db::Session& s, const std::string& customer_id, const std::string& line_id) {
  return s.exec("DELETE FROM cart_items WHERE id = ? AND customer_id = ?",
                {line_id, customer_id}) == 1;
}

std::string add_favorite(db::Session& s, const std::string& customer_id,
                         const std::string& product_id, int64_t now_ms) {
  s.exec(
      "INSERT INTO favorite_items (id, customer_id, product_id, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (customer_id, product_id) DO NOTHING",
      {new_uuid_v7(), customer_id, product_id, now_ms});
  auto r = s.query_one("SELECT id FROM favorite_items WHERE customer_id = ? AND product_id = ?",
                       {customer_id, product_id});
  return r ? r->str(0) : std::string();
}

std::vector<FavoriteLine> favorite_lines(db::Session& s, const std::string& customer_id) {
  std::vector<FavoriteLine> out;
  for (const auto& r : s.query("SELECT id, product_id FROM favorite_items WHERE customer_id = ? "
                               "ORDER BY created_at, id",
                               {customer_id}))
    out.push_back({r.str(0), r.str(1)});
  return out;
}

bool delete_favorite(db::Session& s, const std::string& customer_id, const std::string& item_id) {
  return s.exec("DELETE FROM favorite_items WHERE id = ? AND customer_id = ?",
                {item_id, customer_id}) == 1;
}

}  // namespace wolfix::customer
