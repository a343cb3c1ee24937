#include "payment/card_flow.hpp"

#include <algorithm>
#include <map>

#include "catalog/stock.hpp"
#include "common/json_writer.hpp"
#include "common/log.hpp"
#include "common/money.hpp"
#include "common/uuid.hpp"
#include "customer/bonus_spending.hpp"
#include "notify/outbox.hpp"
#include "order/store.hpp"
#include "payment/ledger.hpp"
#include "payment/webhook_signature.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

namespace {

std::string intent_key(const std::string& order_id) {
  return "wolfix-order-" + order_id;
}

order::Actor system_actor() {
  return order::Actor::system("Payments");
}

ApiError provider_unavailable(const ProviderUnavailable& e, const std::string& what) {
  return ApiError(
      503, e.code().empty() ? "api_connection_error" : e.code(),
      "The payment provider cannot be reached right now (" + what + "); please try again");
}

ApiError provider_refused(const ProviderError& e, const std::string& what) {
  std::string code = !e.code().empty() ? e.code() : e.type();
  return ApiError(502, code, "The payment provider refused " + what + ": " + e.what());
}

// A refund's units go back to stock when the provider confirms it; the line's claim makes each
// unit return once, whichever refund (or full refund, or webhook) gets there first.
void restock_items(db::Session& s, const std::vector<ledger::RefundItem>& items) {
  for (const auto& i : items)
    if (order::store::claim_line_restock(s, i.order_item_id, i.quantity))
      catalog::release(s, i.product_id, i.quantity);
}

// The last of the money refunded: every unit not restocked yet goes back.
void restock_remaining(db::Session& s, const std::string& order_id) {
  for (int round = 0; round < 5; ++round) {  // a concurrent item restock may move a line on
    bool raced = false;
    for (const auto& l : order::store::refund_state_of(s, order_id)) {
      int64_t rest = l.quantity - l.restocked_quantity;
      if (rest <= 0) continue;
      if (order::store::claim_line_restock(s, l.item_id, rest))
        catalog::release(s, l.product_id, rest);
      else
        raced = true;
    }
    if (!raced) return;
  }
}

// A refund that did not happen gives its money and units back to the refundable pool. Called
// only by whoever moved the refund out of 'pending', so once.
void release_refund(db::Session& s, const std::string& refund_id, const std::string& order_id,
                    int64_t amount, int64_t now) {
  ledger::unreserve_refund(s, order_id, amount, now);
  for (const auto& i : ledger::refund_items_of(s, refund_id))
    order::store::unreserve_line_refund(s, i.order_item_id, i.quantity);
}

// Bonuses a delivered order earned follow its refunds: each line owes back the share of its
// earned units that standing refunds returned (all of it once the money is back in full). Runs
// under the payment-row lock after every settle and reversal and moves each line to that
// target, so it takes back exactly once and gives back (at most what was taken) on a reversal.
void reconcile_bonuses(db::Session& s, const std::string& order_id, const std::string& customer_id,
                       bool full, const std::string& provider_ref, const std::string& source,
                       int64_t now) {
  auto standing = ledger::refunded_units_by_line(s, order_id);
  for (const auto& l : order::store::bonus_lines_of(s, order_id)) {
    if (l.earned <= 0 || l.units <= 0) continue;
    int64_t target = l.earned;
    if (!full) {
      auto k = standing.find(l.item_id);
      int64_t refunded = k == standing.end() ? 0 : k->second;
      // Units refunded before delivery earned nothing, so they owe nothing.
      int64_t earned_units_back = std::max<int64_t>(0, refunded - (l.quantity - l.units));
      target = std::min(l.earned, l.earned / l.units * earned_units_back);
    }
    int64_t delta = target - l.reclaimed;
    if (delta == 0) continue;
    int64_t debited = l.debited;
    if (delta > 0) {
      int64_t taken = customer::take_back_bonuses(s, customer_id, delta);
      debited += taken;
      ledger::add_event(s, order_id,
                        {"bonuses_taken_back", taken, provider_ref, std::nullopt, source,
                         "order line " + l.item_id},
                        now);
      if (taken < delta)
        ledger::add_event(
            s, order_id,
            {"bonus_shortfall", delta - taken, provider_ref, std::string("bonuses_spent"), source,
             "order line " + l.item_id + ": " + std::to_string(delta) +
                 " bonus minor units to take back, only " + std::to_string(taken) + " left"},
            now);
    } else {
      int64_t give = std::min(-delta, debited);
      customer::refund_bonuses(s, customer_id, give);
      debited -= give;
      ledger::add_event(s, order_id,
                        {"bonuses_given_back", give, provider_ref, std::nullopt, source,
                         "order line " + l.item_id + ": a refund was reversed"},
                        now);
    }
    order::store::set_line_bonus_reclaim(s, l.item_id, target, debited);
  }
}

bool is_admin(const order::Actor& a) {
  return a.role == "Admin" || a.role == "SuperAdmin";
}

}  // namespace

// ---------------------------------------------------------------------------------- checkout

