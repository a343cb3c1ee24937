#pragma once
// A refund's state and where it came from. The refunds table and GET .../payments carry their
// names (lower case: "pending", "api", ...); code compares the enums and names them only there.
#include <optional>
#include <string_view>

namespace wolfix::payment {

enum class RefundStatus { pending, succeeded, failed, canceled };

// api: a Wolfix route; provider: made at the provider (its dashboard), learnt from a webhook;
// late_payment: the automatic refund of a payment that came after its order expired.
enum class RefundSource { api, provider, late_payment };

std::string_view to_string(RefundStatus s);
std::string_view to_string(RefundSource s);
// Exact names only; nullopt for anything else. The provider's refund states use the same names
// for the four it shares with ours ("requires_action" is none of them).
std::optional<RefundStatus> parse_refund_status(std::string_view name);
std::optional<RefundSource> parse_refund_source(std::string_view name);

// Failed or canceled: the money did not go back.
constexpr bool did_not_happen(RefundStatus s) {
  return s == RefundStatus::failed || s == RefundStatus::canceled;
}

}  // namespace wolfix::payment
