#include "payment/history_source.hpp"

#include <array>

namespace wolfix::payment {

namespace {
constexpr std::array kSources{HistorySource::client,     HistorySource::webhook,
                              HistorySource::reconciler, HistorySource::expiry,
                              HistorySource::system,     HistorySource::seller,
                              HistorySource::admin,      HistorySource::super_admin};
}  // namespace

std::string_view to_string(HistorySource s) {
  switch (s) {
    case HistorySource::client:
      return "client";
    case HistorySource::webhook:
      return "webhook";
    case HistorySource::reconciler:
      return "reconciler";
    case HistorySource::expiry:
      return "expiry";
    case HistorySource::system:
      return "system";
    // The refunders were always recorded under their role's name.
    case HistorySource::seller:
      return to_string(Role::seller);
    case HistorySource::admin:
      return to_string(Role::admin);
    case HistorySource::super_admin:
      return to_string(Role::super_admin);
  }
  return "";
}

std::optional<HistorySource> parse_history_source(std::string_view name) {
  for (auto s : kSources)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

std::optional<HistorySource> history_source_of(Role refunder) {
  switch (refunder) {
    case Role::seller:
      return HistorySource::seller;
    case Role::admin:
      return HistorySource::admin;
    case Role::super_admin:
      return HistorySource::super_admin;
    case Role::customer:
    case Role::support:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace wolfix::payment
