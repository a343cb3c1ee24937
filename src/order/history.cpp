#include "order/history.hpp"

#include <algorithm>

#include "common/role.hpp"

namespace wolfix::order {

PaymentStatus initial_payment_status(PaymentOption option) {
  return option == PaymentOption::card ? PaymentStatus::pending : PaymentStatus::unpaid;
}

HistoryEntry placed_entry(PaymentOption option, const std::string& customer_id,
                          int64_t created_at) {
  HistoryEntry h;
  h.at = created_at;
  h.actor_role = std::string(to_string(Role::customer));
  h.actor_id = customer_id;
  h.what = "placed";
  h.to_value = static_cast<int64_t>(initial_payment_status(option));
  h.note = option == PaymentOption::card ? "Card payment" : "Cash on delivery";
  return h;
}

HistoryEntry payment_intent_entry(const std::string& intent_id, int64_t at) {
  HistoryEntry h;
  h.at = at;
  h.actor_role = "Payments";
  h.what = "paymentIntent";
  h.note = intent_id;
  return h;
}

std::vector<HistoryEntry> with_entry(std::vector<HistoryEntry> stored, HistoryEntry entry) {
  auto at = std::find_if(stored.begin(), stored.end(),
                         [&](const HistoryEntry& h) { return h.at >= entry.at; });
  stored.insert(at, std::move(entry));
  return stored;
}

std::vector<HistoryEntry> with_placed_entry(std::vector<HistoryEntry> stored, HistoryEntry placed) {
  if (std::any_of(stored.begin(), stored.end(),
                  [](const HistoryEntry& h) { return h.what == "placed"; }))
    return stored;
  return with_entry(std::move(stored), std::move(placed));
}

}  // namespace wolfix::order
