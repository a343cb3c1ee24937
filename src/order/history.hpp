#pragma once
// An order's history as shown: the changes stored one row each (order_history) and the
// "placed" entry, which every order has and whose facts are the order's own row, so placing an
// order writes no history row (issue 12: one insert and three index entries fewer per order).
#include <string>
#include <vector>

#include "order/views.hpp"

namespace wolfix::order {

// The payment status an order starts with: a card order waits for its payment (Pending), a cash
// order is paid on delivery (Unpaid).
PaymentStatus initial_payment_status(PaymentOption option);

// The "placed" entry of an order placed by its customer at created_at: to its initial payment
// status, noted with how it is paid.
HistoryEntry placed_entry(PaymentOption option, const std::string& customer_id, int64_t created_at);

// The "paymentIntent" entry of an order whose intent the payments module attached at `at`: the
// facts are the order row's (payment_intent_id, payment_intent_at), so attaching an intent
// writes no history row either. The actor is the one the payments module always attached with
// (Actor::system("Payments")).
HistoryEntry payment_intent_entry(const std::string& intent_id, int64_t at);

// `stored` (in time order) with `entry` before the first entry not older than it.
std::vector<HistoryEntry> with_entry(std::vector<HistoryEntry> stored, HistoryEntry entry);

// `stored` (in time order) with `placed` before the first entry not older than it, unless a
// "placed" entry is stored already (orders placed before the entry was derived have one).
std::vector<HistoryEntry> with_placed_entry(std::vector<HistoryEntry> stored, HistoryEntry placed);

}  // namespace wolfix::order
