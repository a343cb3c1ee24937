// POST /webhooks/stripe: the signature, the dedup row, and one function per kind of event.
#include "common/log.hpp"
#include "common/uuid.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"
#include "payment/model.hpp"
#include "payment/webhook_signature.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

std::string CardPayments::handle_webhook(const std::string& raw_body,
                                         const std::string& signature_header) {
  int64_t now = clock_.now_ms();
  SignatureError verdict = SignatureError::missing_header;
  if (!signature_header.empty()) {
    verdict = verify_stripe_signature_multi(signature_header, raw_body, settings_.webhook_secrets,
                                            now / 1000, settings_.webhook_tolerance_seconds);
  }
  if (verdict != SignatureError::none)
    throw ApiError(400, "invalid_signature",
                   "Webhook signature rejected: " + std::string(signature_error_name(verdict)));
  Event event;
  try {
    event = parse_event(raw_body);
  } catch (const std::exception& e) {
    throw bad_request(std::string("Not a provider event: ") + e.what(), "invalid_event");
  }
  // The usual payment_intent.succeeded of an order already Paid by this very intent (PATCH /paid
  // asked the provider first) could change nothing: intents only move forward, and an order
  // paid by its intent stays settled (Paid or Refunded) for good. It asks no provider, and its
  // dedup row (with the outcome) and its line in the payment history are one round trip. Any
  // other event is first looked up: a redelivery of one already applied costs one read and no
  // provider call.
  struct Known {
    bool seen = false;
    std::optional<OrderPaymentView> settled_by_intent;
  };
  // An order this node saw paid by that very intent needs no read at all.
  if (event.payment_intent && event.payment_intent->succeeded()) {
    const auto& pi = *event.payment_intent;
    auto meta = pi.metadata.find("order_id");
    if (meta != pi.metadata.end())
      if (auto hint = hints_.find(meta->second); hint && hint->paid_by_intent) {
        hint->view.payment_status = PaymentStatus::paid;  // or Refunded: settled all the same
        if (decide_intent(hint->view, pi) == IntentStep::already)
          return record_settled(event, hint->view, now);
      }
  }
  auto known = db_.read([&](db::Session& s) {
    Known k;
    if (event.payment_intent && event.payment_intent->succeeded()) {
      const auto& pi = *event.payment_intent;
      auto order = order_for_intent(s, pi.id, &pi.metadata);
      if (order && order->payment_status == PaymentStatus::paid &&
          decide_intent(*order, pi) == IntentStep::already) {
        k.settled_by_intent = std::move(order);
        return k;
      }
    }
    k.seen = ledger::webhook_seen(s, event.id);
    return k;
  });
  if (known.seen) return "duplicate";
  if (known.settled_by_intent) return record_settled(event, *known.settled_by_intent, now);
  // The event's copy may be stale (events arrive out of order): decide on the provider's current
  // state when it is reachable, on the event's otherwise. Asked before the transaction, so the
  // write lock is never held across a network round trip.
  std::optional<PaymentIntent> current;
  if (event.payment_intent) {
    try {
      current = gateway_.retrieve_intent(event.payment_intent->id);
    } catch (const std::exception& e) {
      log::info("webhook_intent_unavailable",
                {{"intent", event.payment_intent->id}, {"what", e.what()}});
    }
  }
  // A charge, refund or dispute event changes money and stock: it is applied only as the
  // provider has the object now, never as the (signed, but perhaps forged or stale) body says.
  if (event.charge || event.refund || event.dispute) {
    try {
      if (event.charge) event.charge = gateway_.retrieve_charge(event.charge->id);
      if (event.refund) event.refund = gateway_.retrieve_refund(event.refund->id);
      if (event.dispute) event.dispute = gateway_.retrieve_dispute(event.dispute->id);
    } catch (const ProviderError& e) {
      if (e.http_status() != 404) throw provider_refused(e, "to show the event's object");
      // The provider has no such object: the event is not about anything real.
      log::warn("webhook_object_unknown", {{"event", event.id}, {"object", event.object_id}});
      return "unverified";
    } catch (const ProviderUnavailable& e) {
      // Not applied and not remembered: the provider redelivers it later.
      throw provider_unavailable(e, "checking the event");
    }
  }
  auto applied = db_.write([&](db::Session& s) -> EventOutcome {
    // The dedup row and the state change commit together or not at all, so two concurrent
    // deliveries of one event apply it once.
    if (!ledger::remember_webhook(s, event.id, event.type, event.object_id, "", "processing", now))
      return {"duplicate", std::nullopt};
    auto a = apply_event(s, event, current, now);
    if (event.payment_intent && a.order_id)
      ledger::set_webhook_outcome(s, event.id, a.outcome, *a.order_id);
    else
      ledger::set_webhook_outcome(s, event.id, a.outcome);
    return a;
  });
  // After the commit, from the committed attempt only (the body may have run more than once).
  if (applied.outcome == "mismatch" && applied.order_id)
    log::warn("payment_mismatch",
              {{"order", *applied.order_id}, {"intent", event.payment_intent->id}});
  if (applied.outcome == "late_payment" && applied.order_id)
    refund_late_payment(*applied.order_id, HistorySource::webhook);
  return applied.outcome;
}

