#pragma once
// What this node learned of the card orders it checked out lately and that stays true for good,
// so the card flow's next calls need not read the order again: an order's id, number, customer,
// e-mail, amount, currency, payment option and attached intent never change, and an order paid
// by its intent stays settled (Paid, or Refunded and perhaps Paid again) whatever happens next.
// Its statuses as of the checkout are only a guess: whoever uses them checks them with a
// compare-and-set. Bounded (the oldest entries go first); nodes do not share it (another node's
// calls read the order).
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "order/service.hpp"

namespace wolfix::payment {

class OrderHints {
 public:
  explicit OrderHints(std::size_t capacity = 4096) : capacity_(capacity) {}

  struct Hint {
    order::OrderPaymentView view;  // as the checkout left it: Pending, Preparing, its intent
    bool paid_by_intent = false;  // the provider said its intent succeeded and the order is settled
  };
  // The checkout committed the order with its intent attached.
  void checked_out(const order::OrderPaymentView& view);
  // The order was found settled by its own intent, which the provider says succeeded.
  void paid_by_intent(const std::string& order_id);
  std::optional<Hint> find(const std::string& order_id) const;

 private:
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Hint> hints_;
  std::deque<std::string> oldest_first_;
};

}  // namespace wolfix::payment
