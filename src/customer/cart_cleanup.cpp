#include "customer/cart_cleanup.hpp"

namespace wolfix::customer {

int64_t remove_ordered_cart_lines(db::Session& s, const std::string& customer_id,
                                  const std::vector<OrderedCartLine>& lines) {
  int64_t removed = 0;
  for (const auto& line : lines)
    removed += s.exec("DELETE FROM cart_items WHERE id = ? AND customer_id = ? AND product_id = ?",
                      {line.cart_item_id, customer_id, line.product_id});
  return removed;
}

}  // namespace wolfix::customer
