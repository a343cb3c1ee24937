// The order module's pure rules: value objects, totals, and which status changes are allowed.
#include <gtest/gtest.h>

#include <limits>

#include "order/model.hpp"

namespace wolfix::order {
namespace {

using DS = DeliveryStatus;
using PS = PaymentStatus;
using PO = PaymentOption;

TEST(OrderModelEnums, IntegersRoundTripAndRejectOutOfRange) {
  EXPECT_EQ(payment_option_from_int(1), PO::card);
  EXPECT_FALSE(payment_option_from_int(2));
  EXPECT_EQ(payment_status_from_int(4), PS::refunded);
  EXPECT_FALSE(payment_status_from_int(-1));
  EXPECT_EQ(delivery_status_from_int(3), DS::cancelled);
  EXPECT_FALSE(delivery_status_from_int(4));
  EXPECT_EQ(name_of(DS::on_the_way), "OnTheWay");
  EXPECT_EQ(name_of(PS::failed), "Failed");
  EXPECT_EQ(name_of(PO::while_receiving), "WhileReceiving");
}

TEST(OrderModelFullName, MiddleNameMayBeNullButNotBlank) {
  EXPECT_FALSE(full_name_problem("Olena", "Kovalenko", std::nullopt));
  EXPECT_FALSE(full_name_problem("Olena", "Kovalenko", std::string("Ivanivna")));
  auto blank_middle = full_name_problem("Olena", "Kovalenko", std::string("  "));
  ASSERT_TRUE(blank_middle);
  EXPECT_EQ(blank_middle->field, "middleName");
  auto no_first = full_name_problem(" ", "Kovalenko", std::nullopt);
  ASSERT_TRUE(no_first);
  EXPECT_EQ(no_first->field, "firstName");
  EXPECT_EQ(no_first->message, "firstName cannot be null or empty");
  auto no_last = full_name_problem("Olena", "", std::nullopt);
  ASSERT_TRUE(no_last);
  EXPECT_EQ(no_last->field, "lastName");
  EXPECT_TRUE(full_name_problem(std::string(101, 'a'), "K", std::nullopt));
}

TEST(OrderModelPhone, UkrainianMobileOnly) {
  EXPECT_TRUE(valid_phone_number("+380501234567"));
  EXPECT_FALSE(valid_phone_number("380501234567"));
  EXPECT_FALSE(valid_phone_number("+38050123456"));
  EXPECT_FALSE(valid_phone_number("+3805012345678"));
  EXPECT_FALSE(valid_phone_number("+38050123456a"));
  EXPECT_FALSE(valid_phone_number("+480501234567"));
  EXPECT_FALSE(valid_phone_number(""));
}

TEST(OrderModelEmail, FollowsWolfixRegex) {
  EXPECT_TRUE(valid_email("a@b.c"));
  EXPECT_TRUE(valid_email("olena.k+shop@mail.example.ua"));
  EXPECT_FALSE(valid_email("a@b"));
  EXPECT_FALSE(valid_email("@b.c"));
  EXPECT_FALSE(valid_email("a@.c"));
  EXPECT_FALSE(valid_email("a@b."));
  EXPECT_FALSE(valid_email("a@@b.c"));
  EXPECT_FALSE(valid_email("a@b@c.d"));
  EXPECT_FALSE(valid_email("a b@c.d"));
  EXPECT_FALSE(valid_email(""));
  EXPECT_FALSE(valid_email(std::string(250, 'a') + "@b.cd"));
}

TEST(OrderModelDeliveryInfo, CourierNeedsAddressAndDropsNumber) {
  DeliveryInfo courier{7, "Kyiv", "Khreshchatyk", 22, DeliveryOption::courier};
  EXPECT_TRUE(delivery_info_problems(courier).empty());
  EXPECT_FALSE(courier.number) << "the option is kept and a courier has no number";
  EXPECT_EQ(courier.option, DeliveryOption::courier);

  DeliveryInfo bad{std::nullopt, " ", "", 0, DeliveryOption::courier};
  auto problems = delivery_info_problems(bad);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "deliveryInfoCity");
  EXPECT_EQ(problems[1].field, "deliveryInfoStreet");
  EXPECT_EQ(problems[2].field, "deliveryInfoHouseNumber");
}

TEST(OrderModelDeliveryInfo, DepartmentAndPostMachineNeedANumber) {
  DeliveryInfo dept{std::nullopt, "Kyiv", "", 0, DeliveryOption::department};
  auto p = delivery_info_problems(dept);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "deliveryInfoNumber");
  DeliveryInfo pm{0, "Kyiv", "", 0, DeliveryOption::post_machine};
  ASSERT_EQ(delivery_info_problems(pm).size(), 1u);
  DeliveryInfo ok{5, "Kyiv", "", 0, DeliveryOption::post_machine};
  EXPECT_TRUE(delivery_info_problems(ok).empty());
  EXPECT_EQ(ok.number, 5);
  EXPECT_EQ(ok.option, DeliveryOption::post_machine);
}

