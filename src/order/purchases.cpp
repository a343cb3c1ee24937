#include "order/purchases.hpp"

#include "db/in_list.hpp"
#include "order/model.hpp"

namespace wolfix::order {

std::set<std::string> customers_who_bought(db::Session& s, const std::string& product_id,
                                           const std::vector<std::string>& customer_ids) {
  std::set<std::string> out;
  if (customer_ids.empty()) return out;
  // Through orders_customer (one customer's orders) and order_items_order: a review page names
  // at most a hundred customers, each with a handful of orders.
  std::string sql =
      "SELECT DISTINCT o.customer_id FROM orders o JOIN order_items i ON i.order_id = o.id "
      "WHERE i.product_id = ? AND (o.payment_status = ? OR o.delivery_status = ?) "
      "AND o.customer_id IN (";
  db::Params params{product_id, static_cast<int>(PaymentStatus::paid),
                    static_cast<int>(DeliveryStatus::delivered)};
  db::append_in_list(sql, params, customer_ids);
  sql += ")";
  for (const auto& row : s.query(sql, params)) out.insert(row.str(0));
  return out;
}

}  // namespace wolfix::order
