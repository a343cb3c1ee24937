#pragma once
// The order side of card payments (issue 5): checkout with a PaymentIntent, confirmation
// verified with the provider, webhooks, refunds, expiry and reconciliation. Every path that
// learns an intent's state goes through apply_intent(), so the client's PATCH /paid, the
// webhook and the reconciler converge on the same state and whichever comes second is a no-op.
// One facade, one file per responsibility: card_checkout.cpp, card_intents.cpp (apply_intent,
// PATCH /paid), card_webhooks.cpp (one function per event type), card_refunds.cpp,
// refund_settlement.cpp (money, stock and bonuses following a refund), card_jobs.cpp (expiry,
// reconciler), payments_view.cpp (the read model; payments_json.cpp is its wire format).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/idempotency.hpp"
#include "order/refund_lines.hpp"
#include "order/service.hpp"
#include "payment/gateway.hpp"
#include "payment/history_source.hpp"
#include "payment/ledger.hpp"
#include "payment/model.hpp"
#include "payment/order_hints.hpp"

namespace wolfix::payment {

struct CardSettings {
  int64_t expire_after_ms = 30 * 60 * 1000;    // unpaid card orders are cancelled after this
  int64_t reconcile_after_ms = 2 * 60 * 1000;  // pending orders older than this are checked
  std::vector<std::string> webhook_secrets;    // whsec_... (several while a secret rolls)
  int64_t webhook_tolerance_seconds = 300;
  // Succeeded refunds younger than this are asked about again (a card refund can still fail).
  int64_t refund_recheck_window_ms = 14LL * 24 * 3600 * 1000;
  // ... each at most once per this interval.
  int64_t refund_recheck_every_ms = 6LL * 3600 * 1000;
};

struct CheckoutAnswer {
  std::string order_id;
  std::string client_secret;  // empty when bonuses paid the whole order
  int64_t total_minor = 0;
  std::string currency;
};

// What the payment side knows of one order (GET /api/orders/{id}/payments).
struct RefundWithItems {
  ledger::RefundRow refund;
  std::vector<ledger::RefundItem> items;
};
struct OrderPayments {
  order::OrderPaymentView order;
  std::optional<ledger::OrderPayment> payment;  // none for a cash order
  std::vector<order::LineRefundState> lines;
  std::vector<RefundWithItems> refunds;
  std::vector<ledger::PaymentEvent> history;
};

// What applying an intent's state to its order did.
enum class Applied {
  paid,          // the order became Paid now
  already,       // nothing to change (already Paid/Refunded, or the same failure again)
  failed,        // the last confirmation was declined: the order is Failed, still payable
  in_progress,   // the intent is not finished (requires_action, processing, ...)
  canceled,      // the intent was canceled: the order is cancelled, stock released
  mismatch,      // amount, currency, intent or order id disagree: never accepted as payment
  late_payment,  // money came in for an order that was already cancelled: refunded
};

class CardPayments {
 public:
  CardPayments(db::Database& db, Clock& clock, order::OrderService& orders, Gateway& gateway,
               CardSettings settings)
      : db_(db),
        clock_(clock),
        orders_(orders),
        gateway_(gateway),
        settings_(std::move(settings)) {}

  // POST /api/orders/with-payment. Places the order (Pending, stock reserved), creates the
  // intent (idempotency key derived from the order), attaches it. If the provider fails the
  // order is discarded: no order, no reserved stock, 502/503 with the provider's code.
  // answer(a) is what a replay of the Idempotency-Key is given (the route's wire format).
  idempotency::Outcome<CheckoutAnswer> checkout(
      const order::PlaceOrderInput& input, const Actor& actor,
      const std::optional<idempotency::Claim>& claim,
      const std::function<idempotency::StoredAnswer(const CheckoutAnswer&)>& answer);

  // PATCH /api/orders/{id}/paid: asks the provider; 204 only when it says succeeded.
  void confirm_paid(const Actor& actor, const std::string& order_id);

  // POST /webhooks/stripe: verifies the signature on the raw body, dedups by event id, applies.
  // Returns a short outcome for the answer body; throws ApiError 400 for a bad signature.
  std::string handle_webhook(const std::string& raw_body, const std::string& signature_header);

