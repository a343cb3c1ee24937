#pragma once
// Payment's pure rules (no SQL, no HTTP), unit-tested directly (tests/unit/payment_model_test.cpp):
// which units a refund takes and how much money it returns, how much of a line's earned bonuses
// refunds take back, and what an intent's state means for its order. The services apply them
// inside their transactions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "order/refund_lines.hpp"
#include "order/service.hpp"
#include "payment/gateway.hpp"
#include "payment/ledger.hpp"

namespace wolfix::payment {

// POST /api/orders/{id}/refunds. No amount and no items: all the money that is left. Items: those
// units of the order's lines (restocked once the provider confirms), the amount defaulting to
// their paid unit prices (never more than what is left to refund).
struct RefundItemRequest {
  std::string product_id;
  int64_t quantity = 0;
};
struct RefundRequest {
  std::optional<int64_t> amount;
  std::optional<std::string> reason;
  std::vector<RefundItemRequest> items;
};

struct RefundPlan {
  std::vector<ledger::RefundItem> picked;  // the units by line, at their paid unit prices
  std::map<std::string, int64_t> wanted;   // product id -> units asked for
  int64_t items_value = 0;                 // the picked units' paid value
  // The first product asked for beyond what is still refundable, with how many units are.
  std::optional<std::pair<std::string, int64_t>> short_of;
};

// Who may refund this order at all: an admin, or a seller with a line in it (all of the lines
// when no items are listed). Throws 403 otherwise.
void check_refund_rights(const std::vector<order::LineRefundState>& lines,
                         const RefundRequest& request, bool admin, const Actor& actor);

// Fills each listed product's units line by line (the same product on several lines fills them
// in order). Throws 403 when a seller lists another seller's product, 400 (naming
// items[i].productId) for products the order does not hold.
RefundPlan plan_refund(const std::vector<order::LineRefundState>& lines,
                       const RefundRequest& request, bool admin, const Actor& actor);

// The amount of a new refund for `plan`, given what is left of the received money (`left`, minor
// units at exponent `exp`). Throws 409 quantity_too_large (more units than refundable),
// 400 amount_exceeds_items, 409 nothing_to_refund, 409 amount_too_large.
int64_t refund_amount(const RefundPlan& plan, const RefundRequest& request, int64_t left, int exp);

// Bonuses a delivered line earned follow its refunds: the line owes back the share of its
// earned units that standing refunds returned (`refunded_units`, all of it when the order's
// money is back in full). Units refunded before delivery earned nothing, so they owe nothing.
int64_t bonus_reclaim_target(const order::LineBonus& line, int64_t refunded_units, bool full);
// Moving a line from what it has reclaimed to its target: bonuses to take from the customer, or
// (a reversal) to give back, never more than the balance actually gave.
struct BonusMove {
  int64_t take = 0;
  int64_t give = 0;
};
BonusMove bonus_move(const order::LineBonus& line, int64_t target);

// What an intent's state means for its order. The caller applies it (the change to Paid is a
// compare-and-set there, so a concurrent confirmation makes it `already`).
enum class IntentStep {
  mismatch,        // amount, currency, intent or order id disagree: never accepted as payment
  already,         // nothing to change
  late_payment,    // money for an order already cancelled: record it and refund it
  mark_paid,       // the order becomes Paid
  cancel,          // the intent was canceled: cancel the order (stock released)
  record_failure,  // the last confirmation was declined
  in_progress,     // requires_action, processing, ...
};
IntentStep decide_intent(const order::OrderPaymentView& order, const PaymentIntent& pi);

}  // namespace wolfix::payment
