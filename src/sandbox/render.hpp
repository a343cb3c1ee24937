#pragma once
// Stripe's JSON shapes for the sandbox's objects (keys after stripe-mock's fixtures).
#include <string>

#include "sandbox/model.hpp"
#include "sandbox/store.hpp"

namespace wolfix::sandbox {

std::string intent_json(const IntentRow& pi);
std::string charge_json(const IntentRow& pi);  // the intent's latest (successful) charge
std::string refund_json(const RefundRow& r);
std::string dispute_json(const DisputeRow& d);
// last_payment_error for a failed confirmation with `outcome`.
std::string payment_error_json(const CardOutcome& outcome, const std::string& charge_id,
                               const IntentRow& pi);
// {"error":{...}}; `extra` is appended raw inside the error object (",\"payment_intent\":{...}").
std::string error_body(const std::string& type, const std::string& code, const std::string& message,
                       const std::string& param = {}, const std::string& decline_code = {},
                       const std::string& extra = {});

}  // namespace wolfix::sandbox