  // POST /api/orders/{id}/refunds; returns the refund's id. A request whose earlier provider
  // call went unanswered resumes that refund (same idempotency key) instead of adding one.
  std::string refund(const Actor& actor, const std::string& order_id, const RefundRequest& request);

  // GET /api/orders/{id}/payments: refunds, disputes and the payment history, for the order's
  // customer, a seller of its items, or an admin (403 otherwise).
  OrderPayments payments(const Actor& actor, const std::string& order_id);

  // Background passes; each returns how many orders it settled.
  int expire_unpaid();
  int reconcile();

  const CardSettings& settings() const { return settings_; }

 private:
  // In a transaction committing in one round trip (PATCH /paid's usual case) the status change
  // is checked at the commit (order::OrderService::set_payment_status).
  Applied apply_intent(db::Session& s, const order::OrderPaymentView& order,
                       const PaymentIntent& pi, HistorySource source, int64_t now);
  Applied settle_from_provider(const std::string& order_id, HistorySource source);
  void refund_late_payment(const std::string& order_id, HistorySource source);
  // The one place a refund the provider answered is applied, whoever made the call (the route,
  // the late-payment refund, the reconciler): restocks its lines, and on the last of the money
  // moves the order to Refunded and restocks what is left, then notifies the customer. A refund
  // the provider accepted as pending stays pending until refund.updated says how it ended.
  void finish_refund(const std::string& refund_id, const std::string& order_id, int64_t amount,
                     const Refund& provider_refund, HistorySource source);
  // The same inside the caller's transaction, for a provider answer that is final.
  void settle_refund(db::Session& s, const std::string& refund_id, const std::string& order_id,
                     int64_t amount, const Refund& provider_refund, HistorySource source,
                     int64_t now);
  // A refund applied as succeeded that the provider now reports failed (`before` is the row as
  // it was): its money and line quantities return to the refundable pool, the units it put back
  // in stock are taken out again (never below zero; a shortfall goes into the history), and an
  // order that is no longer refunded in full moves from Refunded back to Paid.
  void reverse_refund(db::Session& s, const ledger::RefundRow& before,
                      const Refund& provider_refund, HistorySource source, int64_t now);
  // The reconciler's look at refunds that succeeded recently; returns how many it reversed.
  int recheck_succeeded_refunds(int64_t now);
  // Calls the provider for a refund row already reserved; answers like refund().
  void send_refund(const std::string& refund_id, const std::string& order_id,
                   const std::string& intent_id, int64_t amount, HistorySource source);
  // A webhook's effect inside its transaction: the outcome, and the order it was about when
  // the caller must act after the commit (a late payment to refund, a mismatch to log).
  struct EventOutcome {
    std::string outcome;
    std::optional<std::string> order_id;
  };
  // `current` is the intent as the provider has it now (fetched before the transaction), when
  // the event is about an intent and the provider answered.
  EventOutcome apply_event(db::Session& s, const Event& e,
                           const std::optional<PaymentIntent>& current, int64_t now);
  EventOutcome on_intent_event(db::Session& s, const Event& e,
                               const std::optional<PaymentIntent>& current, int64_t now);
  // A payment_intent.succeeded of an order already paid by that intent: remembered and recorded
  // in one round trip; returns the outcome.
  std::string record_settled(const Event& e, const order::OrderPaymentView& order, int64_t now);
  std::string on_charge_event(db::Session& s, const Event& e, int64_t now);
  std::string on_refund_event(db::Session& s, const Event& e, int64_t now);
  std::string on_dispute_event(db::Session& s, const Event& e, int64_t now);
  std::optional<order::OrderPaymentView> order_for_intent(db::Session& s,
                                                          const std::string& intent_id,
                                                          const Metadata* meta);
  void discard_order_and_key(const std::string& order_id,
                             const std::optional<idempotency::Claim>& claim);
  std::optional<order::PlacedOrder> resumable_checkout(db::Session& s,
                                                       const idempotency::ClaimOutcome& outcome,
                                                       int64_t now);

  db::Database& db_;
  Clock& clock_;
  order::OrderService& orders_;
  Gateway& gateway_;
  CardSettings settings_;
  // The orders this node checked out lately: PATCH /paid and the webhook read them less.
  OrderHints hints_;
};

}  // namespace wolfix::payment
