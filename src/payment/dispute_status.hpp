#pragma once
// A dispute's state, in the provider's own names (Stripe's dispute statuses). The disputes table,
// the history's "dispute_<status>" entries and the webhook's outcome carry the names; code
// compares the enum and names it only there.
#include <optional>
#include <string_view>

namespace wolfix::payment {

enum class DisputeStatus {
  warning_needs_response,
  warning_under_review,
  warning_closed,
  needs_response,
  under_review,
  won,
  lost,
  prevented
};

std::string_view to_string(DisputeStatus s);
// Exact names only; nullopt for anything else (a state the provider added since).
std::optional<DisputeStatus> parse_dispute_status(std::string_view name);

}  // namespace wolfix::payment
