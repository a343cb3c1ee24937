#include "payment/refund_status.hpp"

#include <array>

namespace wolfix::payment {

namespace {
constexpr std::array kStatuses{RefundStatus::pending, RefundStatus::succeeded, RefundStatus::failed,
                               RefundStatus::canceled};
constexpr std::array kSources{RefundSource::api, RefundSource::provider,
                              RefundSource::late_payment};
}  // namespace

std::string_view to_string(RefundStatus s) {
  switch (s) {
    case RefundStatus::pending:
      return "pending";
    case RefundStatus::succeeded:
      return "succeeded";
    case RefundStatus::failed:
      return "failed";
    case RefundStatus::canceled:
      return "canceled";
  }
  return "";
}

std::string_view to_string(RefundSource s) {
  switch (s) {
    case RefundSource::api:
      return "api";
    case RefundSource::provider:
      return "provider";
    case RefundSource::late_payment:
      return "late_payment";
  }
  return "";
}

std::optional<RefundStatus> parse_refund_status(std::string_view name) {
  for (auto s : kStatuses)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

std::optional<RefundSource> parse_refund_source(std::string_view name) {
  for (auto s : kSources)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

}  // namespace wolfix::payment
