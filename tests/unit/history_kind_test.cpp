// A payment-history entry's kind is stored and sent by name; every kind survives the round trip,
// and the names are exactly those the history always carried.
#include "payment/history_kind.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace wolfix::payment {
namespace {

TEST(HistoryKind, NamedKindsKeepTheirStoredNames) {
  // The names payment_events rows and GET .../payments have always carried.
  const std::vector<std::pair<HistoryKind::Named, std::string>> stored{
      {HistoryKind::intent_created, "intent_created"},
      {HistoryKind::paid, "paid"},
      {HistoryKind::failed, "failed"},
      {HistoryKind::canceled, "canceled"},
      {HistoryKind::expired, "expired"},
      {HistoryKind::mismatch, "mismatch"},
      {HistoryKind::late_payment, "late_payment"},
      {HistoryKind::refund_pending, "refund_pending"},
      {HistoryKind::refunded, "refunded"},
      {HistoryKind::refund_failed, "refund_failed"},
      {HistoryKind::refund_unanswered, "refund_unanswered"},
      {HistoryKind::refund_reversed, "refund_reversed"},
      {HistoryKind::bonuses_taken_back, "bonuses_taken_back"},
      {HistoryKind::bonus_shortfall, "bonus_shortfall"},
      {HistoryKind::bonuses_given_back, "bonuses_given_back"},
      {HistoryKind::restock_shortfall, "restock_shortfall"}};
  ASSERT_EQ(all_named_history_kinds().size(), stored.size());
  for (const auto& [kind, name] : stored) EXPECT_EQ(to_string(kind), name);
}

TEST(HistoryKind, FamiliesKeepTheirStoredNames) {
  EXPECT_EQ(to_string(HistoryKind::webhook("payment_intent.succeeded")),
            "webhook:payment_intent.succeeded");
  EXPECT_EQ(to_string(HistoryKind::dispute(DisputeStatus::lost)), "dispute_lost");
  EXPECT_EQ(to_string(HistoryKind::dispute(DisputeStatus::warning_needs_response)),
            "dispute_warning_needs_response");
}

TEST(HistoryKind, EveryKindRoundTrips) {
  std::vector<HistoryKind> kinds;
  for (auto n : all_named_history_kinds()) kinds.emplace_back(n);
  for (auto s :
       {DisputeStatus::warning_needs_response, DisputeStatus::warning_under_review,
        DisputeStatus::warning_closed, DisputeStatus::needs_response, DisputeStatus::under_review,
        DisputeStatus::won, DisputeStatus::lost, DisputeStatus::prevented})
    kinds.push_back(HistoryKind::dispute(s));
  for (std::string type : {"payment_intent.succeeded", "payment_intent.payment_failed",
                           "charge.refunded", "charge.dispute.created", "refund.updated", ""})
    kinds.push_back(HistoryKind::webhook(type));
  for (const auto& k : kinds) {
    auto name = to_string(k);
    auto back = parse_history_kind(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, k) << name;
    EXPECT_EQ(to_string(*back), name);
  }
}

TEST(HistoryKind, TheFamiliesAreToldApart) {
  auto w = parse_history_kind("webhook:charge.dispute.closed");
  ASSERT_TRUE(w.has_value());
  ASSERT_NE(w->webhook_type(), nullptr);
  EXPECT_EQ(*w->webhook_type(), "charge.dispute.closed");
  EXPECT_EQ(w->named(), nullptr);
  auto d = parse_history_kind("dispute_won");
  ASSERT_TRUE(d.has_value());
  ASSERT_NE(d->dispute_status(), nullptr);
  EXPECT_EQ(*d->dispute_status(), DisputeStatus::won);
  auto p = parse_history_kind("paid");
  ASSERT_TRUE(p.has_value());
  ASSERT_NE(p->named(), nullptr);
  EXPECT_EQ(*p->named(), HistoryKind::paid);
  EXPECT_NE(HistoryKind(HistoryKind::paid), HistoryKind(HistoryKind::refunded));
}

TEST(HistoryKind, UnknownNamesAreRejected) {
  for (std::string name : {"", "Paid", "paid ", "refund", "webhook", "dispute_", "dispute_closed",
                           "dispute_Lost", "dispute", "refunded_elsewhere"})
    EXPECT_FALSE(parse_history_kind(name).has_value()) << name;
}

}  // namespace
}  // namespace wolfix::payment
