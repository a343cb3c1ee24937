#pragma once
// What an entry of an order's payment history records. The payment_events table and
// GET .../payments carry it as a name: one of a closed set ("paid", "refund_failed", ...), a
// provider's event as "webhook:<the provider's event type>", or a dispute's new state as
// "dispute_<DisputeStatus>". Code passes this type and names it only there (to_string,
// parse_history_kind).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "payment/dispute_status.hpp"

namespace wolfix::payment {

class HistoryKind {
 public:
  // Named in the enum's own words. Unscoped inside the class, so call sites read
  // HistoryKind::paid.
  enum Named {
    intent_created,
    paid,
    failed,
    canceled,
    expired,
    mismatch,      // the provider's intent does not match the order
    late_payment,  // paid after the order was cancelled
    refund_pending,
    refunded,
    refund_failed,
    refund_unanswered,
    refund_reversed,
    bonuses_taken_back,
    bonus_shortfall,
    bonuses_given_back,
    restock_shortfall
  };

  HistoryKind(Named n) : v_(n) {}  // NOLINT(google-explicit-constructor): HistoryKind::paid
  // A provider's event that concerned the order, under the provider's type (open: providers add
  // types).
  static HistoryKind webhook(std::string provider_type) {
    return HistoryKind(Webhook{std::move(provider_type)});
  }
  static HistoryKind dispute(DisputeStatus s) { return HistoryKind(s); }

  const Named* named() const { return std::get_if<Named>(&v_); }
  // The provider's event type, for a webhook entry.
  const std::string* webhook_type() const {
    auto* w = std::get_if<Webhook>(&v_);
    return w ? &w->type : nullptr;
  }
  const DisputeStatus* dispute_status() const { return std::get_if<DisputeStatus>(&v_); }

  bool operator==(const HistoryKind&) const = default;

 private:
  struct Webhook {
    std::string type;
    bool operator==(const Webhook&) const = default;
  };
  explicit HistoryKind(Webhook w) : v_(std::move(w)) {}
  explicit HistoryKind(DisputeStatus s) : v_(s) {}
  std::variant<Named, Webhook, DisputeStatus> v_;
};

// Every named kind, for tests and documentation.
std::span<const HistoryKind::Named> all_named_history_kinds();

// The name stored and sent on the wire.
std::string to_string(const HistoryKind& k);
// Exact names only: a named kind, "webhook:<type>" (any type) or "dispute_<status>" (a known
// DisputeStatus); nullopt for anything else.
std::optional<HistoryKind> parse_history_kind(std::string_view name);

}  // namespace wolfix::payment
