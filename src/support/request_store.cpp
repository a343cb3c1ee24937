#include "support/request_store.hpp"

#include <string_view>

namespace wolfix::support {
namespace {

constexpr std::string_view kColumns =
    "id, customer_id, customer_account_id, category, content, status, first_name, last_name, "
    "middle_name, phone_number, birth_date, order_id, order_number, photo_url, support_id, "
    "response_content, processed_at, created_at";

RequestRecord from_row(const db::Row& r) {
  RequestRecord x;
  x.id = r.str(0);
  x.customer_id = r.str(1);
  x.customer_account_id = r.str(2);
  x.category = parse_category(r.str(3)).value_or(Category::general);
  x.content = r.str(4);
  x.status = parse_status(r.str(5)).value_or(Status::pending);
  x.first_name = r.opt_str(6);
  x.last_name = r.opt_str(7);
  x.middle_name = r.opt_str(8);
  x.phone_number = r.opt_str(9);
  x.birth_date = r.opt_str(10);
  x.order_id = r.opt_str(11);
  x.order_number = r.opt_str(12);
  x.photo_url = r.opt_str(13);
  x.support_id = r.opt_str(14);
  x.response_content = r.opt_str(15);
  x.processed_at = r.opt_i64(16);
  x.created_at = r.i64(17);
  return x;
}

std::vector<RequestRecord> all(db::Session& s, const std::string& sql, const db::Params& params) {
  std::vector<RequestRecord> out;
  for (const auto& r : s.query(sql, params)) out.push_back(from_row(r));
  return out;
}

std::string select() {
  return "SELECT " + std::string(kColumns) + " FROM support_requests ";
}

}  // namespace

void insert_request(db::Session& s, const RequestRecord& r) {
  s.exec("INSERT INTO support_requests (" + std::string(kColumns) +
             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {r.id, r.customer_id, r.customer_account_id, category_name(r.category), r.content,
          status_name(r.status), r.first_name, r.last_name, r.middle_name, r.phone_number,
          r.birth_date, r.order_id, r.order_number, r.photo_url, r.support_id, r.response_content,
          r.processed_at, r.created_at});
}

std::optional<RequestRecord> find_request(db::Session& s, const std::string& id) {
  auto row = s.query_one(select() + "WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::vector<RequestRecord> pending_requests(db::Session& s, std::optional<Category> category) {
  if (category)
    return all(
        s, select() + "WHERE status = 'Pending' AND category = ? ORDER BY created_at DESC, id DESC",
        {category_name(*category)});
  return all(s, select() + "WHERE status = 'Pending' ORDER BY created_at DESC, id DESC", {});
}

std::vector<RequestRecord> customer_requests(db::Session& s, const std::string& customer_id,
                                             std::optional<Category> category) {
  if (category)
    return all(
        s, select() + "WHERE customer_id = ? AND category = ? ORDER BY created_at DESC, id DESC",
        {customer_id, category_name(*category)});
  return all(s, select() + "WHERE customer_id = ? ORDER BY created_at DESC, id DESC",
             {customer_id});
}

bool mark_processed(db::Session& s, const std::string& id, Status to, const std::string& support_id,
                    const std::optional<std::string>& response, int64_t now_ms) {
  return s.exec(
             "UPDATE support_requests SET status = ?, support_id = ?, response_content = ?, "
             "processed_at = ? WHERE id = ? AND status = 'Pending'",
             {status_name(to), support_id, response, now_ms, id}) == 1;
}

}  // namespace wolfix::support
