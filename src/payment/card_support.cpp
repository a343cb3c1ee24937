// Small helpers every file of CardPayments uses.
#include "payment/card_support.hpp"

#include "payment/card_flow.hpp"

namespace wolfix::payment {

std::string intent_key(const std::string& order_id) {
  return "wolfix-order-" + order_id;
}

Actor system_actor() {
  return Actor::system("Payments");
}

ApiError provider_unavailable(const ProviderUnavailable& e, const std::string& what) {
  return ApiError(
      503, e.code().empty() ? "api_connection_error" : e.code(),
      "The payment provider cannot be reached right now (" + what + "); please try again");
}

ApiError provider_refused(const ProviderError& e, const std::string& what) {
  std::string code = !e.code().empty() ? e.code() : e.type();
  return ApiError(502, code, "The payment provider refused " + what + ": " + e.what());
}

}  // namespace wolfix::payment