http::Response CardPayments::checkout(const order::PlaceOrderInput& input,
                                      const order::Actor& actor,
                                      const std::optional<idempotency::Claim>& claim) {
  int64_t now = ctx_.clock.now_ms();
  auto answer_for = [](const std::string& order_id, const std::string& secret, int64_t total,
                       const std::string& currency) {
    JsonWriter w;
    w.begin_object().field("orderId", order_id);
    if (secret.empty())
      w.key("clientSecret").null();
    else
      w.field("clientSecret", secret);
    w.money_field("totalAmount", total, currency_exponent(currency))
        .field("currency", currency)
        .end_object();
    return http::Response::raw_json(w.take());
  };

  // Step 1, one transaction: claim the key, place the order (Pending, stock reserved).
  struct Placed {
    std::optional<http::Response> done;
    order::PlacedOrder order;
  };
  Placed step1 = ctx_.db.write([&](db::Session& s) -> Placed {
    if (claim) {
      auto outcome = idempotency::claim(s, *claim, now);
      if (outcome.result == idempotency::ClaimResult::replay)
        return {idempotency::to_response(outcome.answer, true), {}};
      if (outcome.result == idempotency::ClaimResult::in_progress) {
        if (auto resumed = resumable_checkout(s, outcome, now)) return {std::nullopt, *resumed};
        if (!outcome.answer.body.empty() &&
            now - outcome.claimed_at >= settings_.reconcile_after_ms) {
          // The order of a dead request is gone (expired): the key starts over.
          idempotency::release(s, *claim);
          if (idempotency::claim(s, *claim, now).result != idempotency::ClaimResult::claimed)
            throw db::RetryableError("idempotency key reclaimed concurrently");
        } else {
          throw ApiError(409, "idempotency_key_in_progress",
                         "A request with this Idempotency-Key is still being processed");
        }
      }
    }
    auto placed = orders_.place(s, input, actor, PaymentOption::card, now);
    // Found by a retry if this request dies before its intent is attached (see below).
    if (claim) idempotency::note_progress(s, *claim, placed.id);
    if (placed.price_minor > 0) return {std::nullopt, placed};
    // Bonuses covered everything: there is nothing to charge, so no intent.
    orders_.set_payment_status(s, placed.id, PaymentStatus::paid, system_actor(),
                               std::string("paid in full with bonuses"), now);
    ledger::add_event(s, placed.id, {"paid", 0, std::nullopt, "bonuses", "system", std::nullopt},
                      now);
    auto res = answer_for(placed.id, "", 0, placed.currency);
    if (claim) idempotency::complete(s, *claim, idempotency::to_stored(res));
    return {res, placed};
  });
  if (step1.done) return *step1.done;
  const auto& placed = step1.order;

  // Step 2: the provider, outside any transaction. The key derives from the order, so a retry
  // (ours or after a crash) can never create a second intent for it.
  CreateIntent params;
  params.amount_minor = placed.price_minor;
  params.currency = placed.currency;
  params.metadata = {{"order_id", placed.id},
                     {"order_number", placed.number},
                     {"customer_id", placed.customer_id}};
  params.receipt_email = placed.customer_email;
  params.description = "Wolfix order " + placed.number;
  PaymentIntent pi;
  try {
    pi = gateway_.create_intent(params, intent_key(placed.id));
  } catch (const ProviderError& e) {
    // A resumed checkout (above) whose intent request from before the crash the provider still
    // holds open: not a refusal. The order and the claim stay for a later retry.
    if (claim && e.http_status() == 409 && e.code() == "idempotency_key_in_use")
      throw ApiError(409, "idempotency_key_in_progress",
                     "A request with this Idempotency-Key is still being processed");
    discard_order(placed.id);
    if (claim) ctx_.db.write([&](db::Session& s) { idempotency::release(s, *claim); });
    throw provider_refused(e, "the payment");
  } catch (const ProviderUnavailable& e) {
    discard_order(placed.id);
    if (claim) ctx_.db.write([&](db::Session& s) { idempotency::release(s, *claim); });
    throw provider_unavailable(e, "creating the payment");
  }

  // Step 3: attach the intent and remember the answer.
  try {
    return ctx_.db.write([&](db::Session& s) {
      orders_.attach_payment_intent(s, placed.id, pi.id, system_actor(), now);
      ledger::insert_order_payment(
          s, {placed.id, pi.id, pi.client_secret, pi.amount, pi.currency, 0, 0, false, {}, {}, {}},
          now);
      ledger::add_event(s, placed.id,
                        {"intent_created", pi.amount, pi.id, pi.status, "client", std::nullopt},
                        now);
      auto res = answer_for(placed.id, pi.client_secret, placed.price_minor, placed.currency);
      if (claim) idempotency::complete(s, *claim, idempotency::to_stored(res));
      return res;
    });
  } catch (...) {
    // The order cannot be paid without its intent: cancel the intent and give the stock back.
    try {
      gateway_.cancel_intent(pi.id, "abandoned", intent_key(placed.id) + "-cancel");
    } catch (const std::exception& e) {
      log::warn("intent_cancel_failed", {{"intent", pi.id}, {"what", e.what()}});
    }
    discard_order(placed.id);
    if (claim) ctx_.db.write([&](db::Session& s) { idempotency::release(s, *claim); });
    throw;
  }
}

// A checkout whose request died between placing its order (step 1, committed with the key in
// progress and the order id noted) and attaching the intent (step 3) — a crash, a kill — would
// leave its key answering 409 for a day. Once the reconcile delay has passed (no live request
// takes that long), a retry with the same key finishes it with the same order: the intent's
// provider key derives from the order, so step 2 finds the intent made before the crash, if any.
std::optional<order::PlacedOrder> CardPayments::resumable_checkout(
    db::Session& s, const idempotency::ClaimOutcome& outcome, int64_t now) {
  if (outcome.answer.body.empty() || now - outcome.claimed_at < settings_.reconcile_after_ms)
    return std::nullopt;
  auto o = orders_.payment_view(s, outcome.answer.body);
  if (!o || o->payment_option != PaymentOption::card || o->payment_intent_id ||
      o->payment_status != PaymentStatus::pending ||
      o->delivery_status != order::DeliveryStatus::preparing)
    return std::nullopt;
  order::PlacedOrder placed;
  placed.id = o->id;
  placed.number = o->number;
  placed.customer_id = o->customer_id;
  placed.customer_email = o->customer_email;
  placed.currency = o->currency;
  placed.price_minor = o->price_minor;
  placed.payment_option = o->payment_option;
  placed.payment_status = o->payment_status;
  placed.created_at = o->created_at;
  return placed;
}

void CardPayments::discard_order(const std::string& order_id) {
  try {
    ctx_.db.write([&](db::Session& s) {
      // Releases the stock and the bonuses and deletes the order: nothing of it remains.
      orders_.discard(s, order_id);
      s.exec("DELETE FROM payment_events WHERE order_id = ?", {order_id});
    });
  } catch (const std::exception& e) {
    // The expiry pass will cancel it later; the shopper still gets the provider's error.
    log::error("order_discard_failed", {{"order", order_id}, {"what", e.what()}});
  }
}

