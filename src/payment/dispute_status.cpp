#include "payment/dispute_status.hpp"

#include <array>

namespace wolfix::payment {

namespace {
constexpr std::array kStatuses{DisputeStatus::warning_needs_response,
                               DisputeStatus::warning_under_review,
                               DisputeStatus::warning_closed,
                               DisputeStatus::needs_response,
                               DisputeStatus::under_review,
                               DisputeStatus::won,
                               DisputeStatus::lost,
                               DisputeStatus::prevented};
}  // namespace

std::string_view to_string(DisputeStatus s) {
  switch (s) {
    case DisputeStatus::warning_needs_response:
      return "warning_needs_response";
    case DisputeStatus::warning_under_review:
      return "warning_under_review";
    case DisputeStatus::warning_closed:
      return "warning_closed";
    case DisputeStatus::needs_response:
      return "needs_response";
    case DisputeStatus::under_review:
      return "under_review";
    case DisputeStatus::won:
      return "won";
    case DisputeStatus::lost:
      return "lost";
    case DisputeStatus::prevented:
      return "prevented";
  }
  return "";
}

std::optional<DisputeStatus> parse_dispute_status(std::string_view name) {
  for (auto s : kStatuses)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

}  // namespace wolfix::payment
