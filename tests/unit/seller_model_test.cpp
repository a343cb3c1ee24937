// Seller rules: application statuses and page arithmetic.
#include <gtest/gtest.h>

#include "seller/model.hpp"

namespace wolfix::seller {
namespace {

TEST(SellerModel, StatusNamesRoundTrip) {
  for (auto s :
       {ApplicationStatus::pending, ApplicationStatus::approved, ApplicationStatus::rejected})
    EXPECT_EQ(parse_status(status_name(s)), s);
  EXPECT_FALSE(parse_status("pending"));
  EXPECT_EQ(static_cast<int>(ApplicationStatus::rejected), 2);
}

TEST(SellerModel, OnlyPendingApplicationsCanBeDecided) {
  EXPECT_TRUE(can_decide(ApplicationStatus::pending));
  EXPECT_FALSE(can_decide(ApplicationStatus::approved));
  EXPECT_FALSE(can_decide(ApplicationStatus::rejected));
}

TEST(SellerModel, PageArithmetic) {
  EXPECT_EQ(page_window(1, 50).offset, 0);
  EXPECT_EQ(page_window(3, 10).offset, 20);
  EXPECT_EQ(page_window(3, 10).limit, 10);
  EXPECT_EQ(total_pages(0, 10), 0);
  EXPECT_EQ(total_pages(1, 10), 1);
  EXPECT_EQ(total_pages(10, 10), 1);
  EXPECT_EQ(total_pages(11, 10), 2);
}

}  // namespace
}  // namespace wolfix::seller
