#pragma once
// The event types POST /webhooks/stripe acts on: what Wolfix's webhook endpoint subscribes to at
// the provider (Stripe's `enabled_events`; the sandbox delivering to this node uses the same
// list). The others cannot change an order: `payment_intent.created`, `.requires_action` and
// `.processing` describe an intent that is not finished, which apply_intent() leaves as it is,
// and the finished state arrives as its own event. Each delivery costs the provider's request,
// a signature check and a database transaction, so the unused ones are not sent at all.
#include <string>
#include <vector>

namespace wolfix::payment {

inline const std::vector<std::string>& webhook_event_types() {
  static const std::vector<std::string> types = {
      "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled",
      "charge.refunded",          "charge.refund.updated",         "refund.created",
      "refund.updated",           "charge.dispute.created",        "charge.dispute.updated",
      "charge.dispute.closed"};
  return types;
}

}  // namespace wolfix::payment