// ------------------------------------------------------------------------ applying an intent

Applied CardPayments::apply_intent(db::Session& s, const OrderPaymentView& order,
                                   const PaymentIntent& pi, const std::string& source,
                                   int64_t now) {
  auto meta = pi.metadata.find("order_id");
  bool matches = (meta != pi.metadata.end() && meta->second == order.id) &&
                 order.payment_intent_id && *order.payment_intent_id == pi.id &&
                 pi.amount == order.price_minor && pi.currency == order.currency;
  if (!matches) {
    ledger::add_event(s, order.id,
                      {"mismatch", pi.amount, pi.id, pi.status, source,
                       "intent " + pi.id + " (" + std::to_string(pi.amount) + " " + pi.currency +
                           ") does not match the order"},
                      now);
    log::warn("payment_mismatch", {{"order", order.id}, {"intent", pi.id}});
    return Applied::mismatch;
  }
  if (pi.succeeded()) {
    if (order.payment_status == PaymentStatus::paid ||
        order.payment_status == PaymentStatus::refunded)
      return Applied::already;
    if (order.delivery_status == order::DeliveryStatus::cancelled) {
      ledger::record_received(s, order.id, pi.amount_received, now);
      ledger::add_event(s, order.id,
                        {"late_payment", pi.amount_received, pi.id, std::nullopt, source,
                         std::string("paid after the order was cancelled: refunding")},
                        now);
      return Applied::late_payment;
    }
    // The status change is a compare-and-set: if a concurrent confirmation got there first
    // (PostgreSQL reads committed data per statement), this one is a no-op and records nothing.
    auto change = orders_.set_payment_status(s, order.id, PaymentStatus::paid, system_actor(),
                                             "confirmed by the provider (" + source + ")", now);
    if (!change.changed) return Applied::already;
    ledger::record_received(s, order.id, pi.amount_received, now);
    ledger::add_event(s, order.id,
                      {"paid", pi.amount_received, pi.id, std::nullopt, source, std::nullopt}, now);
    notify::enqueue(s, "order_paid",
                    {order.customer_email, "Wolfix order " + order.number + " is paid",
                     "We received your payment for order " + order.number +
                         ". We will let you know when it is on the way."},
                    "order_paid:" + order.id, now);
    return Applied::paid;
  }
  if (pi.canceled()) {
    if (order.payment_status == PaymentStatus::paid ||
        order.delivery_status == order::DeliveryStatus::cancelled)
      return Applied::already;
    orders_.cancel(s, order.id, system_actor(), std::string("payment canceled at the provider"),
                   now);
    ledger::add_event(
        s, order.id,
        {"canceled", std::nullopt, pi.id, pi.cancellation_reason, source, std::nullopt}, now);
    return Applied::canceled;
  }
  if (pi.failed_attempt()) {
    if (order.payment_status == PaymentStatus::paid ||
        order.payment_status == PaymentStatus::refunded)
      return Applied::already;
    const auto& err = *pi.last_payment_error;
    auto before = ledger::find_order_payment(s, order.id);
    bool same = before && before->last_error_code == err.code &&
                before->last_decline_code == err.decline_code &&
                before->last_error_message == err.message;
    if (order.payment_status == PaymentStatus::pending)
      orders_.set_payment_status(
          s, order.id, PaymentStatus::failed, system_actor(),
          "declined: " + (err.decline_code.empty() ? err.code : err.decline_code), now);
    if (order.payment_status == PaymentStatus::pending || !same) {
      ledger::record_error(s, order.id, err.code, err.decline_code, err.message, now);
      ledger::add_event(
          s, order.id,
          {"failed", pi.amount, pi.id, err.decline_code.empty() ? err.code : err.decline_code,
           source, err.message},
          now);
    }
    return Applied::failed;
  }
  return Applied::in_progress;
}

Applied CardPayments::settle_from_provider(const std::string& order_id, const std::string& source) {
  auto view = ctx_.db.read([&](db::Session& s) { return orders_.payment_view(s, order_id); });
  if (!view || !view->payment_intent_id) return Applied::in_progress;
  auto pi = gateway_.retrieve_intent(*view->payment_intent_id);
  Applied applied = ctx_.db.write([&](db::Session& s) {
    // Re-read inside the transaction: a webhook may have settled it meanwhile.
    auto fresh = orders_.payment_view(s, order_id);
    return apply_intent(s, *fresh, pi, source, ctx_.clock.now_ms());
  });
  if (applied == Applied::late_payment) refund_late_payment(order_id, source);
  return applied;
}

// -------------------------------------------------------------------------- PATCH .../paid

void CardPayments::confirm_paid(const order::Actor& actor, const std::string& order_id) {
  auto view = ctx_.db.read([&](db::Session& s) { return orders_.payment_view(s, order_id); });
  if (!view) throw not_found("Order with id: " + order_id + " not found");
  if (actor.kind != order::ActorKind::customer || view->customer_id != actor.id)
    throw forbidden("This is not your order");
  if (view->payment_option != PaymentOption::card)
    throw conflict("not_a_card_order", "This order is paid on delivery, not by card");
  if (view->payment_status == PaymentStatus::paid) return;  // a second call is harmless
  if (view->payment_status == PaymentStatus::refunded)
    throw conflict("order_refunded", "This order's payment has been refunded");
  if (!view->payment_intent_id)
    throw conflict("no_payment_intent", "This order has no payment to confirm");

  PaymentIntent pi;
  try {
    pi = gateway_.retrieve_intent(*view->payment_intent_id);
  } catch (const ProviderUnavailable& e) {
    throw provider_unavailable(e, "checking the payment");
  } catch (const ProviderError& e) {
    throw provider_refused(e, "to show the payment");
  }
  int64_t now = ctx_.clock.now_ms();
  Applied applied = ctx_.db.write([&](db::Session& s) {
    auto fresh = orders_.payment_view(s, order_id);
    return apply_intent(s, *fresh, pi, "client", now);
  });
  switch (applied) {
    case Applied::paid:
      return;
    case Applied::already:
      if (pi.succeeded()) return;
      break;
    case Applied::late_payment:
      refund_late_payment(order_id, "client");
      throw conflict("order_expired",
                     "This order expired before the payment arrived; the payment is refunded");
    case Applied::mismatch:
      throw conflict("payment_mismatch",
                     "The payment does not match this order and was not accepted");
    case Applied::canceled:
      throw conflict("payment_canceled", "The payment was canceled; the order is cancelled");
    case Applied::failed:
    case Applied::in_progress:
      break;
  }
  if (pi.failed_attempt()) {
    const auto& err = *pi.last_payment_error;
    std::string code = err.code.empty() ? "card_declined" : err.code;
    throw ApiError(402, code, err.message.empty() ? "Your card was declined." : err.message)
        .with("declineCode", err.decline_code.empty() ? code : err.decline_code)
        .with("paymentStatus", static_cast<int>(PaymentStatus::failed))
        .with("intentStatus", pi.status);
  }
  if (pi.canceled()) throw conflict("payment_canceled", "The payment was canceled");
  throw ApiError(409, "payment_not_completed",
                 "The payment is not completed yet (" + pi.status + ")")
      .with("intentStatus", pi.status);
}