// One function per kind of event; each runs in the webhook's transaction, after the dedup row.
CardPayments::EventOutcome CardPayments::apply_event(db::Session& s, const Event& e,
                                                     const std::optional<PaymentIntent>& current,
                                                     int64_t now) {
  if (e.payment_intent) return on_intent_event(s, e, current, now);
  if (e.charge) return {on_charge_event(s, e, now), std::nullopt};
  if (e.refund) return {on_refund_event(s, e, now), std::nullopt};
  if (e.dispute) return {on_dispute_event(s, e, now), std::nullopt};
  return {"ignored", std::nullopt};
}

std::optional<OrderPaymentView> CardPayments::order_for_intent(db::Session& s,
                                                               const std::string& intent_id,
                                                               const Metadata* meta) {
  if (meta) {
    auto it = meta->find("order_id");
    if (it != meta->end())
      if (auto v = orders_.payment_view(s, it->second)) return v;
  }
  if (intent_id.empty()) return std::nullopt;
  return orders_.find_by_payment_intent(s, intent_id);
}

namespace {

// The event in the order's payment history, and (unless the caller writes it with the outcome,
// as an intent event's does) the order on the event's dedup row.
void record(db::Session& s, const Event& e, const OrderPaymentView& o,
            std::optional<int64_t> amount, const std::string& code, int64_t now,
            bool order_with_outcome = false) {
  ledger::add_event(
      s, o.id,
      {HistoryKind::webhook(e.type), amount, e.id, code, HistorySource::webhook, std::nullopt},
      now);
  if (!order_with_outcome) ledger::set_webhook_order(s, e.id, o.id);
}

std::string outcome_name(Applied a) {
  switch (a) {
    case Applied::paid:
      return "paid";
    case Applied::already:
      return "no_change";
    case Applied::failed:
      return "failed";
    case Applied::in_progress:
      return "in_progress";
    case Applied::canceled:
      return "canceled";
    case Applied::mismatch:
      return "mismatch";
    case Applied::late_payment:
      return "late_payment";
  }
  return "ignored";
}

}  // namespace

// What the write transaction would do for such an event (on_intent_event: the history line, then
// apply_intent's `already`), without reading the order again: nothing the transaction could read
// would change the outcome.
std::string CardPayments::record_settled(const Event& e, const OrderPaymentView& order,
                                         int64_t now) {
  const auto& pi = *e.payment_intent;
  std::string outcome = outcome_name(Applied::already);
  try {
    db_.write([&](db::Session& s) {
      // One round trip, never resent on a new connection: a delivery that fails is redelivered,
      // and the dedup row answers it if this commit happened.
      s.commit_in_one_round_trip();
      // The dedup row with its outcome is also the event's line in the order's payment history
      // (as record() would store it).
      ledger::remember_webhook_with_entry(s, e.id, e.type, e.object_id, order.id, outcome,
                                          pi.amount, pi.status, now);
    });
  } catch (const db::UniqueViolation&) {
    // A redelivery (perhaps a concurrent one, whose row committed first).
    if (!db_.read([&](db::Session& s) { return ledger::webhook_seen(s, e.id); })) throw;
    return "duplicate";
  }
  return outcome;
}

CardPayments::EventOutcome CardPayments::on_intent_event(
    db::Session& s, const Event& e, const std::optional<PaymentIntent>& current, int64_t now) {
  const auto& pi = *e.payment_intent;
  auto order = order_for_intent(s, pi.id, &pi.metadata);
  if (!order) return {"unknown_order", std::nullopt};
  if (!order->payment_intent_id) {
    // Our checkout has not attached the intent yet: fail so the provider redelivers later.
    throw ApiError(503, "order_not_ready", "The order for this payment is not ready yet");
  }
  record(s, e, *order, pi.amount, pi.status, now, /*order_with_outcome=*/true);
  // apply_intent() only moves forward, so a stale event can never undo a later state.
  Applied a = apply_intent(s, *order, current && current->id == pi.id ? *current : pi,
                           HistorySource::webhook, now);
  return {outcome_name(a), order->id};
}

