// Role names are the wire, token and database form of Role: one pair of conversions, exact.
#include "common/role.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wolfix {
namespace {

TEST(Role, EveryRoleRoundTripsThroughItsName) {
  EXPECT_EQ(to_string(Role::customer), "Customer");
  EXPECT_EQ(to_string(Role::seller), "Seller");
  EXPECT_EQ(to_string(Role::admin), "Admin");
  EXPECT_EQ(to_string(Role::super_admin), "SuperAdmin");
  EXPECT_EQ(to_string(Role::support), "Support");
  for (Role r : kAllRoles) EXPECT_EQ(parse_role(to_string(r)), r);
}

TEST(Role, UnknownNamesAreRejected) {
  for (std::string name : {"", "customer", "CUSTOMER", "Super Admin", "super_admin",
                           "RemovedSeller", "System", "Payments", "Admin ", " Admin"})
    EXPECT_FALSE(parse_role(name).has_value()) << name;
  EXPECT_FALSE(parse_role(std::string("Admin\0", 6)).has_value());
}

TEST(Role, AdminsAreAdminAndSuperAdmin) {
  EXPECT_TRUE(is_admin(Role::admin));
  EXPECT_TRUE(is_admin(Role::super_admin));
  EXPECT_FALSE(is_admin(Role::customer));
  EXPECT_FALSE(is_admin(Role::seller));
  EXPECT_FALSE(is_admin(Role::support));
}

}  // namespace
}  // namespace wolfix
