// GET /api/orders/{id}/payments: what the payment side knows of one order (serialized by
// payments_json.cpp).
#include "order/refund_lines.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

OrderPayments CardPayments::payments(const Actor& actor, const std::string& order_id) {
  return db_.read([&](db::Session& s) {
    auto view = orders_.payment_view(s, order_id);
    if (!view) throw not_found("Order with id: " + order_id + " not found");
    bool allowed = actor.is_admin() ||
                   (actor.is(Role::customer) && actor.id == view->customer_id) ||
                   (actor.is(Role::seller) && order::seller_has_items(s, order_id, actor.id));
    if (!allowed) throw forbidden("This is not your order");
    OrderPayments out{*view,
                      ledger::find_order_payment(s, order_id),
                      order::refundable_lines(s, order_id),
                      {},
                      ledger::events_of(s, order_id)};
    for (auto& r : ledger::refunds_of(s, order_id)) {
      auto items = ledger::refund_items_of(s, r.id);
      out.refunds.push_back({std::move(r), std::move(items)});
    }
    return out;
  });
}

}  // namespace wolfix::payment
