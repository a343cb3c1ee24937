// Payment's pure rules, table-driven: which units a refund takes and how much it returns, the
// bonuses refunds take back, and what an intent's state means for its order.
#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "payment/model.hpp"

namespace wolfix::payment {
namespace {

using order::DeliveryStatus;
using order::LineRefundState;
using order::PaymentStatus;

const Actor kSellerA = Actor::user(Role::seller, "seller-a");
const Actor kSellerB = Actor::user(Role::seller, "seller-b");
const Actor kAdmin = Actor::user(Role::admin, "admin-1");

// Two mug lines (the same product bought twice) and a tea line of seller A; a lamp of seller B.
std::vector<LineRefundState> lines() {
  return {{"i1", "mug", "seller-a", 2, 1000, 0, 0},
          {"i2", "mug", "seller-a", 3, 900, 1, 0},
          {"i3", "tea", "seller-a", 1, 250, 0, 0},
          {"i4", "lamp", "seller-b", 1, 5000, 0, 0}};
}

RefundRequest ask(std::vector<RefundItemRequest> items, std::optional<int64_t> amount = {}) {
  return RefundRequest{amount, std::nullopt, std::move(items)};
}

// The status and code an ApiError carries, or {0, ""} when f does not throw.
template <class F>
std::pair<int, std::string> error_of(F f) {
  try {
    f();
  } catch (const ApiError& e) {
    return {e.status(), e.code()};
  }
  return {0, ""};
}

TEST(PaymentPlanRefund, FillsEachProductsLinesInOrderAtTheirPaidPrices) {
  struct Case {
    const char* name;
    std::vector<RefundItemRequest> items;
    std::vector<std::tuple<std::string, int64_t, int64_t>> picked;  // line, units, amount
    int64_t items_value;
    std::optional<std::pair<std::string, int64_t>> short_of;
  };
  const std::vector<Case> cases = {
      {"one unit of the first line", {{"mug", 1}}, {{"i1", 1, 1000}}, 1000, std::nullopt},
      {"spills into the second line", {{"mug", 3}}, {{"i1", 2, 2000}, {"i2", 1, 900}}, 2900, {}},
      // i2 has 1 of its 3 units refunded already: 2 + 2 are left.
      {"all that is left", {{"mug", 4}}, {{"i1", 2, 2000}, {"i2", 2, 1800}}, 3800, {}},
      {"more than is left",
       {{"mug", 5}},
       {{"i1", 2, 2000}, {"i2", 2, 1800}},
       3800,
       std::make_pair(std::string("mug"), int64_t{4})},
      {"two products", {{"tea", 1}, {"mug", 1}}, {{"i3", 1, 250}, {"i1", 1, 1000}}, 1250, {}},
      {"no items: money only", {}, {}, 0, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto plan = plan_refund(lines(), ask(c.items), false, kSellerA);
    ASSERT_EQ(plan.picked.size(), c.picked.size());
    for (std::size_t i = 0; i < c.picked.size(); ++i) {
      EXPECT_EQ(plan.picked[i].order_item_id, std::get<0>(c.picked[i]));
      EXPECT_EQ(plan.picked[i].quantity, std::get<1>(c.picked[i]));
      EXPECT_EQ(plan.picked[i].amount_minor, std::get<2>(c.picked[i]));
    }
    EXPECT_EQ(plan.items_value, c.items_value);
    EXPECT_EQ(plan.short_of, c.short_of);
    for (const auto& it : c.items) EXPECT_EQ(plan.wanted.at(it.product_id), it.quantity);
  }
}

TEST(PaymentPlanRefund, RefusesOtherSellersLinesAndUnknownProducts) {
  struct Case {
    const char* name;
    std::vector<RefundItemRequest> items;
    Actor actor;
    bool admin;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"a seller lists another seller's product", {{"lamp", 1}}, kSellerA, false, 403, "forbidden"},
      {"an admin may list any product", {{"lamp", 1}}, kAdmin, true, 0, ""},
      {"a product the order does not hold",
       {{"sofa", 1}},
       kSellerA,
       false,
       400,
       "validation_failed"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto [status, code] = error_of([&] { plan_refund(lines(), ask(c.items), c.admin, c.actor); });
    EXPECT_EQ(status, c.status);
    if (c.status != 0) {
      EXPECT_FALSE(code.empty());
    }
  }
}

TEST(PaymentRefundRights, AnAdminOrASellerOfTheOrder) {
  struct Case {
    const char* name;
    Actor actor;
    bool admin;
    std::vector<RefundItemRequest> items;
    int status;
  };
  const std::vector<Case> cases = {
      {"admin, whole order", kAdmin, true, {}, 0},
      {"seller with lines, listing items", kSellerA, false, {{"mug", 1}}, 0},
      {"seller with lines, whole order of several sellers", kSellerA, false, {}, 403},
      {"seller without lines", Actor::user(Role::seller, "seller-c"), false, {{"mug", 1}}, 403},
      {"a customer", Actor::user(Role::customer, "seller-a"), false, {{"mug", 1}}, 403},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(error_of([&] { check_refund_rights(lines(), ask(c.items), c.admin, c.actor); }).first,
              c.status);
  }
  // The only seller of an order may refund all of it without listing items.
  std::vector<LineRefundState> own{{"i1", "mug", "seller-a", 2, 1000, 0, 0}};
  EXPECT_EQ(error_of([&] { check_refund_rights(own, ask({}), false, kSellerA); }).first, 0);
}

TEST(PaymentRefundAmount, DefaultsToTheItemsValueCappedByWhatIsLeft) {
  struct Case {
    const char* name;
    std::vector<RefundItemRequest> items;
    std::optional<int64_t> amount;
    int64_t left;
    int64_t want;  // or the error below
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"everything left", {}, std::nullopt, 7000, 7000, 0, ""},
      {"an amount", {}, 2500, 7000, 2500, 0, ""},
      {"the items' value", {{"mug", 3}}, std::nullopt, 7000, 2900, 0, ""},
      {"the items' value, capped", {{"mug", 3}}, std::nullopt, 2000, 2000, 0, ""},
      {"less than the items' value", {{"mug", 3}}, 100, 7000, 100, 0, ""},
      {"more than the items' value", {{"mug", 1}}, 1001, 7000, 0, 400, "amount_exceeds_items"},
      {"more units than refundable",
       {{"mug", 5}},
       std::nullopt,
       7000,
       0,
       409,
       "quantity_too_large"},
      {"nothing left", {}, std::nullopt, 0, 0, 409, "nothing_to_refund"},
      {"more than left", {}, 7001, 7000, 0, 409, "amount_too_large"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto request = ask(c.items, c.amount);
    auto plan = plan_refund(lines(), request, false, kSellerA);
    int64_t want = 0;
    auto [status, code] = error_of([&] { want = refund_amount(plan, request, c.left, 2); });
    EXPECT_EQ(status, c.status);
    EXPECT_EQ(code, c.code);
    if (c.status == 0) {
      EXPECT_EQ(want, c.want);
    }
  }
}

TEST(PaymentBonusReclaim, TheShareOfEarnedUnitsThatRefundsReturned) {
  struct Case {
    const char* name;
    order::LineBonus line;  // item, quantity, units (earned on), earned, reclaimed, debited
    int64_t refunded_units;
    bool full;
    int64_t target;
    BonusMove move;
  };
  const std::vector<Case> cases = {
      {"nothing refunded", {"i", 3, 3, 300, 0, 0}, 0, false, 0, {0, 0}},
      {"one of three", {"i", 3, 3, 300, 0, 0}, 1, false, 100, {100, 0}},
      {"one more", {"i", 3, 3, 300, 100, 100}, 2, false, 200, {100, 0}},
      {"the money back in full", {"i", 3, 3, 300, 100, 100}, 1, true, 300, {200, 0}},
      // 1 of 3 units was refunded before delivery and earned nothing: the first refunded unit
      // owes nothing back.
      {"refunded before delivery", {"i", 3, 2, 200, 0, 0}, 1, false, 0, {0, 0}},
      {"then one earned unit", {"i", 3, 2, 200, 0, 0}, 2, false, 100, {100, 0}},
      {"never more than earned", {"i", 3, 3, 300, 0, 0}, 9, false, 300, {300, 0}},
      {"a reversal gives back", {"i", 3, 3, 300, 200, 200}, 1, false, 100, {0, 100}},
      {"only what the balance gave", {"i", 3, 3, 300, 200, 50}, 0, false, 0, {0, 50}},
      {"earned nothing", {"i", 3, 0, 0, 0, 0}, 3, true, 0, {0, 0}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    int64_t target = bonus_reclaim_target(c.line, c.refunded_units, c.full);
    EXPECT_EQ(target, c.target);
    auto move = bonus_move(c.line, target);
    EXPECT_EQ(move.take, c.move.take);
    EXPECT_EQ(move.give, c.move.give);
  }
}

TEST(PaymentDecideIntent, WhatAnIntentMeansForItsOrder) {
  auto order_with = [](PaymentStatus ps, DeliveryStatus ds) {
    order::OrderPaymentView o;
    o.id = "order-1";
    o.currency = "usd";
    o.price_minor = 19999;
    o.payment_status = ps;
    o.delivery_status = ds;
    o.payment_intent_id = "pi_1";
    return o;
  };
  auto intent = [](const std::string& status, bool error = false) {
    PaymentIntent pi;
    pi.id = "pi_1";
    pi.status = status;
    pi.amount = 19999;
    pi.currency = "usd";
    pi.metadata = {{"order_id", "order-1"}};
    if (error) pi.last_payment_error = ProviderErrorInfo{};
    return pi;
  };
  using PS = PaymentStatus;
  using DS = DeliveryStatus;
  struct Case {
    const char* name;
    order::OrderPaymentView order;
    PaymentIntent pi;
    IntentStep step;
  };
  auto other_amount = intent("succeeded");
  other_amount.amount = 1;
  auto other_currency = intent("succeeded");
  other_currency.currency = "eur";
  auto other_order = intent("succeeded");
  other_order.metadata = {{"order_id", "order-2"}};
  auto other_intent = intent("succeeded");
  other_intent.id = "pi_2";
  const std::vector<Case> cases = {
      {"succeeded, pending", order_with(PS::pending, DS::preparing), intent("succeeded"),
       IntentStep::mark_paid},
      {"succeeded, failed before", order_with(PS::failed, DS::preparing), intent("succeeded"),
       IntentStep::mark_paid},
      {"succeeded, paid", order_with(PS::paid, DS::preparing), intent("succeeded"),
       IntentStep::already},
      {"succeeded, refunded", order_with(PS::refunded, DS::preparing), intent("succeeded"),
       IntentStep::already},
      {"succeeded, order expired", order_with(PS::pending, DS::cancelled), intent("succeeded"),
       IntentStep::late_payment},
      {"other amount", order_with(PS::pending, DS::preparing), other_amount, IntentStep::mismatch},
      {"other currency", order_with(PS::pending, DS::preparing), other_currency,
       IntentStep::mismatch},
      {"other order", order_with(PS::pending, DS::preparing), other_order, IntentStep::mismatch},
      {"other intent", order_with(PS::pending, DS::preparing), other_intent, IntentStep::mismatch},
      {"canceled, pending", order_with(PS::pending, DS::preparing), intent("canceled"),
       IntentStep::cancel},
      {"canceled, paid", order_with(PS::paid, DS::preparing), intent("canceled"),
       IntentStep::already},
      {"canceled, already cancelled", order_with(PS::pending, DS::cancelled), intent("canceled"),
       IntentStep::already},
      {"declined, pending", order_with(PS::pending, DS::preparing),
       intent("requires_payment_method", true), IntentStep::record_failure},
      {"declined again", order_with(PS::failed, DS::preparing),
       intent("requires_payment_method", true), IntentStep::record_failure},
      {"declined, paid", order_with(PS::paid, DS::preparing),
       intent("requires_payment_method", true), IntentStep::already},
      {"no card yet", order_with(PS::pending, DS::preparing), intent("requires_payment_method"),
       IntentStep::in_progress},
      {"3-D Secure", order_with(PS::pending, DS::preparing), intent("requires_action"),
       IntentStep::in_progress},
      {"processing", order_with(PS::pending, DS::preparing), intent("processing"),
       IntentStep::in_progress},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(decide_intent(c.order, c.pi), c.step);
  }
}

}  // namespace
}  // namespace wolfix::payment
