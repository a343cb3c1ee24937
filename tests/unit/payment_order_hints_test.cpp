#include <gtest/gtest.h>

#include "payment/order_hints.hpp"

using wolfix::order::OrderPaymentView;
using wolfix::payment::OrderHints;

namespace {
OrderPaymentView view(const std::string& id) {
  OrderPaymentView v;
  v.id = id;
  v.payment_intent_id = "pi_" + id;
  return v;
}
}  // namespace

TEST(OrderHints, KeepsTheNewestOrdersUpToItsCapacity) {
  OrderHints hints(2);
  hints.checked_out(view("a"));
  hints.checked_out(view("b"));
  hints.checked_out(view("a"));  // the same order again (a resumed checkout) takes no more room
  hints.checked_out(view("c"));
  EXPECT_FALSE(hints.find("a"));
  ASSERT_TRUE(hints.find("b"));
  ASSERT_TRUE(hints.find("c"));
  EXPECT_EQ(hints.find("c")->view.payment_intent_id, "pi_c");
}

TEST(OrderHints, PaidByIntentOnlyForAnOrderItKnows) {
  OrderHints hints;
  hints.paid_by_intent("x");
  EXPECT_FALSE(hints.find("x"));
  hints.checked_out(view("y"));
  EXPECT_FALSE(hints.find("y")->paid_by_intent);
  hints.paid_by_intent("y");
  EXPECT_TRUE(hints.find("y")->paid_by_intent);
  hints.checked_out(view("y"));  // checked out again: what was learned since is forgotten
  EXPECT_FALSE(hints.find("y")->paid_by_intent);
}

TEST(OrderHints, ZeroCapacityKeepsNothing) {
  OrderHints hints(0);
  hints.checked_out(view("a"));
  EXPECT_FALSE(hints.find("a"));
}
