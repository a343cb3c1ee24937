#include "review/store.hpp"

namespace wolfix::review::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, product_id, customer_id, title, body, rating, status, hold_reason, created_at, "
    "updated_at FROM product_reviews ";

ReviewRow from_row(const db::Row& row) {
  ReviewRow r;
  r.id = row.str(0);
  r.product_id = row.str(1);
  r.customer_id = row.str(2);
  r.title = row.opt_str(3);
  r.text = row.str(4);
  r.rating = row.i64(5);
  r.status = parse_status(row.str(6)).value_or(Status::pending);
  r.hold_reason = row.opt_str(7);
  r.created_at = row.i64(8);
  r.updated_at = row.i64(9);
  return r;
}

std::vector<ReviewRow> all(const db::Rows& rows) {
  std::vector<ReviewRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(from_row(row));
  return out;
}

}  // namespace

void insert(db::Session& s, const ReviewRow& r) {
  s.exec(
      "INSERT INTO product_reviews (id, product_id, customer_id, title, body, rating, status, "
      "hold_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id, r.product_id, r.customer_id, r.title, r.text, r.rating,
       std::string(status_name(r.status)), r.hold_reason, r.created_at, r.updated_at});
}

std::optional<ReviewRow> find(db::Session& s, const std::string& id, bool lock) {
  std::string sql = std::string(kColumns) + "WHERE id = ?";
  if (lock && s.is_postgres()) sql += " FOR UPDATE";
  auto row = s.query_one(sql, {id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::optional<ReviewRow> find_by_author(db::Session& s, const std::string& product_id,
                                        const std::string& customer_id) {
  auto row = s.query_one(std::string(kColumns) + "WHERE product_id = ? AND customer_id = ?",
                         {product_id, customer_id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

void update(db::Session& s, const ReviewRow& r) {
  s.exec(
      "UPDATE product_reviews SET title = ?, body = ?, rating = ?, status = ?, hold_reason = ?, "
      "updated_at = ? WHERE id = ?",
      {r.title, r.text, r.rating, std::string(status_name(r.status)), r.hold_reason, r.updated_at,
       r.id});
}

bool remove(db::Session& s, const std::string& id) {
  return s.exec("DELETE FROM product_reviews WHERE id = ?", {id}) == 1;
}

std::vector<ReviewRow> published_page(db::Session& s, const std::string& product_id,
                                      const std::optional<std::string>& after_id, int64_t limit) {
  if (after_id)
    return all(s.query(std::string(kColumns) +
                           "WHERE product_id = ? AND status = 'Published' AND id > ? "
                           "ORDER BY id LIMIT ?",
                       {product_id, *after_id, limit}));
  return all(s.query(
      std::string(kColumns) + "WHERE product_id = ? AND status = 'Published' ORDER BY id LIMIT ?",
      {product_id, limit}));
}

std::vector<ReviewRow> pending_page(db::Session& s, const std::optional<std::string>& after_id,
                                    int64_t limit) {
  if (after_id)
    return all(
        s.query(std::string(kColumns) + "WHERE status = 'Pending' AND id > ? ORDER BY id LIMIT ?",
                {*after_id, limit}));
  return all(
      s.query(std::string(kColumns) + "WHERE status = 'Pending' ORDER BY id LIMIT ?", {limit}));
}

std::vector<ReviewRow> held_for(db::Session& s, const std::string& reason, int64_t limit) {
  return all(s.query(
      std::string(kColumns) + "WHERE status = 'Pending' AND hold_reason = ? ORDER BY id LIMIT ?",
      {reason, limit}));
}

bool resolve_hold(db::Session& s, const ReviewRow& as_read, Status status,
                  const std::optional<std::string>& hold_reason, int64_t now_ms) {
  return s.exec(
             "UPDATE product_reviews SET status = ?, hold_reason = ?, updated_at = ? "
             "WHERE id = ? AND status = 'Pending' AND hold_reason = ? AND updated_at = ? "
             "AND body = ? AND rating = ?",
             {std::string(status_name(status)), hold_reason, now_ms, as_read.id,
              as_read.hold_reason, as_read.updated_at, as_read.text, as_read.rating}) == 1;
}

std::vector<ReviewRow> of_customer(db::Session& s, const std::string& customer_id) {
  return all(s.query(std::string(kColumns) + "WHERE customer_id = ? ORDER BY id DESC LIMIT 500",
                     {customer_id}));
}

}  // namespace wolfix::review::store
