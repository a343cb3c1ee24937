#include "customer/public_names.hpp"

#include "db/in_list.hpp"

namespace wolfix::customer {

std::optional<std::string> account_of(db::Session& s, const std::string& customer_id) {
  auto row = s.query_one("SELECT account_id FROM customers WHERE id = ?", {customer_id});
  if (!row) return std::nullopt;
  return row->str(0);
}

std::map<std::string, PublicName> public_names(db::Session& s,
                                               const std::vector<std::string>& customer_ids) {
  std::map<std::string, PublicName> out;
  if (customer_ids.empty()) return out;
  std::string sql = "SELECT id, first_name, last_name FROM customers WHERE id IN (";
  db::Params params;
  db::append_in_list(sql, params, customer_ids);
  sql += ")";
  for (const auto& row : s.query(sql, params))
    out.emplace(row.str(0), PublicName{row.opt_str(1), row.opt_str(2)});
  return out;
}

}  // namespace wolfix::customer
