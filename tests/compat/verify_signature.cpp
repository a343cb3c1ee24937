// verify_webhook_signature SECRET HEADER PAYLOAD_FILE [TOLERANCE]: Wolfix's Stripe-Signature
// verifier as a command, so the compatibility test can feed it stripe-node's test headers.
// Exit 0 when the signature verifies; otherwise prints the reason and exits 1.
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "payment/webhook_signature.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: verify_webhook_signature SECRET HEADER PAYLOAD_FILE [TOLERANCE]\n";
    return 2;
  }
  // An unreadable payload file is a broken test, not an empty payload that fails to verify.
  std::ifstream in(argv[3], std::ios::binary);
  if (!in) {
    std::cerr << "verify_webhook_signature: cannot read " << argv[3] << "\n";
    return 2;
  }
  std::stringstream payload;
  payload << in.rdbuf();
  int64_t tolerance = 300;
  if (argc > 4) {
    try {
      tolerance = std::stoll(argv[4]);
    } catch (const std::exception&) {
      std::cerr << "verify_webhook_signature: TOLERANCE must be a number of seconds\n";
      return 2;
    }
  }
  auto result = wolfix::verify_stripe_signature(
      argv[2], payload.str(), argv[1], static_cast<int64_t>(std::time(nullptr)), tolerance);
  std::cout << wolfix::signature_error_name(result) << "\n";
  return result == wolfix::SignatureError::none ? 0 : 1;
}
