#include "customer/cart_cleanup.hpp"

namespace wolfix::customer {

std::map<std::string, int64_t> take_ordered_cart_lines(db::Session& s,
                                                       const std::string& customer_id,
                                                       const std::vector<OrderedCartLine>& lines) {
  std::map<std::string, int64_t> taken;
  for (const auto& line : lines)
    if (auto row = s.query_one(
            "DELETE FROM cart_items WHERE id = ? AND customer_id = ? AND product_id = ? "
            "RETURNING quantity",
            {line.cart_item_id, customer_id, line.product_id}))
      taken[line.cart_item_id] = row->i64(0);
  return taken;
}

}  // namespace wolfix::customer
