#pragma once
// The wire format of GET /api/orders/{id}/payments (and of a refund's 201 answer).
#include <string>

#include "payment/card_flow.hpp"

namespace wolfix::payment {

// {orderId, paymentOption, paymentStatus, currency, amount, paymentIntentId?, received?,
// refunded?, lastError?, lines, refunds, history}; money as plain decimals in the order's
// currency (the shop's, common/money.hpp).
std::string order_payments_json(const OrderPayments& p);

}  // namespace wolfix::payment
