// Refund states and sources are stored and answered by name; the names are exact.
#include "payment/refund_status.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wolfix::payment {
namespace {

TEST(RefundStatus, NamesAreTheStoredAndAnsweredOnes) {
  EXPECT_EQ(to_string(RefundStatus::pending), "pending");
  EXPECT_EQ(to_string(RefundStatus::succeeded), "succeeded");
  EXPECT_EQ(to_string(RefundStatus::failed), "failed");
  EXPECT_EQ(to_string(RefundStatus::canceled), "canceled");
  for (auto s : {RefundStatus::pending, RefundStatus::succeeded, RefundStatus::failed,
                 RefundStatus::canceled})
    EXPECT_EQ(parse_refund_status(to_string(s)), s);
}

TEST(RefundStatus, UnknownNamesAreRejected) {
  for (std::string name : {"", "Pending", "SUCCEEDED", "cancelled", "requires_action", "refunded",
                           " failed", "failed "})
    EXPECT_FALSE(parse_refund_status(name).has_value()) << name;
}

TEST(RefundStatus, FailedAndCanceledAreTheOnesThatDidNotHappen) {
  EXPECT_TRUE(did_not_happen(RefundStatus::failed));
  EXPECT_TRUE(did_not_happen(RefundStatus::canceled));
  EXPECT_FALSE(did_not_happen(RefundStatus::pending));
  EXPECT_FALSE(did_not_happen(RefundStatus::succeeded));
}

TEST(RefundSource, NamesRoundTripAndUnknownOnesAreRejected) {
  EXPECT_EQ(to_string(RefundSource::api), "api");
  EXPECT_EQ(to_string(RefundSource::provider), "provider");
  EXPECT_EQ(to_string(RefundSource::late_payment), "late_payment");
  for (auto s : {RefundSource::api, RefundSource::provider, RefundSource::late_payment})
    EXPECT_EQ(parse_refund_source(to_string(s)), s);
  for (std::string name : {"", "API", "Provider", "late-payment", "webhook", "admin"})
    EXPECT_FALSE(parse_refund_source(name).has_value()) << name;
}

}  // namespace
}  // namespace wolfix::payment
