// Payment history sources are stored and answered by name; the names are exact.
#include "payment/history_source.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wolfix::payment {
namespace {

constexpr HistorySource kAll[] = {HistorySource::client,     HistorySource::webhook,
                                  HistorySource::reconciler, HistorySource::expiry,
                                  HistorySource::system,     HistorySource::seller,
                                  HistorySource::admin,      HistorySource::super_admin};

TEST(HistorySource, NamesAreTheStoredAndAnsweredOnes) {
  EXPECT_EQ(to_string(HistorySource::client), "client");
  EXPECT_EQ(to_string(HistorySource::webhook), "webhook");
  EXPECT_EQ(to_string(HistorySource::reconciler), "reconciler");
  EXPECT_EQ(to_string(HistorySource::expiry), "expiry");
  EXPECT_EQ(to_string(HistorySource::system), "system");
  // The refunding roles, as the role table writes them.
  EXPECT_EQ(to_string(HistorySource::seller), "Seller");
  EXPECT_EQ(to_string(HistorySource::admin), "Admin");
  EXPECT_EQ(to_string(HistorySource::super_admin), "SuperAdmin");
  for (auto s : kAll) EXPECT_EQ(parse_history_source(to_string(s)), s);
}

TEST(HistorySource, UnknownNamesAreRejected) {
  for (std::string name : {"", "Client", "WEBHOOK", "admin", "seller", "super_admin", "provider",
                           "Customer", "Support", "System", " system", "expiry "})
    EXPECT_FALSE(parse_history_source(name).has_value()) << name;
}

TEST(HistorySource, OnlyTheRefundingRolesHaveOne) {
  EXPECT_EQ(history_source_of(Role::seller), HistorySource::seller);
  EXPECT_EQ(history_source_of(Role::admin), HistorySource::admin);
  EXPECT_EQ(history_source_of(Role::super_admin), HistorySource::super_admin);
  EXPECT_FALSE(history_source_of(Role::customer).has_value());
  EXPECT_FALSE(history_source_of(Role::support).has_value());
}

}  // namespace
}  // namespace wolfix::payment
