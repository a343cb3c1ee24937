// Delivery rules: options, name matching and field limits.
#include <gtest/gtest.h>

#include "delivery/model.hpp"

namespace wolfix::delivery {
namespace {

TEST(DeliveryModel, OptionsAreWolfixIntegers) {
  EXPECT_EQ(delivery_option_from_int(0), DeliveryOption::department);
  EXPECT_EQ(delivery_option_from_int(1), DeliveryOption::post_machine);
  EXPECT_EQ(delivery_option_from_int(2), DeliveryOption::courier);
  EXPECT_FALSE(delivery_option_from_int(3));
  EXPECT_FALSE(delivery_option_from_int(-1));
  EXPECT_EQ(delivery_option_name(DeliveryOption::courier), "Courier");
}

TEST(DeliveryModel, NamesMatchCaseInsensitivelyAndTrimmed) {
  EXPECT_EQ(name_key("  Nova Poshta "), "nova poshta");
  EXPECT_EQ(name_key("KYIV"), "kyiv");
  EXPECT_EQ(name_key("Київ"), "Київ") << "non-ASCII bytes are kept as they are";
}

TEST(DeliveryModel, FieldLimits) {
  EXPECT_FALSE(name_error("Nova Poshta"));
  EXPECT_TRUE(name_error(" "));
  EXPECT_TRUE(name_error(std::string(101, 'x')));
  EXPECT_FALSE(street_error("Khreshchatyk"));
  EXPECT_TRUE(street_error(""));
  EXPECT_FALSE(positive_number_error(1));
  EXPECT_TRUE(positive_number_error(0));
  EXPECT_TRUE(positive_number_error(-5));
  EXPECT_TRUE(positive_number_error(kMaxPlaceNumber + 1));
}

}  // namespace
}  // namespace wolfix::delivery

namespace wolfix::delivery {
namespace {

TEST(DeliveryModelPoints, KindsByName) {
  EXPECT_EQ(point_kind_from_name("Department"), PointKind::department);
  EXPECT_EQ(point_kind_from_name("postMachine"), PointKind::post_machine);
  EXPECT_EQ(point_kind_from_name(" POST_MACHINE "), PointKind::post_machine);
  EXPECT_FALSE(point_kind_from_name("courier"));
  EXPECT_FALSE(point_kind_from_name(""));
}

TEST(DeliveryModelFees, ZeroToAMillion) {
  EXPECT_FALSE(fee_error(0));
  EXPECT_FALSE(fee_error(7000));
  EXPECT_FALSE(fee_error(kMaxFeeMinor));
  EXPECT_TRUE(fee_error(-1));
  EXPECT_TRUE(fee_error(kMaxFeeMinor + 1));
}

}  // namespace
}  // namespace wolfix::delivery
