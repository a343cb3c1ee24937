// An order's "placed" history entry, derived from the order row (order/history.hpp).
#include <gtest/gtest.h>

#include "order/history.hpp"

namespace wolfix::order {
namespace {

HistoryEntry change(int64_t at, std::string what) {
  HistoryEntry h;
  h.at = at;
  h.actor_role = "Seller";
  h.actor_id = "s1";
  h.what = std::move(what);
  h.from_value = 0;
  h.to_value = 1;
  return h;
}

TEST(OrderHistory, PlacedEntryOfACashOrder) {
  auto h = placed_entry(PaymentOption::while_receiving, "c1", 1000);
  EXPECT_EQ(h.at, 1000);
  EXPECT_EQ(h.actor_role, "Customer");
  EXPECT_EQ(h.actor_id, "c1");
  EXPECT_EQ(h.what, "placed");
  EXPECT_EQ(h.from_value, std::nullopt);
  EXPECT_EQ(h.to_value, static_cast<int64_t>(PaymentStatus::unpaid));
  EXPECT_EQ(h.note, "Cash on delivery");
}

TEST(OrderHistory, PlacedEntryOfACardOrder) {
  auto h = placed_entry(PaymentOption::card, "c1", 1000);
  EXPECT_EQ(h.to_value, static_cast<int64_t>(PaymentStatus::pending));
  EXPECT_EQ(h.note, "Card payment");
  EXPECT_EQ(initial_payment_status(PaymentOption::card), PaymentStatus::pending);
  EXPECT_EQ(initial_payment_status(PaymentOption::while_receiving), PaymentStatus::unpaid);
}

TEST(OrderHistory, PlacedGoesBeforeTheChangesOfItsMillisecondAndAfter) {
  auto placed = placed_entry(PaymentOption::card, "c1", 1000);
  auto out =
      with_placed_entry({change(1000, "paymentIntent"), change(2000, "paymentStatus")}, placed);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].what, "placed");
  EXPECT_EQ(out[1].what, "paymentIntent");
  EXPECT_EQ(out[2].what, "paymentStatus");
  EXPECT_EQ(with_placed_entry({}, placed).size(), 1u) << "a new order's history is its placing";
}

TEST(OrderHistory, PaymentIntentEntryIsThePaymentsModulesWithTheIntent) {
  auto h = payment_intent_entry("pi_1", 1500);
  EXPECT_EQ(h.at, 1500);
  EXPECT_EQ(h.actor_role, "Payments");
  EXPECT_EQ(h.actor_id, std::nullopt);
  EXPECT_EQ(h.what, "paymentIntent");
  EXPECT_EQ(h.from_value, std::nullopt);
  EXPECT_EQ(h.to_value, std::nullopt);
  EXPECT_EQ(h.note, "pi_1");
}

TEST(OrderHistory, PaymentIntentGoesAfterPlacedAndBeforeTheChangesOfItsMillisecond) {
  auto out =
      with_placed_entry(with_entry({change(1000, "paymentStatus"), change(2000, "deliveryStatus")},
                                   payment_intent_entry("pi_1", 1000)),
                        placed_entry(PaymentOption::card, "c1", 1000));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].what, "placed");
  EXPECT_EQ(out[1].what, "paymentIntent");
  EXPECT_EQ(out[2].what, "paymentStatus");
  EXPECT_EQ(out[3].what, "deliveryStatus");
  auto later = with_entry({change(900, "paymentStatus")}, payment_intent_entry("pi_1", 1000));
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[1].what, "paymentIntent") << "entries stay in time order";
  EXPECT_EQ(with_entry({}, payment_intent_entry("pi_1", 1000)).size(), 1u);
}

TEST(OrderHistory, AnEarlierChangeStaysFirst) {
  // A clock set back between placing and the change: entries stay in time order.
  auto out = with_placed_entry({change(900, "deliveryStatus")},
                               placed_entry(PaymentOption::while_receiving, "c1", 1000));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].what, "deliveryStatus");
  EXPECT_EQ(out[1].what, "placed");
}

TEST(OrderHistory, AStoredPlacedEntryIsNotRepeated) {
  // Orders placed before the entry was derived have it as a row.
  auto stored = placed_entry(PaymentOption::while_receiving, "c1", 1000);
  stored.note = "as stored";
  auto out = with_placed_entry({stored, change(2000, "deliveryStatus")},
                               placed_entry(PaymentOption::while_receiving, "c1", 1000));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].note, "as stored");
  EXPECT_EQ(out[1].what, "deliveryStatus");
}

}  // namespace
}  // namespace wolfix::order
