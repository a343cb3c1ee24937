#include "order/refund_lines.hpp"

#include "catalog/stock.hpp"
#include "order/service.hpp"
#include "order/store.hpp"

namespace wolfix::order {

std::vector<LineRefundState> refundable_lines(db::Session& s, const std::string& order_id) {
  return store::refund_state_of(s, order_id);
}

bool seller_has_items(db::Session& s, const std::string& order_id, const std::string& seller_id) {
  return store::seller_has_items(s, order_id, seller_id);
}

bool reserve_line_units(db::Session& s, const std::string& item_id, int64_t qty) {
  return store::reserve_line_refund(s, item_id, qty);
}

void release_line_units(db::Session& s, const std::string& item_id, int64_t qty) {
  store::unreserve_line_refund(s, item_id, qty);
}

bool OrderService::restock_line(db::Session& s, const std::string& item_id,
                                const std::string& product_id, int64_t qty) {
  if (!store::claim_line_restock(s, item_id, qty)) return false;
  stock_.release(s, product_id, qty);
  return true;
}

void OrderService::restock_remaining(db::Session& s, const std::string& order_id) {
  for (int round = 0; round < 5; ++round) {  // a concurrent item restock may move a line on
    bool raced = false;
    for (const auto& l : store::refund_state_of(s, order_id)) {
      int64_t rest = l.quantity - l.restocked_quantity;
      if (rest <= 0) continue;
      if (!restock_line(s, l.item_id, l.product_id, rest)) raced = true;
    }
    if (!raced) return;
  }
}

std::optional<int64_t> OrderService::take_back_restock(db::Session& s, const std::string& item_id,
                                                       const std::string& product_id, int64_t qty) {
  if (!store::unclaim_line_restock(s, item_id, qty)) return std::nullopt;
  return stock_.take_back(s, product_id, qty);
}

std::vector<LineBonus> line_bonuses(db::Session& s, const std::string& order_id) {
  return store::bonus_lines_of(s, order_id);
}

void set_line_bonus_reclaim(db::Session& s, const std::string& item_id, int64_t reclaimed,
                            int64_t debited) {
  store::set_line_bonus_reclaim(s, item_id, reclaimed, debited);
}

}  // namespace wolfix::order
