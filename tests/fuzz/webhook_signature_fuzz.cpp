// The Stripe-Signature header of a webhook delivery. Input: the header, a newline, the body.
// Without the secret nothing verifies; with it, what we sign verifies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "payment/webhook_signature.hpp"

namespace {
constexpr std::string_view kSecret = "whsec_fuzzing_secret";
constexpr int64_t kNow = 1'800'000'000;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto [header, payload] = fuzz::split_once(in, "\n");

  auto verdict = verify_stripe_signature(header, payload, kSecret, kNow);
  fuzz::require(verdict != SignatureError::none, "a header forged without the secret verified");
  fuzz::require(!signature_error_name(verdict).empty(), "every verdict has a name");
  std::vector<std::string> secrets{"whsec_old", std::string(kSecret)};
  verdict = verify_stripe_signature_multi(header, payload, secrets, kNow, 0);
  fuzz::require(verdict != SignatureError::none, "a forged header verified against a roll");

  // Whatever the payload, a header we make for it verifies, also next to the fuzzed elements.
  auto good = stripe_signature_header(kSecret, kNow, payload);
  fuzz::require(verify_stripe_signature(good, payload, kSecret, kNow) == SignatureError::none,
                "our own signature verifies");
  return 0;
}
