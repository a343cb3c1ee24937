// Bearer tokens: every byte of a token is the caller's. Verification must reject (never crash
// on) anything that is not a token we signed, and accept what we sign.
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/jwt.hpp"
#include "fuzz_support.hpp"

namespace {
constexpr std::string_view kSecret = "fuzzing-secret-fuzzing-secret-32b";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  std::string_view token(reinterpret_cast<const char*>(data), size);
  JwtCheck check{kSecret, "wolfix", "wolfix-clients", 1'800'000'000, 30};
  auto r = jwt_verify(token, check);
  // Without the secret no input can be a valid token (the seeds are signed with another key).
  fuzz::require(!r.ok(), "an unsigned token was accepted");
  fuzz::require(!r.error.empty(), "a rejection names its reason");

  // The same bytes as a claim value: signing and verifying round-trips.
  boost::json::object claims{{"sub", std::string(token)},
                             {"exp", 1'800'000'100},
                             {"iss", "wolfix"},
                             {"aud", "wolfix-clients"}};
  auto signed_token = jwt_sign(claims, kSecret);
  auto back = jwt_verify(signed_token, check);
  bool ascii = true;
  for (unsigned char c : token) ascii = ascii && c < 0x80;
  // Non-UTF-8 claims are never signed by Wolfix (and JSON parsing refuses them on the way back).
  if (ascii && signed_token.size() <= 8 * 1024) {
    fuzz::require(back.ok(), "a token we signed verifies");
    fuzz::require(back.claims.at("sub").as_string() == token, "claims round-trip");
  }
  return 0;
}
