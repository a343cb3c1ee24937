#pragma once
// Reading Stripe's JSON objects into the gateway's structs (used by StripeGateway and by
// parse_event). Lenient like Stripe's SDKs: unknown fields are ignored, missing ones stay empty.
#include <boost/json/value.hpp>

#include "payment/gateway.hpp"

namespace wolfix::payment {

PaymentIntent intent_from_json(const boost::json::value& v);
Refund refund_from_json(const boost::json::value& v);
Charge charge_from_json(const boost::json::value& v);
Dispute dispute_from_json(const boost::json::value& v);
Event event_from_json(const boost::json::value& v);
ProviderErrorInfo error_info_from_json(const boost::json::value& v);

}  // namespace wolfix::payment