// -------------------------------------------------------------------------------- webhooks

std::string CardPayments::handle_webhook(const std::string& raw_body,
                                         const std::string& signature_header) {
  int64_t now = ctx_.clock.now_ms();
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
  // A redelivery of an event already applied costs one read and no provider call.
  bool seen = ctx_.db.read([&](db::Session& s) {
    return s.query_one("SELECT 1 FROM webhook_events WHERE event_id = ?", {event.id}).has_value();
  });
  if (seen) return "duplicate";
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
  struct Outcome {
    std::string outcome;
    std::vector<std::string> late_orders;  // of the committed attempt only
  };
  auto applied = ctx_.db.write([&](db::Session& s) {
    // The dedup row and the state change commit together or not at all, so two concurrent
    // deliveries of one event apply it once.
    Outcome a;
    if (!ledger::remember_webhook(s, event.id, event.type, event.object_id, "", "processing",
                                  now)) {
      a.outcome = "duplicate";
      return a;
    }
    a.outcome = apply_event(s, event, current, now, a.late_orders);
    s.exec("UPDATE webhook_events SET outcome = ? WHERE event_id = ?", {a.outcome, event.id});
    return a;
  });
  for (const auto& id : applied.late_orders) refund_late_payment(id, "webhook");
  return applied.outcome;
}

std::string CardPayments::apply_event(db::Session& s, const Event& e,
                                      const std::optional<PaymentIntent>& current, int64_t now,
                                      std::vector<std::string>& late_orders) {
  auto order_for_intent = [&](const std::string& intent_id,
                              const Metadata* meta) -> std::optional<OrderPaymentView> {
    if (meta) {
      auto it = meta->find("order_id");
      if (it != meta->end())
        if (auto v = orders_.payment_view(s, it->second)) return v;
    }
    if (intent_id.empty()) return std::nullopt;
    return orders_.find_by_payment_intent(s, intent_id);
  };
  auto record = [&](const OrderPaymentView& o, const std::string& kind,
                    std::optional<int64_t> amount, const std::string& code) {
    ledger::add_event(s, o.id, {"webhook:" + kind, amount, e.id, code, "webhook", std::nullopt},
                      now);
    s.exec("UPDATE webhook_events SET order_id = ? WHERE event_id = ?", {o.id, e.id});
  };

  if (e.payment_intent) {
    const auto& pi = *e.payment_intent;
    auto order = order_for_intent(pi.id, &pi.metadata);
    if (!order) return "unknown_order";
    if (!order->payment_intent_id) {
      // Our checkout has not attached the intent yet: fail so the provider redelivers later.
      throw ApiError(503, "order_not_ready", "The order for this payment is not ready yet");
    }
    record(*order, e.type, pi.amount, pi.status);
    // apply_intent() only moves forward, so a stale event can never undo a later state.
    Applied a =
        apply_intent(s, *order, current && current->id == pi.id ? *current : pi, "webhook", now);
    if (a == Applied::late_payment) late_orders.push_back(order->id);
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
  }
  if (e.charge) {
    const auto& ch = *e.charge;
    auto order = order_for_intent(ch.payment_intent, &ch.metadata);
    if (!order) return "unknown_order";
    // A dashboard refund changes the order's refunds too: the same lock, then a fresh look.
    ledger::lock_order_payment(s, order->id);
    order = orders_.payment_view(s, order->id);
    if (!order) return "unknown_order";
    record(*order, e.type, ch.amount_refunded, "");
    auto pay = ledger::find_order_payment(s, order->id);
    if (!pay) return "no_payment";
    // Refunds made outside Wolfix (the provider's dashboard): whatever the provider has
    // refunded beyond what we know of becomes a refund row.
    int64_t known = ledger::refunds_total(s, order->id);
    if (ch.amount_refunded > known) {
      int64_t extra = ch.amount_refunded - known;
      ledger::insert_refund(s,
                            {new_uuid_v7(), order->id, std::nullopt, extra,
                             std::string("made at the provider"), "succeeded", "provider", 0},
                            "Provider", "", now);
      s.exec(
          "UPDATE order_payments SET refunded_minor = CASE WHEN refunded_minor + ? > "
          "received_minor THEN received_minor ELSE refunded_minor + ? END, updated_at = ? WHERE "
          "order_id = ?",
          {extra, extra, now, order->id});
      ledger::add_event(s, order->id,
                        {"refunded", extra, ch.id, "provider", "webhook", std::nullopt}, now);
    }
    if (ch.refunded || ch.amount_refunded >= pay->received_minor) {
      if (order->payment_status == PaymentStatus::paid) {
        orders_.set_payment_status(s, order->id, PaymentStatus::refunded, system_actor(),
                                   std::string("refunded at the provider"), now);
        if (order->delivery_status != order::DeliveryStatus::cancelled)
          restock_remaining(s, order->id);
      }
      return "refunded";
    }
    return "partially_refunded";
  }
  if (e.refund) {
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
    if (re.status == row->status) return "no_change";
    if (row->status == "pending" &&
        (re.status == "succeeded" || re.status == "failed" || re.status == "canceled")) {
      // A refund the provider had accepted as pending has ended: the route's own path applies it.
      settle_refund(s, row->id, row->order_id, row->amount_minor, re, "webhook", now);
      return "refund_" + re.status;
    }
    if ((re.status == "failed" || re.status == "canceled") && row->status != "failed" &&
        row->status != "canceled") {
      auto before = ledger::update_refund(s, row->id, re.status, re.id, now);
      if (!before) return "no_change";  // changed concurrently
      if (before->status == "succeeded") {
        reverse_refund(s, *before, re, "webhook", now);
        return "refund_reversed";
      }
      release_refund(s, row->id, row->order_id, row->amount_minor, now);
      ledger::add_event(
          s, row->order_id,
          {"refund_failed", row->amount_minor, re.id, re.failure_reason, "webhook", std::nullopt},
          now);
    }
    return "refund_" + re.status;
  }
  if (e.dispute) {
    const auto& dp = *e.dispute;
    auto order = order_for_intent(dp.payment_intent, nullptr);
    if (!order) return "unknown_order";
    record(*order, e.type, dp.amount, dp.status);
    auto previous =
        ledger::upsert_dispute(s, {dp.id, order->id, dp.amount, dp.reason, dp.status}, now);
    if (previous && *previous == dp.status) return "no_change";
    ledger::add_event(
        s, order->id,
        {"dispute_" + dp.status, dp.amount, dp.id, dp.reason, "webhook", std::nullopt}, now);
    // A lost dispute takes the money back: it counts as refunded and the order is Refunded.
    // The goods are with the customer, so nothing is restocked.
    if (dp.status == "lost" && order->payment_status == PaymentStatus::paid) {
      ledger::record_dispute_loss(s, order->id, dp.amount, now);
      ledger::add_event(
          s, order->id,
          {"refunded", dp.amount, dp.id, std::string("dispute_lost"), "webhook", std::nullopt},
          now);
      orders_.set_payment_status(s, order->id, PaymentStatus::refunded, system_actor(),
                                 std::string("dispute lost"), now);
    }
    return "dispute_" + dp.status;
  }
  return "ignored";
}

