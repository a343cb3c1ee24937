#include "payment/history_kind.hpp"

#include <array>

namespace wolfix::payment {

namespace {

using K = HistoryKind;
struct Name {
  K::Named kind;
  std::string_view name;
};
// In the enum's order, so that kNames[n] names n.
constexpr std::array<Name, 16> kNames{{{K::intent_created, "intent_created"},
                                       {K::paid, "paid"},
                                       {K::failed, "failed"},
                                       {K::canceled, "canceled"},
                                       {K::expired, "expired"},
                                       {K::mismatch, "mismatch"},
                                       {K::late_payment, "late_payment"},
                                       {K::refund_pending, "refund_pending"},
                                       {K::refunded, "refunded"},
                                       {K::refund_failed, "refund_failed"},
                                       {K::refund_unanswered, "refund_unanswered"},
                                       {K::refund_reversed, "refund_reversed"},
                                       {K::bonuses_taken_back, "bonuses_taken_back"},
                                       {K::bonus_shortfall, "bonus_shortfall"},
                                       {K::bonuses_given_back, "bonuses_given_back"},
                                       {K::restock_shortfall, "restock_shortfall"}}};
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (static_cast<std::size_t>(kNames[i].kind) != i) return false;
  return static_cast<std::size_t>(K::restock_shortfall) + 1 == kNames.size();
}
static_assert(in_enum_order(), "kNames lists every named kind once, in the enum's order");

constexpr std::array kNamed = [] {
  std::array<K::Named, kNames.size()> out{};
  for (std::size_t i = 0; i < kNames.size(); ++i) out[i] = kNames[i].kind;
  return out;
}();

constexpr std::string_view kWebhookPrefix = "webhook:";
constexpr std::string_view kDisputePrefix = "dispute_";

}  // namespace

std::span<const HistoryKind::Named> all_named_history_kinds() {
  return kNamed;
}

std::string to_string(const HistoryKind& k) {
  if (auto* n = k.named()) return std::string(kNames[*n].name);
  if (auto* type = k.webhook_type()) return std::string(kWebhookPrefix) + *type;
  return std::string(kDisputePrefix) + std::string(to_string(*k.dispute_status()));
}

std::optional<HistoryKind> parse_history_kind(std::string_view name) {
  if (name.starts_with(kWebhookPrefix))
    return HistoryKind::webhook(std::string(name.substr(kWebhookPrefix.size())));
  if (name.starts_with(kDisputePrefix)) {
    auto status = parse_dispute_status(name.substr(kDisputePrefix.size()));
    if (!status) return std::nullopt;
    return HistoryKind::dispute(*status);
  }
  for (const auto& n : kNames)
    if (n.name == name) return HistoryKind(n.kind);
  return std::nullopt;
}

}  // namespace wolfix::payment
