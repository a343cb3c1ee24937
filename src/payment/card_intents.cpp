// An intent's state applied to its order (every path that learns one goes through
// apply_intent), and the client's PATCH /paid that asks the provider.
#include "common/log.hpp"
#include "notify/outbox.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"
#include "payment/model.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

Applied CardPayments::apply_intent(db::Session& s, const OrderPaymentView& order,
                                   const PaymentIntent& pi, HistorySource source, int64_t now) {
  switch (decide_intent(order, pi)) {
    case IntentStep::mismatch:
      ledger::add_event(s, order.id,
                        {HistoryKind::mismatch, pi.amount, pi.id, pi.status, source,
                         "intent " + pi.id + " (" + std::to_string(pi.amount) + " " + pi.currency +
                             ") does not match the order"},
                        now);
      return Applied::mismatch;  // logged by the caller, after the commit
    case IntentStep::already:
      return Applied::already;
    case IntentStep::late_payment:
      ledger::record_received(s, order.id, pi.amount_received, now);
      ledger::add_event(s, order.id,
                        {HistoryKind::late_payment, pi.amount_received, pi.id, std::nullopt, source,
                         std::string("paid after the order was cancelled: refunding")},
                        now);
      return Applied::late_payment;
    case IntentStep::mark_paid: {
      // The status change is a compare-and-set: if a concurrent confirmation got there first
      // (PostgreSQL reads committed data per statement), this one is a no-op and records nothing.
      std::string note = "confirmed by the provider (" + std::string(to_string(source)) + ")";
      auto change =
          orders_.set_payment_status(s, order, PaymentStatus::paid, system_actor(), note, now);
      if (!change.changed) return Applied::already;
      // Also the order's "paid" history entry (ledger::events_of).
      ledger::record_paid(s, order.id, pi.amount_received, source, now);
      notify::enqueue_later(s, "order_paid",
                            {order.customer_email, "Wolfix order " + order.number + " is paid",
                             "We received your payment for order " + order.number +
                                 ". We will let you know when it is on the way."},
                            "order_paid:" + order.id, now);
      return Applied::paid;
    }
    case IntentStep::cancel:
      orders_.cancel(s, order.id, system_actor(), std::string("payment canceled at the provider"),
                     now);
      ledger::add_event(s, order.id,
                        {HistoryKind::canceled, std::nullopt, pi.id, pi.cancellation_reason, source,
                         std::nullopt},
                        now);
      return Applied::canceled;
    case IntentStep::record_failure: {
      const auto& err = *pi.last_payment_error;
      auto before = ledger::find_order_payment(s, order.id);
      bool same = before && before->last_error_code == err.code &&
                  before->last_decline_code == err.decline_code &&
                  before->last_error_message == err.message;
      if (order.payment_status == PaymentStatus::pending)
        orders_.set_payment_status(
            s, order, PaymentStatus::failed, system_actor(),
            "declined: " + (err.decline_code.empty() ? err.code : err.decline_code), now);
      if (order.payment_status == PaymentStatus::pending || !same) {
        ledger::record_error(s, order.id, err.code, err.decline_code, err.message, now);
        ledger::add_event(
            s, order.id,
            {HistoryKind::failed, pi.amount, pi.id,
             err.decline_code.empty() ? err.code : err.decline_code, source, err.message},
            now);
      }
      return Applied::failed;
    }
    case IntentStep::in_progress:
      break;
  }
  return Applied::in_progress;
}

Applied CardPayments::settle_from_provider(const std::string& order_id, HistorySource source) {
  auto view = db_.read([&](db::Session& s) { return orders_.payment_view(s, order_id); });
  if (!view || !view->payment_intent_id) return Applied::in_progress;
  auto pi = gateway_.retrieve_intent(*view->payment_intent_id);
  Applied applied = db_.write([&](db::Session& s) {
    // Re-read inside the transaction: a webhook may have settled it meanwhile.
    auto fresh = orders_.payment_view(s, order_id);
    return apply_intent(s, *fresh, pi, source, clock_.now_ms());
  });
  if (applied == Applied::mismatch)
    log::warn("payment_mismatch", {{"order", order_id}, {"intent", pi.id}});
  if (applied == Applied::late_payment) refund_late_payment(order_id, source);
  return applied;
}

// -------------------------------------------------------------------------- PATCH .../paid

void CardPayments::confirm_paid(const Actor& actor, const std::string& order_id) {
  // Its read, the sandbox's and its transaction, in a row on this thread: one connection.
  db::Database::Pin pin(db_, gateway_.answers_on_this_thread());
  // An order this node checked out is known without a read: all but its statuses for good, and
  // its statuses are checked inside the transaction below. One known paid is read: a second
  // call must see a refund.
  auto hint = hints_.find(order_id);
  if (hint && hint->paid_by_intent) hint.reset();
  std::optional<OrderPaymentView> view;
  if (hint)
    view = hint->view;
  else
    view = db_.read([&](db::Session& s) { return orders_.payment_view(s, order_id); });
  if (!view) throw not_found("Order with id: " + order_id + " not found");
  if (!actor.is(Role::customer) || view->customer_id != actor.id)
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
  int64_t now = clock_.now_ms();
  // The usual answer (the intent succeeded, the order is still pending) is applied to the order
  // as read above: its status change is a compare-and-set on the statuses read, so it applies
  // only if the order is still as it was (its intent, amount and currency never change). On
  // PostgreSQL that transaction is one round trip whose commit checks the compare-and-set
  // (db::ExpectationFailed otherwise); on SQLite a miss fails the attempt (RetryableError). Every
  // later attempt reads the order afresh, and any other decision is made on the order as it is
  // inside the transaction.
  bool reread = decide_intent(*view, pi) != IntentStep::mark_paid;
  auto apply = [&] {
    return db_.write([&](db::Session& s) {
      std::optional<OrderPaymentView> order = view;
      if (reread) {
        order = orders_.payment_view(s, order_id);
        if (!order) throw not_found("Order with id: " + order_id + " not found");
        // What the read before the provider call would have refused, had it not been a hint.
        if (hint && order->payment_status == PaymentStatus::refunded)
          throw conflict("order_refunded", "This order's payment has been refunded");
      } else {
        s.commit_in_one_round_trip();
      }
      reread = true;
      return apply_intent(s, *order, pi, HistorySource::client, now);
    });
  };
  Applied applied;
  try {
    applied = apply();
  } catch (const db::ExpectationFailed&) {
    applied = apply();  // reread is set: the order as it is now
  }
  if (pi.succeeded() && (applied == Applied::paid || applied == Applied::already))
    hints_.paid_by_intent(order_id);
  switch (applied) {
    case Applied::paid:
      return;
    case Applied::already:
      if (pi.succeeded()) return;
      break;
    case Applied::late_payment:
      refund_late_payment(order_id, HistorySource::client);
      throw conflict("order_expired",
                     "This order expired before the payment arrived; the payment is refunded");
    case Applied::mismatch:
      log::warn("payment_mismatch", {{"order", order_id}, {"intent", pi.id}});
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

}  // namespace wolfix::payment
