// Cart rules: availability of a line against the catalog and the cart total.
#include <gtest/gtest.h>

#include "customer/model.hpp"

namespace wolfix::customer {
namespace {

catalog::ProductCard product(int64_t final_price, int64_t stock, std::string status = "InStock",
                             bool deleted = false) {
  catalog::ProductCard p;
  p.id = "p";
  p.price_minor = final_price;
  p.final_price_minor = final_price;
  p.stock = stock;
  p.status = std::move(status);
  p.deleted = deleted;
  return p;
}

TEST(CustomerCartModel, AvailabilityFromStrongestReason) {
  auto ok = product(100, 5);
  EXPECT_EQ(availability_for(&ok, 5), Availability::available);
  EXPECT_EQ(availability_for(&ok, 6), Availability::insufficient_stock);
  auto none = product(100, 0);
  EXPECT_EQ(availability_for(&none, 1), Availability::out_of_stock);
  auto off = product(100, 5, "NotAvailable");
  EXPECT_EQ(availability_for(&off, 1), Availability::not_available);
  auto gone = product(100, 5, "InStock", true);
  EXPECT_EQ(availability_for(&gone, 1), Availability::removed);
  EXPECT_EQ(availability_for(nullptr, 1), Availability::removed);
  auto untracked = product(100, 0);
  untracked.tracks_stock = false;  // no count: any quantity while on sale
  EXPECT_EQ(availability_for(&untracked, 500), Availability::available);
  untracked.status = "NotAvailable";
  EXPECT_EQ(availability_for(&untracked, 1), Availability::not_available);
}

TEST(CustomerCartModel, AvailabilityNames) {
  EXPECT_EQ(availability_name(Availability::available), "Available");
  EXPECT_EQ(availability_name(Availability::insufficient_stock), "InsufficientStock");
  EXPECT_EQ(availability_name(Availability::out_of_stock), "OutOfStock");
  EXPECT_EQ(availability_name(Availability::not_available), "NotAvailable");
  EXPECT_EQ(availability_name(Availability::removed), "Removed");
}

TEST(CustomerCartModel, TotalCountsOnlyBuyableLines) {
  auto a = product(1999, 10);
  auto b = product(500, 1);
  auto c = product(700, 5, "NotAvailable");
  std::vector<PricedLine> lines{price_line(&a, 3), price_line(&b, 2), price_line(&c, 1),
                                price_line(nullptr, 4)};
  EXPECT_EQ(lines[0].total_minor, 5997);
  EXPECT_EQ(lines[1].availability, Availability::insufficient_stock);
  EXPECT_EQ(lines[3].total_minor, 0);
  EXPECT_EQ(cart_total(lines), 5997);
  EXPECT_EQ(cart_total({}), 0);
}

}  // namespace
}  // namespace wolfix::customer
