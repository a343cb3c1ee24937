// A refund the provider answered, applied: money, stock and bonuses follow it, and a refund the
// provider reverses later gives them back.
#include <algorithm>

#include "common/money.hpp"
#include "customer/bonus_spending.hpp"
#include "notify/outbox.hpp"
#include "order/refund_lines.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"
#include "payment/model.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

// A refund's units go back to stock when the provider confirms it; the line's claim makes each
// unit return once, whichever refund (or full refund, or webhook) gets there first.
void restock_items(order::OrderService& orders, db::Session& s,
                   const std::vector<ledger::RefundItem>& items) {
  for (const auto& i : items) orders.restock_line(s, i.order_item_id, i.product_id, i.quantity);
}

// A refund that did not happen gives its money and units back to the refundable pool. Called
// only by whoever moved the refund out of 'pending', so once.
void release_refund(db::Session& s, const std::string& refund_id, const std::string& order_id,
                    int64_t amount, int64_t now) {
  ledger::unreserve_refund(s, order_id, amount, now);
  for (const auto& i : ledger::refund_items_of(s, refund_id))
    order::release_line_units(s, i.order_item_id, i.quantity);
}

// Bonuses a delivered order earned follow its refunds: each line owes back the share of its
// earned units that standing refunds returned (all of it once the money is back in full). Runs
// under the payment-row lock after every settle and reversal and moves each line to that
// target, so it takes back exactly once and gives back (at most what was taken) on a reversal.
void reconcile_bonuses(db::Session& s, const std::string& order_id, const std::string& customer_id,
                       bool full, const std::string& provider_ref, HistorySource source,
                       int64_t now) {
  auto standing = ledger::refunded_units_by_line(s, order_id);
  for (const auto& l : order::line_bonuses(s, order_id)) {
    auto k = standing.find(l.item_id);
    int64_t target = bonus_reclaim_target(l, k == standing.end() ? 0 : k->second, full);
    if (target == l.reclaimed) continue;
    auto move = bonus_move(l, target);
    int64_t debited = l.debited;
    if (move.take > 0) {
      int64_t taken = customer::take_back_bonuses(s, customer_id, move.take);
      debited += taken;
      ledger::add_event(s, order_id,
                        {HistoryKind::bonuses_taken_back, taken, provider_ref, std::nullopt, source,
                         "order line " + l.item_id},
                        now);
      if (taken < move.take)
        ledger::add_event(
            s, order_id,
            {HistoryKind::bonus_shortfall, move.take - taken, provider_ref,
             std::string("bonuses_spent"), source,
             "order line " + l.item_id + ": " + std::to_string(move.take) +
                 " bonus minor units to take back, only " + std::to_string(taken) + " left"},
            now);
    } else {
      customer::refund_bonuses(s, customer_id, move.give);
      debited -= move.give;
      ledger::add_event(s, order_id,
                        {HistoryKind::bonuses_given_back, move.give, provider_ref, std::nullopt,
                         source, "order line " + l.item_id + ": a refund was reversed"},
                        now);
    }
    order::set_line_bonus_reclaim(s, l.item_id, target, debited);
  }
}

void CardPayments::finish_refund(const std::string& refund_id, const std::string& order_id,
                                 int64_t amount, const Refund& pr, HistorySource source) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    if (pr.status == "pending" || pr.status == "requires_action") {
      // Accepted, not done: money and units stay reserved, and nothing is restocked until the
      // provider's refund.updated (or the reconciler's look at the refund) says how it ended.
      if (ledger::mark_refund_accepted(s, refund_id, pr.id, now))
        ledger::add_event(
            s, order_id,
            {HistoryKind::refund_pending, amount, pr.id, pr.status, source, std::nullopt}, now);
      return;
    }
    settle_refund(s, refund_id, order_id, amount, pr, source, now);
  });
}

