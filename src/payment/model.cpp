#include "payment/model.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "common/money.hpp"

namespace wolfix::payment {

void check_refund_rights(const std::vector<order::LineRefundState>& lines,
                         const RefundRequest& request, bool admin, const Actor& actor) {
  if (admin) return;
  bool own_all = !lines.empty(), own_any = false;
  for (const auto& l : lines) {
    bool own = actor.is(Role::seller) && l.seller_id == actor.id;
    own_all = own_all && own;
    own_any = own_any || own;
  }
  if (!own_any) throw forbidden("Only an admin or a seller of this order's items may refund it");
  if (request.items.empty() && !own_all)
    throw forbidden(
        "This order also holds other sellers' items: list the items of yours to refund");
}

RefundPlan plan_refund(const std::vector<order::LineRefundState>& lines,
                       const RefundRequest& request, bool admin, const Actor& actor) {
  RefundPlan plan;
  FieldErrors errors;
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const auto& it = request.items[i];
    std::string field = "items[" + std::to_string(i) + "].productId";
    bool found = false;
    int64_t need = it.quantity, free = 0;
    for (const auto& l : lines) {
      if (l.product_id != it.product_id) continue;
      found = true;
      if (!admin && l.seller_id != actor.id)
        throw forbidden("You can refund only the lines of your own products (" + it.product_id +
                        " is another seller's)");
      int64_t available = l.quantity - l.refunded_quantity;
      free += available;
      int64_t take = std::min(need, available);
      if (take <= 0) continue;
      plan.picked.push_back({l.item_id, l.product_id, take, take * l.unit_price_minor});
      plan.items_value += take * l.unit_price_minor;
      need -= take;
    }
    if (!found) {
      errors[field].push_back("This order has no line with product " + it.product_id);
      continue;
    }
    plan.wanted[it.product_id] += it.quantity;
    if (need > 0 && !plan.short_of) plan.short_of = std::make_pair(it.product_id, free);
  }
  if (!errors.empty()) throw validation_failed(std::move(errors));
  return plan;
}

int64_t refund_amount(const RefundPlan& plan, const RefundRequest& request, int64_t left, int exp) {
  if (plan.short_of)
    throw ApiError(409, "quantity_too_large",
                   "At most " + std::to_string(plan.short_of->second) + " unit(s) of product " +
                       plan.short_of->first + " can still be refunded")
        .with("productId", plan.short_of->first)
        .with("refundableQuantity", plan.short_of->second);
  if (!plan.picked.empty() && request.amount && *request.amount > plan.items_value)
    throw ApiError(400, "amount_exceeds_items",
                   "The amount may not exceed the listed items' value (" +
                       format_minor(plan.items_value, exp) + ")",
                   {{"amount", {"must not exceed " + format_minor(plan.items_value, exp)}}})
        .with("itemsAmount", ErrorValue::money(plan.items_value, exp));
  int64_t want =
      request.amount.value_or(plan.picked.empty() ? left : std::min(plan.items_value, left));
  if (want <= 0 || left <= 0)
    throw conflict("nothing_to_refund", "Everything paid for this order is already refunded");
  if (want > left)
    throw ApiError(409, "amount_too_large",
                   "At most " + format_minor(left, exp) + " can still be refunded")
        .with("refundable", ErrorValue::money(left, exp));
  return want;
}

int64_t bonus_reclaim_target(const order::LineBonus& l, int64_t refunded_units, bool full) {
  if (l.earned <= 0 || l.units <= 0) return l.reclaimed;  // earned nothing: nothing moves
  if (full) return l.earned;
  int64_t earned_units_back = std::max<int64_t>(0, refunded_units - (l.quantity - l.units));
  return std::min(l.earned, l.earned / l.units * earned_units_back);
}

BonusMove bonus_move(const order::LineBonus& l, int64_t target) {
  int64_t delta = target - l.reclaimed;
  if (delta > 0) return {delta, 0};
  if (delta < 0) return {0, std::min(-delta, l.debited)};
  return {};
}

IntentStep decide_intent(const order::OrderPaymentView& order, const PaymentIntent& pi) {
  auto meta = pi.metadata.find("order_id");
  bool matches = (meta != pi.metadata.end() && meta->second == order.id) &&
                 order.payment_intent_id && *order.payment_intent_id == pi.id &&
                 pi.amount == order.price_minor && pi.currency == order.currency;
  if (!matches) return IntentStep::mismatch;
  bool settled = order.payment_status == order::PaymentStatus::paid ||
                 order.payment_status == order::PaymentStatus::refunded;
  bool cancelled = order.delivery_status == order::DeliveryStatus::cancelled;
  if (pi.succeeded()) {
    if (settled) return IntentStep::already;
    return cancelled ? IntentStep::late_payment : IntentStep::mark_paid;
  }
  if (pi.canceled()) {
    if (order.payment_status == order::PaymentStatus::paid || cancelled) return IntentStep::already;
    return IntentStep::cancel;
  }
  if (pi.failed_attempt()) return settled ? IntentStep::already : IntentStep::record_failure;
  return IntentStep::in_progress;
}

}  // namespace wolfix::payment