// --------------------------------------------------------------------------------- refunds

std::string CardPayments::refund(const order::Actor& actor, const std::string& order_id,
                                 const RefundRequest& request) {
  int64_t now = ctx_.clock.now_ms();
  // Step 1, one transaction: check, then reserve the money against what was received and the
  // units against each line's ordered quantity (conditional updates, so concurrent refunds can
  // exceed neither), and write the refund row that names the provider call's idempotency key.
  struct Reserved {
    std::string refund_id;
    std::string intent_id;
    int64_t amount = 0;
    bool resumed = false;
  };
  Reserved r = ctx_.db.write([&](db::Session& s) {
    // Lock the order's payment row first, so everything read below is current: a webhook that
    // refunded the order meanwhile (a lost dispute, a dashboard refund) shows as not Paid
    // rather than as money that is mysteriously gone.
    ledger::lock_order_payment(s, order_id);
    auto view = orders_.payment_view(s, order_id);
    if (!view) throw not_found("Order with id: " + order_id + " not found");
    auto lines = order::store::refund_state_of(s, order_id);
    bool admin = is_admin(actor);
    bool own_all = !lines.empty(), own_any = false;
    for (const auto& l : lines) {
      bool own = actor.kind == order::ActorKind::seller && l.seller_id == actor.id;
      own_all = own_all && own;
      own_any = own_any || own;
    }
    if (!admin && !own_any)
      throw forbidden("Only an admin or a seller of this order's items may refund it");
    if (!admin && request.items.empty() && !own_all)
      throw forbidden(
          "This order also holds other sellers' items: list the items of yours to refund");
    if (view->payment_option != PaymentOption::card)
      throw conflict("not_a_card_order", "Only card payments can be refunded through Wolfix");
    if (view->payment_status != PaymentStatus::paid)
      throw conflict("not_refundable", "Only a paid order can be refunded (this one is " +
                                           std::string(order::name_of(view->payment_status)) + ")");
    auto pay = ledger::find_order_payment(s, order_id);
    if (!pay) throw conflict("not_refundable", "This order has no card payment");
    int exp = currency_exponent(pay->currency);

    // Which units of which lines (the same product on several lines fills them in order).
    FieldErrors errors;
    std::vector<ledger::RefundItem> picked;
    std::map<std::string, int64_t> wanted;  // product id -> units asked for
    int64_t items_value = 0;
    std::optional<std::pair<std::string, int64_t>> short_of;  // product, units still refundable
    for (std::size_t i = 0; i < request.items.size(); ++i) {
      const auto& it = request.items[i];
      std::string field = "items[" + std::to_string(i) + "].productId";
      bool found = false;
      int64_t need = it.quantity, free = 0;
      for (const auto& l : lines) {
        if (l.product_id != it.product_id) continue;
        found = true;
        if (!admin && l.seller_id != actor.id)
          throw forbidden("You can refund only the lines of your own products (" + it.product_id +
                          " is another seller's)");
        int64_t available = l.quantity - l.refunded_quantity;
        free += available;
        int64_t take = std::min(need, available);
        if (take <= 0) continue;
        picked.push_back({l.item_id, l.product_id, take, take * l.unit_price_minor});
        items_value += take * l.unit_price_minor;
        need -= take;
      }
      if (!found) {
        errors[field].push_back("This order has no line with product " + it.product_id);
        continue;
      }
      wanted[it.product_id] += it.quantity;
      if (need > 0 && !short_of) short_of = std::make_pair(it.product_id, free);
    }
    if (!errors.empty()) throw validation_failed(std::move(errors));

    int64_t left = pay->received_minor - pay->refunded_minor;
    // The same request again after its provider call went unanswered resumes that refund.
    for (const auto& p : ledger::unanswered_refunds(s, order_id)) {
      std::map<std::string, int64_t> had;
      for (const auto& i : ledger::refund_items_of(s, p.id)) had[i.product_id] += i.quantity;
      bool same_items = had == wanted;
      bool same_amount =
          request.amount ? *request.amount == p.amount_minor : (!wanted.empty() || left == 0);
      if (same_items && same_amount && ledger::mark_unanswered(s, p.id, false))
        return Reserved{p.id, pay->intent_id, p.amount_minor, true};
    }

    if (short_of)
      throw ApiError(409, "quantity_too_large",
                     "At most " + std::to_string(short_of->second) + " unit(s) of product " +
                         short_of->first + " can still be refunded")
          .with("productId", short_of->first)
          .with("refundableQuantity", short_of->second);
    if (!picked.empty() && request.amount && *request.amount > items_value)
      throw ApiError(400, "amount_exceeds_items",
                     "The amount may not exceed the listed items' value (" +
                         format_minor(items_value, exp) + ")",
                     {{"amount", {"must not exceed " + format_minor(items_value, exp)}}})
          .with("itemsAmount", ErrorValue::money(items_value, exp));
    int64_t want = request.amount.value_or(picked.empty() ? left : std::min(items_value, left));
    if (want <= 0 || left <= 0)
      throw conflict("nothing_to_refund", "Everything paid for this order is already refunded");
    if (want > left)
      throw ApiError(409, "amount_too_large",
                     "At most " + format_minor(left, exp) + " can still be refunded")
          .with("refundable", ErrorValue::money(left, exp));
    if (!ledger::reserve_refund(s, order_id, want, now))
      throw conflict("amount_too_large", "The refund exceeds what was paid");
    for (const auto& i : picked)
      if (!order::store::reserve_line_refund(s, i.order_item_id, i.quantity))
        throw conflict("quantity_too_large",
                       "Product " + i.product_id + " was refunded meanwhile; try again");
    std::string refund_id = new_uuid_v7();
    ledger::insert_refund(
        s, {refund_id, order_id, std::nullopt, want, request.reason, "pending", "api", 0},
        actor.role, actor.id, now);
    ledger::insert_refund_items(s, refund_id, picked);
    return Reserved{refund_id, pay->intent_id, want, false};
  });

  // Step 2: the provider, outside any transaction, with a key that names our refund row.
  send_refund(r.refund_id, order_id, r.intent_id, r.amount, actor.role);
  return r.refund_id;
}