void CardPayments::settle_refund(db::Session& s, const std::string& refund_id,
                                 const std::string& order_id, int64_t amount, const Refund& pr,
                                 HistorySource source, int64_t now) {
  // The payment row's lock first (as the route and a reversal take it): a reversal of another
  // refund of this order then runs wholly before or after this, and each reads the other's
  // restocked units and succeeded refunds rather than half of them.
  ledger::lock_order_payment(s, order_id);
  auto current = ledger::find_refund(s, refund_id);
  if (!current || current->status != RefundStatus::pending) return;  // finished by someone else
  auto ended = parse_refund_status(pr.status);
  bool failed = ended && did_not_happen(*ended);
  auto before =
      ledger::update_refund(s, refund_id, failed ? *ended : RefundStatus::succeeded, pr.id, now);
  if (!before || before->status != RefundStatus::pending) return;  // finished by someone else
  if (failed) {
    release_refund(s, refund_id, order_id, amount, now);
    ledger::add_event(
        s, order_id,
        {HistoryKind::refund_failed, amount, pr.id, pr.failure_reason, source, std::nullopt}, now);
    return;
  }
  ledger::add_event(s, order_id,
                    {HistoryKind::refunded, amount, pr.id, pr.reason, source, std::nullopt}, now);
  auto view = orders_.payment_view(s, order_id);
  if (!view) return;
  // A cancelled order (an expired one paid late) gave its stock back when it was cancelled.
  bool stock_back_already = view->delivery_status == order::DeliveryStatus::cancelled;
  if (!stock_back_already) restock_items(orders_, s, ledger::refund_items_of(s, refund_id));
  auto pay = ledger::find_order_payment(s, order_id);
  bool full = pay && ledger::refunded_total(s, order_id) >= pay->received_minor;
  if (full && view->payment_status != PaymentStatus::refunded) {
    // Failed (expired) -> Paid -> Refunded keeps the status machine's rules.
    if (view->payment_status != PaymentStatus::paid)
      orders_.set_payment_status(s, order_id, PaymentStatus::paid, system_actor(),
                                 std::string("paid after the order was cancelled"), now);
    orders_.set_payment_status(s, order_id, PaymentStatus::refunded, system_actor(),
                               std::string("refunded in full"), now);
    if (!stock_back_already) orders_.restock_remaining(s, order_id);
  }
  reconcile_bonuses(s, order_id, view->customer_id, full, pr.id, source, now);
  notify::enqueue(
      s, full ? "order_refunded" : "order_partially_refunded",
      notify::Mail{view->customer_email, "Wolfix order " + view->number + ": refund",
                   "We refunded " + format_minor(amount, currency_exponent(view->currency)) + " " +
                       view->currency + " for order " + view->number + "."},
      "refund:" + refund_id, now);
}

void CardPayments::reverse_refund(db::Session& s, const ledger::RefundRow& before, const Refund& pr,
                                  HistorySource source, int64_t now) {
  const std::string& order_id = before.order_id;
  release_refund(s, before.id, order_id, before.amount_minor, now);
  ledger::add_event(
      s, order_id,
      {HistoryKind::refund_reversed, before.amount_minor, pr.id, pr.failure_reason, source,
       std::string("the provider reports failed a refund it had reported succeeded")},
      now);
  auto view = orders_.payment_view(s, order_id);
  auto pay = ledger::find_order_payment(s, order_id);
  if (!view || !pay) return;
  bool full = ledger::money_back_total(s, order_id) >= pay->received_minor;
  if (!full && view->payment_status == PaymentStatus::refunded)
    orders_.set_payment_status(s, order_id, PaymentStatus::paid, system_actor(),
                               std::string("a refund was reversed by the provider"), now);
  reconcile_bonuses(s, order_id, view->customer_id, full, pr.id, source, now);
  // A cancelled order's stock came back when it was cancelled, not through its refunds; an
  // order still refunded in full keeps every unit in stock.
  if (full || view->delivery_status == order::DeliveryStatus::cancelled) return;
  // The goods were not returned for money: each line keeps in stock only the units of the
  // refunds that still stand (so units a full refund restocked go out again too).
  auto kept = ledger::refunded_units_by_line(s, order_id);
  for (const auto& l : order::refundable_lines(s, order_id)) {
    auto k = kept.find(l.item_id);
    int64_t excess = l.restocked_quantity - (k == kept.end() ? 0 : k->second);
    if (excess <= 0) continue;
    auto taken = orders_.take_back_restock(s, l.item_id, l.product_id, excess);
    if (taken && *taken < excess)
      ledger::add_event(
          s, order_id,
          {HistoryKind::restock_shortfall, std::nullopt, pr.id, std::string("stock_shortfall"),
           source,
           "product " + l.product_id + ": " + std::to_string(excess) +
               " units to take back out of stock, only " + std::to_string(*taken) + " left"},
          now);
  }
}

}  // namespace wolfix::payment
