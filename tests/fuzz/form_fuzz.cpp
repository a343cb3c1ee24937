// The sandbox's application/x-www-form-urlencoded bodies (Stripe's API shape): decoding, the
// bracket readers, and encode/decode round-tripping whatever was decoded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/form.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto fields = FormFields::parse(body);
  if (!fields) return 0;
  (void)fields->get("amount");
  (void)fields->prefixed("metadata");
  (void)fields->list("payment_method_types");
  (void)fields->list("expand");
  // What was decoded must survive encoding and decoding again unchanged.
  auto again = form_decode(form_encode(fields->pairs()));
  fuzz::require(again.has_value(), "an encoded form decodes");
  fuzz::require(*again == fields->pairs(), "encode then decode gives the same pairs");
  return 0;
}