std::string CardPayments::on_charge_event(db::Session& s, const Event& e, int64_t now) {
  const auto& ch = *e.charge;
  auto order = order_for_intent(s, ch.payment_intent, &ch.metadata);
  if (!order) return "unknown_order";
  // A dashboard refund changes the order's refunds too: the same lock, then a fresh look.
  ledger::lock_order_payment(s, order->id);
  order = orders_.payment_view(s, order->id);
  if (!order) return "unknown_order";
  record(s, e, *order, ch.amount_refunded, "", now);
  auto pay = ledger::find_order_payment(s, order->id);
  if (!pay) return "no_payment";
  // Refunds made outside Wolfix (the provider's dashboard): whatever the provider has
  // refunded beyond what we know of becomes a refund row.
  int64_t known = ledger::refunds_total(s, order->id);
  if (ch.amount_refunded > known) {
    int64_t extra = ch.amount_refunded - known;
    ledger::insert_refund(
        s,
        {new_uuid_v7(), order->id, std::nullopt, extra, std::string("made at the provider"),
         RefundStatus::succeeded, RefundSource::provider, 0},
        "Provider", "", now);
    ledger::add_refunded_elsewhere(s, order->id, extra, now);
    ledger::add_event(
        s, order->id,
        {HistoryKind::refunded, extra, ch.id, "provider", HistorySource::webhook, std::nullopt},
        now);
  }
  if (ch.refunded || ch.amount_refunded >= pay->received_minor) {
    if (order->payment_status == PaymentStatus::paid) {
      orders_.set_payment_status(s, order->id, PaymentStatus::refunded, system_actor(),
                                 std::string("refunded at the provider"), now);
      if (order->delivery_status != order::DeliveryStatus::cancelled)
        orders_.restock_remaining(s, order->id);
    }
    return "refunded";
  }
  return "partially_refunded";
}

std::string CardPayments::on_refund_event(db::Session& s, const Event& e, int64_t now) {
  const auto& re = *e.refund;
  auto row = ledger::find_refund_by_provider_id(s, re.id);
  if (!row) {
    // Ours, but its answer (with the provider's id) may not be recorded yet.
    auto ours = re.metadata.find("refund_id");
    if (ours != re.metadata.end()) row = ledger::find_refund(s, ours->second);
    if (row && row->provider_refund_id && *row->provider_refund_id != re.id) row.reset();
  }
  if (!row) return "unknown_refund";  // a dashboard refund arrives as charge.refunded
  // Serialize with every other change to this order's refunds (the route, a settling refund,
  // another reversal), then decide on the refund as it is now, not as it was read above.
  ledger::lock_order_payment(s, row->order_id);
  row = ledger::find_refund(s, row->id);
  if (!row) return "unknown_refund";
  // The provider's refund states share our four names ("requires_action" is none of them).
  auto now_at_provider = parse_refund_status(re.status);
  if (now_at_provider == row->status) return "no_change";
  if (row->status == RefundStatus::pending && now_at_provider &&
      *now_at_provider != RefundStatus::pending) {
    // A refund the provider had accepted as pending has ended: the route's own path applies it.
    settle_refund(s, row->id, row->order_id, row->amount_minor, re, HistorySource::webhook, now);
    return "refund_" + re.status;
  }
  if (now_at_provider && did_not_happen(*now_at_provider) && !did_not_happen(row->status)) {
    auto before = ledger::update_refund(s, row->id, *now_at_provider, re.id, now);
    if (!before) return "no_change";  // changed concurrently
    if (before->status == RefundStatus::succeeded) {
      reverse_refund(s, *before, re, HistorySource::webhook, now);
      return "refund_reversed";
    }
    release_refund(s, row->id, row->order_id, row->amount_minor, now);
    ledger::add_event(s, row->order_id,
                      {HistoryKind::refund_failed, row->amount_minor, re.id, re.failure_reason,
                       HistorySource::webhook, std::nullopt},
                      now);
  }
  return "refund_" + re.status;
}

std::string CardPayments::on_dispute_event(db::Session& s, const Event& e, int64_t now) {
  const auto& dp = *e.dispute;
  auto order = order_for_intent(s, dp.payment_intent, nullptr);
  if (!order) return "unknown_order";
  record(s, e, *order, dp.amount, dp.status, now);
  // A state the provider added since is in the history (above) and changes nothing here.
  auto status = parse_dispute_status(dp.status);
  if (!status) return "unknown_dispute_status";
  auto previous = ledger::upsert_dispute(s, {dp.id, order->id, dp.amount, dp.reason, *status}, now);
  if (previous == status) return "no_change";
  auto kind = HistoryKind::dispute(*status);
  ledger::add_event(s, order->id,
                    {kind, dp.amount, dp.id, dp.reason, HistorySource::webhook, std::nullopt}, now);
  // A lost dispute takes the money back: it counts as refunded and the order is Refunded.
  // The goods are with the customer, so nothing is restocked.
  if (*status == DisputeStatus::lost && order->payment_status == PaymentStatus::paid) {
    ledger::record_dispute_loss(s, order->id, dp.amount, now);
    ledger::add_event(s, order->id,
                      {HistoryKind::refunded, dp.amount, dp.id, std::string("dispute_lost"),
                       HistorySource::webhook, std::nullopt},
                      now);
    orders_.set_payment_status(s, order->id, PaymentStatus::refunded, system_actor(),
                               std::string("dispute lost"), now);
  }
  return to_string(kind);
}

}  // namespace wolfix::payment