void CardPayments::send_refund(const std::string& refund_id, const std::string& order_id,
                               const std::string& intent_id, int64_t amount,
                               const std::string& source) {
  CreateRefund params;
  params.payment_intent = intent_id;
  params.amount = amount;
  params.metadata = {{"order_id", order_id}, {"refund_id", refund_id}};
  Refund provider_refund;
  try {
    provider_refund = gateway_.create_refund(params, "wolfix-refund-" + refund_id);
  } catch (const ProviderError& e) {
    // A definite refusal: the reservation goes back and nothing changed.
    ctx_.db.write([&](db::Session& s) {
      int64_t now = ctx_.clock.now_ms();
      auto before = ledger::update_refund(s, refund_id, "failed", std::nullopt, now);
      if (!before || before->status != "pending") return;
      release_refund(s, refund_id, order_id, amount, now);
      ledger::add_event(
          s, order_id,
          {"refund_failed", amount, std::nullopt, e.code(), source, std::string(e.what())}, now);
    });
    throw provider_refused(e, "the refund");
  } catch (const ProviderUnavailable& e) {
    // Unknown whether it happened: the row stays pending (money and units reserved). The same
    // request sent again, or the reconciler, retries with the same key, which never refunds
    // twice.
    ctx_.db.write([&](db::Session& s) {
      int64_t now = ctx_.clock.now_ms();
      ledger::mark_unanswered(s, refund_id, true);
      ledger::add_event(
          s, order_id,
          {"refund_unanswered", amount, std::nullopt, e.code(), source, std::string(e.what())},
          now);
    });
    throw provider_unavailable(e, "refunding; send the same refund again or it will be retried")
        .with("refundId", refund_id);
  }
  finish_refund(refund_id, order_id, amount, provider_refund, source);
}

void CardPayments::finish_refund(const std::string& refund_id, const std::string& order_id,
                                 int64_t amount, const Refund& pr, const std::string& source) {
  int64_t now = ctx_.clock.now_ms();
  ctx_.db.write([&](db::Session& s) {
    if (pr.status == "pending" || pr.status == "requires_action") {
      // Accepted, not done: money and units stay reserved, and nothing is restocked until the
      // provider's refund.updated (or the reconciler's look at the refund) says how it ended.
      if (s.exec("UPDATE refunds SET provider_refund_id = ?, unanswered = 0, updated_at = ? "
                 "WHERE id = ? AND status = 'pending' AND provider_refund_id IS NULL",
                 {pr.id, now, refund_id}) == 1)
        ledger::add_event(s, order_id,
                          {"refund_pending", amount, pr.id, pr.status, source, std::nullopt}, now);
      return;
    }
    settle_refund(s, refund_id, order_id, amount, pr, source, now);
  });
}

