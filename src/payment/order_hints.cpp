#include "payment/order_hints.hpp"

namespace wolfix::payment {

void OrderHints::checked_out(const order::OrderPaymentView& view) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  if (!hints_.insert_or_assign(view.id, Hint{view, false}).second) return;
  oldest_first_.push_back(view.id);
  while (oldest_first_.size() > capacity_) {
    hints_.erase(oldest_first_.front());
    oldest_first_.pop_front();
  }
}

void OrderHints::paid_by_intent(const std::string& order_id) {
  std::lock_guard lock(mu_);
  if (auto it = hints_.find(order_id); it != hints_.end()) it->second.paid_by_intent = true;
}

std::optional<OrderHints::Hint> OrderHints::find(const std::string& order_id) const {
  std::lock_guard lock(mu_);
  auto it = hints_.find(order_id);
  if (it == hints_.end()) return std::nullopt;
  return it->second;
}

}  // namespace wolfix::payment