TEST(OrderModelBonuses, FlagAndAmountAgree) {
  EXPECT_FALSE(bonus_problem(false, 0));
  EXPECT_FALSE(bonus_problem(true, 500));
  EXPECT_TRUE(bonus_problem(true, 0));
  EXPECT_TRUE(bonus_problem(false, 1));
  EXPECT_TRUE(bonus_problem(true, -1));
  EXPECT_TRUE(bonus_problem(false, -1));
}

TEST(OrderModelTotals, SumsLinesAndSubtractsBonuses) {
  EXPECT_EQ(items_total({{2, 4599}, {1, 100}}), 9298);
  EXPECT_EQ(items_total({}), 0);
  auto t = totals(9298, 298);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->items_minor, 9298);
  EXPECT_EQ(t->used_bonuses_minor, 298);
  EXPECT_EQ(t->to_pay_minor, 9000);
  auto all = totals(9298, 9298);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->to_pay_minor, 0);
  EXPECT_FALSE(totals(9298, 9299)) << "bonuses cannot exceed the total";
  EXPECT_FALSE(totals(100, -1));
}

TEST(OrderModelTotals, TheDeliveryFeeIsAddedAndBonusesNeverCoverIt) {
  auto t = totals(2080740, 0, 7000);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->delivery_fee_minor, 7000);
  EXPECT_EQ(t->to_pay_minor, 2087740);
  auto all = totals(1000, 1000, 7000);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->to_pay_minor, 7000) << "bonuses pay for items, the fee is still due";
  EXPECT_FALSE(totals(1000, 1001, 7000)) << "the fee does not raise what bonuses may cover";
  EXPECT_FALSE(totals(1000, 0, -1));
  EXPECT_FALSE(totals(std::numeric_limits<int64_t>::max(), 0, 1));
}

TEST(OrderModelUnavailable, ReasonsAShopperReads) {
  EXPECT_EQ(unavailable_reason(false, false, 0), "no longer sold");
  EXPECT_EQ(unavailable_reason(true, false, 5), "not available");
  EXPECT_EQ(unavailable_reason(true, true, 0), "out of stock");
  EXPECT_EQ(unavailable_reason(true, true, 2), "only 2 left");
}

TEST(OrderModelTotals, OverflowIsDetected) {
  constexpr int64_t big = std::numeric_limits<int64_t>::max() / 2;
  EXPECT_FALSE(items_total({{1000, big}}));
  EXPECT_FALSE(items_total({{1, big}, {1, big}, {1, big}}));
  EXPECT_FALSE(items_total({{-1, 100}}));
}

TEST(OrderModelDelivery, ForwardOnly) {
  EXPECT_FALSE(
      delivery_transition_problem(DS::preparing, DS::on_the_way, PO::while_receiving, PS::unpaid));
  EXPECT_FALSE(
      delivery_transition_problem(DS::on_the_way, DS::delivered, PO::while_receiving, PS::unpaid));
  EXPECT_TRUE(
      delivery_transition_problem(DS::preparing, DS::delivered, PO::while_receiving, PS::unpaid));
  EXPECT_TRUE(
      delivery_transition_problem(DS::on_the_way, DS::preparing, PO::while_receiving, PS::unpaid));
  EXPECT_TRUE(
      delivery_transition_problem(DS::delivered, DS::on_the_way, PO::while_receiving, PS::paid));
  EXPECT_TRUE(
      delivery_transition_problem(DS::cancelled, DS::on_the_way, PO::while_receiving, PS::unpaid));
  EXPECT_TRUE(
      delivery_transition_problem(DS::preparing, DS::cancelled, PO::while_receiving, PS::unpaid))
      << "cancelling has its own rules";
}