void CardPayments::settle_refund(db::Session& s, const std::string& refund_id,
                                 const std::string& order_id, int64_t amount, const Refund& pr,
                                 const std::string& source, int64_t now) {
  // The payment row's lock first (as the route and a reversal take it): a reversal of another
  // refund of this order then runs wholly before or after this, and each reads the other's
  // restocked units and succeeded refunds rather than half of them.
  ledger::lock_order_payment(s, order_id);
  auto current = ledger::find_refund(s, refund_id);
  if (!current || current->status != "pending") return;  // finished by someone else
  bool failed = pr.status == "failed" || pr.status == "canceled";
  auto before = ledger::update_refund(s, refund_id, failed ? pr.status : "succeeded", pr.id, now);
  if (!before || before->status != "pending") return;  // finished by someone else
  if (failed) {
    release_refund(s, refund_id, order_id, amount, now);
    ledger::add_event(s, order_id,
                      {"refund_failed", amount, pr.id, pr.failure_reason, source, std::nullopt},
                      now);
    return;
  }
  ledger::add_event(s, order_id, {"refunded", amount, pr.id, pr.reason, source, std::nullopt}, now);
  auto view = orders_.payment_view(s, order_id);
  if (!view) return;
  // A cancelled order (an expired one paid late) gave its stock back when it was cancelled.
  bool stock_back_already = view->delivery_status == order::DeliveryStatus::cancelled;
  if (!stock_back_already) restock_items(s, ledger::refund_items_of(s, refund_id));
  auto pay = ledger::find_order_payment(s, order_id);
  bool full = pay && ledger::refunded_total(s, order_id) >= pay->received_minor;
  if (full && view->payment_status != PaymentStatus::refunded) {
    // Failed (expired) -> Paid -> Refunded keeps the status machine's rules.
    if (view->payment_status != PaymentStatus::paid)
      orders_.set_payment_status(s, order_id, PaymentStatus::paid, system_actor(),
                                 std::string("paid after the order was cancelled"), now);
    orders_.set_payment_status(s, order_id, PaymentStatus::refunded, system_actor(),
                               std::string("refunded in full"), now);
    if (!stock_back_already) restock_remaining(s, order_id);
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
                                  const std::string& source, int64_t now) {
  const std::string& order_id = before.order_id;
  release_refund(s, before.id, order_id, before.amount_minor, now);
  ledger::add_event(s, order_id,
                    {"refund_reversed", before.amount_minor, pr.id, pr.failure_reason, source,
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
  for (const auto& l : order::store::refund_state_of(s, order_id)) {
    auto k = kept.find(l.item_id);
    int64_t excess = l.restocked_quantity - (k == kept.end() ? 0 : k->second);
    if (excess <= 0 || !order::store::unclaim_line_restock(s, l.item_id, excess)) continue;
    int64_t taken = catalog::take_back(s, l.product_id, excess);
    if (taken < excess)
      ledger::add_event(
          s, order_id,
          {"restock_shortfall", std::nullopt, pr.id, std::string("stock_shortfall"), source,
           "product " + l.product_id + ": " + std::to_string(excess) +
               " units to take back out of stock, only " + std::to_string(taken) + " left"},
          now);
  }
}

void CardPayments::refund_late_payment(const std::string& order_id, const std::string& source) {
  // Policy: money that arrives for an order already cancelled (expired, stock released) is
  // returned in full; the stock may be gone and the shopper has been told the order expired.
  struct Reserved {
    std::string refund_id, intent_id;
    int64_t amount = 0;
  };
  auto r = ctx_.db.write([&](db::Session& s) -> std::optional<Reserved> {
    auto pay = ledger::find_order_payment(s, order_id);
    if (!pay || pay->received_minor <= 0) return std::nullopt;
    if (s.query_one("SELECT id FROM refunds WHERE order_id = ? AND source = 'late_payment'",
                    {order_id}))
      return std::nullopt;  // already under way (the reconciler retries it if unanswered)
    Reserved res{new_uuid_v7(), pay->intent_id, pay->received_minor - pay->refunded_minor};
    if (res.amount <= 0 || !ledger::reserve_refund(s, order_id, res.amount, ctx_.clock.now_ms()))
      return std::nullopt;
    ledger::insert_refund(
        s,
        {res.refund_id, order_id, std::nullopt, res.amount,
         std::string("order expired before payment"), "pending", "late_payment", 0},
        "System", "", ctx_.clock.now_ms());
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

// ------------------------------------------------------------------------------ reading

std::string CardPayments::payment_json(const order::Actor& actor, const std::string& order_id) {
  return ctx_.db.read([&](db::Session& s) {
    auto view = orders_.payment_view(s, order_id);
    if (!view) throw not_found("Order with id: " + order_id + " not found");
    bool allowed = is_admin(actor) ||
                   (actor.kind == order::ActorKind::customer && actor.id == view->customer_id) ||
                   (actor.kind == order::ActorKind::seller &&
                    order::store::seller_has_items(s, order_id, actor.id));
    if (!allowed) throw forbidden("This is not your order");
    auto pay = ledger::find_order_payment(s, order_id);
    int exp = currency_exponent(view->currency);
    JsonWriter w;
    w.begin_object()
        .field("orderId", view->id)
        .field("paymentOption", static_cast<int>(view->payment_option))
        .field("paymentStatus", static_cast<int>(view->payment_status))
        .field("currency", view->currency)
        .money_field("amount", view->price_minor, exp);
    if (pay) {
      w.field("paymentIntentId", pay->intent_id)
          .money_field("received", pay->received_minor, exp)
          .money_field("refunded", pay->refunded_minor, exp);
      if (pay->last_error_code) {
        w.key("lastError").begin_object().field("code", *pay->last_error_code);
        if (pay->last_decline_code) w.field("declineCode", *pay->last_decline_code);
        if (pay->last_error_message) w.field("message", *pay->last_error_message);
        w.end_object();
      }
    }
    // Per order line: what can still be refunded by items, and what went back to stock.
    w.key("lines").begin_array();
    for (const auto& l : order::store::refund_state_of(s, order_id))
      w.begin_object()
          .field("productId", l.product_id)
          .field("quantity", l.quantity)
          .money_field("unitPrice", l.unit_price_minor, exp)
          .field("refundedQuantity", l.refunded_quantity)
          .field("restockedQuantity", l.restocked_quantity)
          .end_object();
    w.end_array();
    w.key("refunds").begin_array();
    for (const auto& r : ledger::refunds_of(s, order_id)) {
      w.begin_object()
          .field("id", r.id)
          .money_field("amount", r.amount_minor, exp)
          .field("status", r.status)
          .field("source", r.source)
          .optional_field("reason", r.reason ? &*r.reason : nullptr)
          .field("createdAt", iso8601_utc(r.created_at));
      w.key("items").begin_array();
      for (const auto& i : ledger::refund_items_of(s, r.id))
        w.begin_object()
            .field("productId", i.product_id)
            .field("quantity", i.quantity)
            .money_field("amount", i.amount_minor, exp)
            .end_object();
      w.end_array().end_object();
    }
    w.end_array();
    w.key("history").raw(ledger::events_json(s, order_id));
    w.end_object();
    return w.take();
  });
}

// ------------------------------------------------------------------------- background jobs

int CardPayments::expire_unpaid() {
  int64_t now = ctx_.clock.now_ms();
  auto ids = ctx_.db.read([&](db::Session& s) {
    return orders_.unpaid_card_orders(s, now - settings_.expire_after_ms, 100);
  });
  int settled = 0;
  for (const auto& id : ids) {
    try {
      auto view = ctx_.db.read([&](db::Session& s) { return orders_.payment_view(s, id); });
      if (!view) continue;
      if (view->payment_intent_id) {
        // Cancel at the provider first: once canceled, the intent can never take money, so
        // releasing the stock is safe. If it already succeeded, the order is paid instead.
        try {
          gateway_.cancel_intent(*view->payment_intent_id, "abandoned", intent_key(id) + "-expire");
        } catch (const ProviderError&) {
          // e.g. payment_intent_unexpected_state: decide on its current state below.
        }
        auto pi = gateway_.retrieve_intent(*view->payment_intent_id);
        if (!pi.canceled()) {
          if (settle_from_provider(id, "expiry") != Applied::in_progress) ++settled;
          continue;  // not canceled (e.g. succeeded or processing): never expire it
        }
      }
      ctx_.db.write([&](db::Session& s) {
        auto fresh = orders_.payment_view(s, id);
        if (!fresh || fresh->payment_status == PaymentStatus::paid ||
            fresh->delivery_status == order::DeliveryStatus::cancelled)
          return;
        orders_.cancel(s, id, system_actor(), std::string("unpaid card order expired"),
                       ctx_.clock.now_ms());
        ledger::add_event(s, id,
                          {"expired", std::nullopt, fresh->payment_intent_id, std::nullopt,
                           "expiry", std::nullopt},
                          ctx_.clock.now_ms());
      });
      ++settled;
    } catch (const std::exception& e) {
      log::warn("expiry_failed", {{"order", id}, {"what", e.what()}});  // next pass retries
    }
  }
  return settled;
}

int CardPayments::reconcile() {
  int64_t now = ctx_.clock.now_ms();
  int settled = 0;
  // Pending orders whose webhook has not come: ask the provider.
  auto ids = ctx_.db.read([&](db::Session& s) {
    return orders_.unpaid_card_orders(s, now - settings_.reconcile_after_ms, 100);
  });
  for (const auto& id : ids) {
    try {
      auto a = settle_from_provider(id, "reconciler");
      if (a != Applied::in_progress && a != Applied::already) ++settled;
    } catch (const std::exception& e) {
      log::warn("reconcile_failed", {{"order", id}, {"what", e.what()}});
    }
  }
  // Refunds whose provider call had no answer: retry with the same key (never twice), and
  // apply the answer through finish_refund() like the route does.
  auto pending =
      ctx_.db.read([&](db::Session& s) { return ledger::pending_refunds(s, now - 60'000, 50); });
  for (const auto& r : pending) {
    try {
      auto pay =
          ctx_.db.read([&](db::Session& s) { return ledger::find_order_payment(s, r.order_id); });
      if (!pay) continue;
      if (r.provider_refund_id) {
        // Accepted as pending by the provider: see how it ended.
        finish_refund(r.id, r.order_id, r.amount_minor,
                      gateway_.retrieve_refund(*r.provider_refund_id), "reconciler");
        continue;
      }
      send_refund(r.id, r.order_id, pay->intent_id, r.amount_minor, "reconciler");
      ++settled;
    } catch (const std::exception& e) {
      log::warn("refund_retry_failed", {{"refund", r.id}, {"what", e.what()}});
    }
  }
  settled += recheck_succeeded_refunds(now);
  return settled;
}

// A card refund can go from succeeded to failed days later (a closed or lost card), and only
// an event says so. Refunds of the last refund_recheck_window_ms are asked about again, each at
// most once per refund_recheck_every_ms and a few per pass, so a lost refund.updated is found
// within hours at a small, bounded cost in provider calls; older ones are left to the
// provider's events and the dashboard. A failed answer goes through the webhook's reversal.
int CardPayments::recheck_succeeded_refunds(int64_t now) {
  auto due = ctx_.db.read([&](db::Session& s) {
    return ledger::succeeded_refunds_to_recheck(s, now - settings_.refund_recheck_window_ms,
                                                now - settings_.refund_recheck_every_ms, 20);
  });
  int reversed = 0;
  for (const auto& r : due) {
    std::optional<Refund> pr;
    try {
      pr = gateway_.retrieve_refund(*r.provider_refund_id);
    } catch (const std::exception& e) {
      log::warn("refund_recheck_failed", {{"refund", r.id}, {"what", e.what()}});
    }
    try {
      // Counted after the commit: a retried attempt must not count twice.
      bool did_reverse = ctx_.db.write([&](db::Session& s) {
        ledger::lock_order_payment(s, r.order_id);
        auto row = ledger::find_refund(s, r.id);
        if (!row || row->status != "succeeded") return false;
        if (pr && (pr->status == "failed" || pr->status == "canceled")) {
          auto before = ledger::update_refund(s, r.id, pr->status, pr->id, now);
          if (before && before->status == "succeeded") {
            reverse_refund(s, *before, *pr, "reconciler", now);
            return true;
          }
          return false;
        }
        // Still succeeded (or the provider could not say): next look after the interval.
        ledger::mark_refund_checked(s, r.id, now);
        return false;
      });
      if (did_reverse) ++reversed;
    } catch (const std::exception& e) {
      log::warn("refund_recheck_failed", {{"refund", r.id}, {"what", e.what()}});
    }
  }
  return reversed;
}

}  // namespace wolfix::payment
