#include "payment/payments_json.hpp"

#include "common/clock.hpp"
#include "common/json_writer.hpp"
#include "common/money.hpp"

namespace wolfix::payment {

std::string order_payments_json(const OrderPayments& p) {
  const auto& view = p.order;
  int exp = currency_exponent(view.currency);
  JsonWriter w;
  w.begin_object()
      .field("orderId", view.id)
      .field("paymentOption", static_cast<int>(view.payment_option))
      .field("paymentStatus", static_cast<int>(view.payment_status))
      .field("currency", view.currency)
      .money_field("amount", view.price_minor, exp);
  if (const auto& pay = p.payment) {
    w.field("paymentIntentId", pay->intent_id)
        .money_field("received", pay->received_minor, exp)
        .money_field("refunded", pay->refunded_minor, exp);
    if (pay->last_error_code) {
      w.key("lastError").begin_object().field("code", *pay->last_error_code);
      if (pay->last_decline_code) w.field("declineCode", *pay->last_decline_code);
      if (pay->last_error_message) w.field("message", *pay->last_error_message);
      w.end_object();
    }
  }
  // Per order line: what can still be refunded by items, and what went back to stock.
  w.key("lines").begin_array();
  for (const auto& l : p.lines)
    w.begin_object()
        .field("productId", l.product_id)
        .field("quantity", l.quantity)
        .money_field("unitPrice", l.unit_price_minor, exp)
        .field("refundedQuantity", l.refunded_quantity)
        .field("restockedQuantity", l.restocked_quantity)
        .end_object();
  w.end_array();
  w.key("refunds").begin_array();
  for (const auto& [r, items] : p.refunds) {
    w.begin_object()
        .field("id", r.id)
        .money_field("amount", r.amount_minor, exp)
        .field("status", to_string(r.status))
        .field("source", to_string(r.source))
        .optional_field("reason", r.reason ? &*r.reason : nullptr)
        .field("createdAt", iso8601_utc(r.created_at));
    w.key("items").begin_array();
    for (const auto& i : items)
      w.begin_object()
          .field("productId", i.product_id)
          .field("quantity", i.quantity)
          .money_field("amount", i.amount_minor, exp)
          .end_object();
    w.end_array().end_object();
  }
  w.end_array();
  // The history as it always was: [{at, kind, amount, providerRef, code, source, detail}],
  // oldest first, amounts in the order's currency like every other amount here.
  w.key("history").begin_array();
  for (const auto& e : p.history) {
    w.begin_object().field("at", iso8601_utc(e.at)).field("kind", to_string(e.kind));
    if (!e.amount_minor)
      w.key("amount").null();
    else
      w.money_field("amount", *e.amount_minor, exp);
    w.optional_field("providerRef", e.provider_ref ? &*e.provider_ref : nullptr)
        .optional_field("code", e.code ? &*e.code : nullptr)
        .field("source", to_string(e.source))
        .optional_field("detail", e.detail ? &*e.detail : nullptr)
        .end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace wolfix::payment