TEST(OrderModelDelivery, CardOrdersShipOnlyWhenPaid) {
  EXPECT_TRUE(delivery_transition_problem(DS::preparing, DS::on_the_way, PO::card, PS::pending));
  EXPECT_TRUE(delivery_transition_problem(DS::preparing, DS::on_the_way, PO::card, PS::failed));
  EXPECT_FALSE(delivery_transition_problem(DS::preparing, DS::on_the_way, PO::card, PS::paid));
}

TEST(OrderModelCancel, PeopleCancelPreparingUnpaidOrders) {
  for (auto who : {ActorKind::customer, ActorKind::seller, ActorKind::admin}) {
    EXPECT_FALSE(cancel_problem(who, DS::preparing, PO::while_receiving, PS::unpaid));
    EXPECT_FALSE(cancel_problem(who, DS::preparing, PO::card, PS::failed));
    EXPECT_TRUE(cancel_problem(who, DS::preparing, PO::card, PS::pending));
    EXPECT_TRUE(cancel_problem(who, DS::preparing, PO::card, PS::paid));
    EXPECT_TRUE(cancel_problem(who, DS::preparing, PO::card, PS::refunded));
    EXPECT_TRUE(cancel_problem(who, DS::on_the_way, PO::while_receiving, PS::unpaid));
    EXPECT_TRUE(cancel_problem(who, DS::delivered, PO::while_receiving, PS::paid));
  }
}

TEST(OrderModelCancel, SystemMayCancelPendingAndRefundedButNotPaid) {
  EXPECT_FALSE(cancel_problem(ActorKind::system, DS::preparing, PO::card, PS::pending));
  EXPECT_FALSE(cancel_problem(ActorKind::system, DS::preparing, PO::card, PS::refunded));
  EXPECT_TRUE(cancel_problem(ActorKind::system, DS::preparing, PO::card, PS::paid));
  EXPECT_TRUE(cancel_problem(ActorKind::system, DS::on_the_way, PO::card, PS::pending));
}

TEST(OrderModelPayment, CardTransitions) {
  EXPECT_FALSE(payment_transition_problem(PO::card, PS::pending, PS::paid));
  EXPECT_FALSE(payment_transition_problem(PO::card, PS::pending, PS::failed));
  EXPECT_FALSE(payment_transition_problem(PO::card, PS::failed, PS::paid));
  EXPECT_FALSE(payment_transition_problem(PO::card, PS::failed, PS::pending));
  EXPECT_FALSE(payment_transition_problem(PO::card, PS::paid, PS::refunded));
  EXPECT_TRUE(payment_transition_problem(PO::card, PS::paid, PS::pending));
  EXPECT_TRUE(payment_transition_problem(PO::card, PS::paid, PS::failed));
  // A refund the provider reverses after it had succeeded puts the money back.
  EXPECT_FALSE(payment_transition_problem(PO::card, PS::refunded, PS::paid));
  EXPECT_TRUE(payment_transition_problem(PO::card, PS::refunded, PS::pending));
  EXPECT_TRUE(payment_transition_problem(PO::card, PS::pending, PS::refunded));
  EXPECT_TRUE(payment_transition_problem(PO::card, PS::unpaid, PS::paid));
}

TEST(OrderModelPayment, CashOnDeliveryOnlyBecomesPaid) {
  EXPECT_FALSE(payment_transition_problem(PO::while_receiving, PS::unpaid, PS::paid));
  EXPECT_TRUE(payment_transition_problem(PO::while_receiving, PS::unpaid, PS::pending));
  EXPECT_TRUE(payment_transition_problem(PO::while_receiving, PS::paid, PS::refunded));
}

TEST(OrderModelPayment, FollowsDeliveryChanges) {
  EXPECT_EQ(payment_after_delivery_change(PO::while_receiving, PS::unpaid, DS::delivered),
            PS::paid);
  EXPECT_FALSE(payment_after_delivery_change(PO::card, PS::paid, DS::delivered));
  EXPECT_EQ(payment_after_delivery_change(PO::card, PS::pending, DS::cancelled), PS::failed);
  EXPECT_FALSE(payment_after_delivery_change(PO::while_receiving, PS::unpaid, DS::cancelled));
  EXPECT_FALSE(payment_after_delivery_change(PO::while_receiving, PS::unpaid, DS::on_the_way));
}

}  // namespace
}  // namespace wolfix::order
