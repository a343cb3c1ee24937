// Checkout: the order placed with its stock reserved, then the intent, then both tied together;
// a failure at any step leaves no order behind.
#include "common/log.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

idempotency::Outcome<CheckoutAnswer> CardPayments::checkout(
    const order::PlaceOrderInput& input, const Actor& actor,
    const std::optional<idempotency::Claim>& claim,
    const std::function<idempotency::StoredAnswer(const CheckoutAnswer&)>& answer) {
  using Outcome = idempotency::Outcome<CheckoutAnswer>;
  int64_t now = clock_.now_ms();
  // Its transactions and the sandbox's, in a row on this thread: one connection for them all.
  db::Database::Pin pin(db_, gateway_.answers_on_this_thread());

  // Step 1, one transaction: place the order (Pending, stock reserved) and claim the key.
  struct Placed {
    std::optional<Outcome> done;
    order::PlacedOrder order;
  };
  // The order, and what the key stores: the order's id as the claim's note (found by a retry if
  // this request dies before its intent is attached, see below), or the answer when bonuses paid
  // everything (nothing to charge, so no intent).
  // On PostgreSQL the first try places the order on the facts this node remembers, in one round
  // trip with the key (order::OrderService::place); a fact that changed fails it whole
  // (db::ExpectationFailed) and it is tried again the usual way.
  bool as_remembered = true;
  auto place = [&](db::Session& s, auto&& note, auto&& complete) -> Placed {
    auto placed = orders_.place(s, input, actor, PaymentOption::card, now, as_remembered);
    if (placed.price_minor > 0) {
      note(placed.id);
      return {std::nullopt, placed};
    }
    orders_.set_payment_status(s, placed.id, PaymentStatus::paid, system_actor(),
                               std::string("paid in full with bonuses"), now);
    ledger::add_event(
        s, placed.id,
        {HistoryKind::paid, 0, std::nullopt, "bonuses", HistorySource::system, std::nullopt}, now);
    CheckoutAnswer done{placed.id, "", 0, placed.currency};
    complete(answer(done));
    return {Outcome{std::move(done), std::nullopt}, placed};
  };
  auto no_key = [](const auto&) {};
  auto first_try = [&]() -> std::optional<Placed> {
    if (!claim) return db_.write([&](db::Session& s) { return place(s, no_key, no_key); });
    // A new key is the usual case: the order first, then the key stored in progress with its
    // note by one insert sent with the COMMIT. A key already there (a replay, a request in
    // flight or resumable, another request) fails that insert, and a failed placement may be a
    // replay's: either rolls back and the request is decided the careful way below, the claim
    // first, as run_once does for one-step use cases.
    try {
      return db_.write([&](db::Session& s) {
        return place(
            s,
            [&](const std::string& id) {
              idempotency::insert_in_progress_later(s, *claim, id, now);
            },
            [&](const idempotency::StoredAnswer& a) {
              idempotency::insert_answered_later(s, *claim, a, now);
            });
      });
    } catch (const db::UniqueViolation&) {
    } catch (const ApiError&) {
    }
    return std::nullopt;
  };
  std::optional<Placed> first;
  try {
    first = first_try();
  } catch (const db::ExpectationFailed&) {
    // Nothing was written: what the order named is read afresh.
    orders_.forget_remembered(input);
    as_remembered = false;
    first = first_try();
  }
  as_remembered = false;
  Placed step1 = first ? std::move(*first) : db_.write([&](db::Session& s) -> Placed {
    auto outcome = idempotency::claim(s, *claim, now);
    if (outcome.result == idempotency::ClaimResult::replay)
      return {Outcome{std::nullopt, std::move(outcome.answer)}, {}};
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
    return place(
        s, [&](const std::string& id) { idempotency::note_progress(s, *claim, id); },
        [&](const idempotency::StoredAnswer& a) { idempotency::complete(s, *claim, a); });
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
    discard_order_and_key(placed.id, claim);
    throw provider_refused(e, "the payment");
  } catch (const ProviderUnavailable& e) {
    discard_order_and_key(placed.id, claim);
    throw provider_unavailable(e, "creating the payment");
  }

  // Step 3: attach the intent and remember the answer. On PostgreSQL in one round trip that
  // expects the order to have no intent yet; if it has one, the usual way says why.
  Outcome attached;
  try {
    auto attach = [&](bool one_trip) {
      return db_.write([&](db::Session& s) -> Outcome {
        if (one_trip) s.commit_in_one_round_trip();
        orders_.attach_payment_intent(s, placed.id, pi.id, now);
        // The row is also the order's intent_created history entry (ledger::events_of).
        ledger::OrderPayment payment;
        payment.order_id = placed.id;
        payment.intent_id = pi.id;
        payment.client_secret = pi.client_secret;
        payment.amount_minor = pi.amount;
        payment.currency = pi.currency;
        payment.intent_created_status = pi.status;
        ledger::insert_order_payment(s, payment, now);
        CheckoutAnswer done{placed.id, pi.client_secret, placed.price_minor, placed.currency};
        if (claim) idempotency::complete(s, *claim, answer(done));
        return Outcome{std::move(done), std::nullopt};
      });
    };
    try {
      attached = attach(true);
    } catch (const db::ExpectationFailed&) {
      attached = attach(false);
    }
  } catch (...) {
    // The order cannot be paid without its intent: cancel the intent and give the stock back.
    try {
      gateway_.cancel_intent(pi.id, "abandoned", intent_key(placed.id) + "-cancel");
    } catch (const std::exception& e) {
      log::warn("intent_cancel_failed", {{"intent", pi.id}, {"what", e.what()}});
    }
    discard_order_and_key(placed.id, claim);
    throw;
  }
  hints_.checked_out({placed.id, placed.number, placed.customer_id, placed.customer_email,
                      placed.currency, placed.price_minor, PaymentOption::card,
                      placed.payment_status, order::DeliveryStatus::preparing, pi.id,
                      placed.created_at});
  return attached;
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

// The key is let go only with its order: if the order could not be deleted (the database is
// away), the key keeps naming it, so a retry resumes that order (resumable_checkout) or, once the
// expiry pass has cancelled it, starts over; never a second order beside a live one.
void CardPayments::discard_order_and_key(const std::string& order_id,
                                         const std::optional<idempotency::Claim>& claim) {
  try {
    db_.write([&](db::Session& s) {
      // Releases the stock and the bonuses and deletes the order: nothing of it remains.
      orders_.discard(s, order_id);
      ledger::delete_events(s, order_id);
      if (claim) idempotency::release(s, *claim);
    });
  } catch (const std::exception& e) {
    // The expiry pass will cancel it later; the shopper still gets the provider's error.
    log::error("order_discard_failed", {{"order", order_id}, {"what", e.what()}});
  }
}

}  // namespace wolfix::payment
