// Dispute states are the provider's names, stored and reported as they are; the names are exact.
#include "payment/dispute_status.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wolfix::payment {
namespace {

TEST(DisputeStatus, NamesAreTheProvidersOnes) {
  EXPECT_EQ(to_string(DisputeStatus::warning_needs_response), "warning_needs_response");
  EXPECT_EQ(to_string(DisputeStatus::warning_under_review), "warning_under_review");
  EXPECT_EQ(to_string(DisputeStatus::warning_closed), "warning_closed");
  EXPECT_EQ(to_string(DisputeStatus::needs_response), "needs_response");
  EXPECT_EQ(to_string(DisputeStatus::under_review), "under_review");
  EXPECT_EQ(to_string(DisputeStatus::won), "won");
  EXPECT_EQ(to_string(DisputeStatus::lost), "lost");
  EXPECT_EQ(to_string(DisputeStatus::prevented), "prevented");
  for (auto s :
       {DisputeStatus::warning_needs_response, DisputeStatus::warning_under_review,
        DisputeStatus::warning_closed, DisputeStatus::needs_response, DisputeStatus::under_review,
        DisputeStatus::won, DisputeStatus::lost, DisputeStatus::prevented})
    EXPECT_EQ(parse_dispute_status(to_string(s)), s);
}

TEST(DisputeStatus, UnknownNamesAreRejected) {
  for (std::string name : {"", "Lost", "WON", "closed", "charge_refunded", "warning", " lost",
                           "lost ", "needs-response"})
    EXPECT_FALSE(parse_dispute_status(name).has_value()) << name;
}

}  // namespace
}  // namespace wolfix::payment
