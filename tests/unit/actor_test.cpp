// Who acts: a role with its profile, or the system; how records name it and how the order rules
// see it.
#include "common/actor.hpp"

#include <gtest/gtest.h>

#include "order/model.hpp"

namespace wolfix {
namespace {

TEST(Actor, AUserActsInOneRoleWithItsProfile) {
  auto seller = Actor::user(Role::seller, "seller-1");
  EXPECT_FALSE(seller.is_system());
  EXPECT_TRUE(seller.is(Role::seller));
  EXPECT_FALSE(seller.is(Role::customer));
  EXPECT_FALSE(seller.is_admin());
  EXPECT_EQ(seller.id, "seller-1");
  EXPECT_EQ(seller.label(), "Seller");
  EXPECT_TRUE(Actor::user(Role::admin, "a").is_admin());
  EXPECT_TRUE(Actor::user(Role::super_admin, "a").is_admin());
  EXPECT_EQ(Actor::user(Role::super_admin, "a").label(), "SuperAdmin");
}

TEST(Actor, TheSystemHasNoRoleAndIsRecordedByName) {
  auto payments = Actor::system("Payments");
  EXPECT_TRUE(payments.is_system());
  EXPECT_FALSE(payments.is_admin());
  for (Role r : kAllRoles) EXPECT_FALSE(payments.is(r));
  EXPECT_TRUE(payments.id.empty());
  EXPECT_EQ(payments.label(), "Payments");
  EXPECT_EQ(Actor::system().label(), "System");
}

TEST(Actor, OrderRulesSeeCustomerSellerAdminOrTheSystem) {
  using order::ActorKind;
  using order::kind_of;
  EXPECT_EQ(kind_of(Actor::user(Role::customer, "c")), ActorKind::customer);
  EXPECT_EQ(kind_of(Actor::user(Role::seller, "s")), ActorKind::seller);
  EXPECT_EQ(kind_of(Actor::user(Role::admin, "a")), ActorKind::admin);
  EXPECT_EQ(kind_of(Actor::user(Role::super_admin, "a")), ActorKind::admin);
  EXPECT_EQ(kind_of(Actor::user(Role::support, "h")), ActorKind::system);
  EXPECT_EQ(kind_of(Actor::system("Payments")), ActorKind::system);
}

}  // namespace
}  // namespace wolfix
