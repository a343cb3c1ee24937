// Webhook event bodies and the provider's objects (the same readers parse the gateway's
// answers). Malformed events are rejected with std::invalid_argument (a 400 "invalid_event"),
// anything else escaping is a finding.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "fuzz_support.hpp"
#include "payment/gateway.hpp"
#include "payment/stripe_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix::payment;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto e = parse_event(text);
    wolfix::fuzz::require(!e.id.empty(), "an accepted event has an id");
  } catch (const std::invalid_argument&) {
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) return 0;
  (void)intent_from_json(v);
  (void)refund_from_json(v);
  (void)charge_from_json(v);
  (void)dispute_from_json(v);
  (void)error_info_from_json(v);
  return 0;
}
