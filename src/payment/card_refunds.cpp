// Refunds asked for: the route's (money and units reserved, then the provider), the one for a
// payment that arrived after its order expired, and the provider call they share.
#include <map>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/money.hpp"
#include "common/uuid.hpp"
#include "order/refund_lines.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"
#include "payment/model.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

std::string CardPayments::refund(const Actor& actor, const std::string& order_id,
                                 const RefundRequest& request) {
  // The route admits only the refunding roles; the history names the one that asked.
  auto source = actor.role ? history_source_of(*actor.role) : std::nullopt;
  if (!source) throw forbidden();
  int64_t now = clock_.now_ms();
  // Step 1, one transaction: check, then reserve the money against what was received and the
  // units against each line's ordered quantity (conditional updates, so concurrent refunds can
  // exceed neither), and write the refund row that names the provider call's idempotency key.
  struct Reserved {
    std::string refund_id;
    std::string intent_id;
    int64_t amount = 0;
    bool resumed = false;
  };
  Reserved r = db_.write([&](db::Session& s) {
    // Lock the order's payment row first, so everything read below is current: a webhook that
    // refunded the order meanwhile (a lost dispute, a dashboard refund) shows as not Paid
    // rather than as money that is mysteriously gone.
    ledger::lock_order_payment(s, order_id);
    auto view = orders_.payment_view(s, order_id);
    if (!view) throw not_found("Order with id: " + order_id + " not found");
    auto lines = order::refundable_lines(s, order_id);
    bool admin = actor.is_admin();
    check_refund_rights(lines, request, admin, actor);
    if (view->payment_option != PaymentOption::card)
      throw conflict("not_a_card_order", "Only card payments can be refunded through Wolfix");
    if (view->payment_status != PaymentStatus::paid)
      throw conflict("not_refundable", "Only a paid order can be refunded (this one is " +
                                           std::string(order::name_of(view->payment_status)) + ")");
    auto pay = ledger::find_order_payment(s, order_id);
    if (!pay) throw conflict("not_refundable", "This order has no card payment");
    int exp = currency_exponent(pay->currency);

    auto plan = plan_refund(lines, request, admin, actor);

    int64_t left = pay->received_minor - pay->refunded_minor;
    // The same request again after its provider call went unanswered resumes that refund.
    for (const auto& p : ledger::unanswered_refunds(s, order_id)) {
      std::map<std::string, int64_t> had;
      for (const auto& i : ledger::refund_items_of(s, p.id)) had[i.product_id] += i.quantity;
      bool same_items = had == plan.wanted;
      bool same_amount =
          request.amount ? *request.amount == p.amount_minor : (!plan.wanted.empty() || left == 0);
      if (same_items && same_amount && ledger::mark_unanswered(s, p.id, false))
        return Reserved{p.id, pay->intent_id, p.amount_minor, true};
    }

    int64_t want = refund_amount(plan, request, left, exp);
    if (!ledger::reserve_refund(s, order_id, want, now))
      throw conflict("amount_too_large", "The refund exceeds what was paid");
    for (const auto& i : plan.picked)
      if (!order::reserve_line_units(s, i.order_item_id, i.quantity))
        throw conflict("quantity_too_large",
                       "Product " + i.product_id + " was refunded meanwhile; try again");
    std::string refund_id = new_uuid_v7();
    ledger::insert_refund(s,
                          {refund_id, order_id, std::nullopt, want, request.reason,
                           RefundStatus::pending, RefundSource::api, 0},
                          actor.label(), actor.id, now);
    ledger::insert_refund_items(s, refund_id, plan.picked);
    return Reserved{refund_id, pay->intent_id, want, false};
  });

  // Step 2: the provider, outside any transaction, with a key that names our refund row.
  send_refund(r.refund_id, order_id, r.intent_id, r.amount, *source);
  return r.refund_id;
}

void CardPayments::send_refund(const std::string& refund_id, const std::string& order_id,
                               const std::string& intent_id, int64_t amount, HistorySource source) {
  CreateRefund params;
  params.payment_intent = intent_id;
  params.amount = amount;
  params.metadata = {{"order_id", order_id}, {"refund_id", refund_id}};
  Refund provider_refund;
  try {
    provider_refund = gateway_.create_refund(params, "wolfix-refund-" + refund_id);
  } catch (const ProviderError& e) {
    // A definite refusal: the reservation goes back and nothing changed.
    db_.write([&](db::Session& s) {
      int64_t now = clock_.now_ms();
      auto before = ledger::update_refund(s, refund_id, RefundStatus::failed, std::nullopt, now);
      if (!before || before->status != RefundStatus::pending) return;
      release_refund(s, refund_id, order_id, amount, now);
      ledger::add_event(s, order_id,
                        {HistoryKind::refund_failed, amount, std::nullopt, e.code(), source,
                         std::string(e.what())},
                        now);
    });
    throw provider_refused(e, "the refund");
  } catch (const ProviderUnavailable& e) {
    // Unknown whether it happened: the row stays pending (money and units reserved). The same
    // request sent again, or the reconciler, retries with the same key, which never refunds
    // twice.
    db_.write([&](db::Session& s) {
      int64_t now = clock_.now_ms();
      ledger::mark_unanswered(s, refund_id, true);
      ledger::add_event(s, order_id,
                        {HistoryKind::refund_unanswered, amount, std::nullopt, e.code(), source,
                         std::string(e.what())},
                        now);
    });
    throw provider_unavailable(e, "refunding; send the same refund again or it will be retried")
        .with("refundId", refund_id);
  }
  finish_refund(refund_id, order_id, amount, provider_refund, source);
}

void CardPayments::refund_late_payment(const std::string& order_id, HistorySource source) {
  // Policy: money that arrives for an order already cancelled (expired, stock released) is
  // returned in full; the stock may be gone and the shopper has been told the order expired.
  struct Reserved {
    std::string refund_id, intent_id;
    int64_t amount = 0;
  };
  auto r = db_.write([&](db::Session& s) -> std::optional<Reserved> {
    auto pay = ledger::find_order_payment(s, order_id);
    if (!pay || pay->received_minor <= 0) return std::nullopt;
    if (ledger::has_late_payment_refund(s, order_id))
      return std::nullopt;  // already under way (the reconciler retries it if unanswered)
    Reserved res{new_uuid_v7(), pay->intent_id, pay->received_minor - pay->refunded_minor};
    if (res.amount <= 0 || !ledger::reserve_refund(s, order_id, res.amount, clock_.now_ms()))
      return std::nullopt;
    ledger::insert_refund(s,
                          {res.refund_id, order_id, std::nullopt, res.amount,
                           std::string("order expired before payment"), RefundStatus::pending,
                           RefundSource::late_payment, 0},
                          "System", "", clock_.now_ms());
    return res;
  });
  if (!r) return;
  try {
    send_refund(r->refund_id, order_id, r->intent_id, r->amount, source);
  } catch (const std::exception& e) {
    log::warn("late_refund_failed",
              {{"order", order_id}, {"what", e.what()}});  // reconciler retries
  }
}

}  // namespace wolfix::payment
