// verify_webhook_signature SECRET HEADER PAYLOAD_FILE [TOLERANCE]: Wolfix's Stripe-Signature
// verifier as a command, so the compatibility test can feed it stripe-node's test headers.
// Exit 0 when the signature verifies; otherwise prints the reason and exits 1.
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "payment/webhook_signature.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: verify_webhook_signature SECRET HEADER PAYLOAD_FILE [TOLERANCE]\n";
    return 2;
  }
  std::ifstream in(argv[3], std::ios::binary);
  std::stringstream payload;
  payload << in.rdbuf();
  int64_t tolerance = argc > 4 ? std::stoll(argv[4]) : 300;
  auto result = wolfix::verify_stripe_signature(
      argv[2], payload.str(), argv[1], static_cast<int64_t>(std::time(nullptr)), tolerance);
  std::cout << wolfix::signature_error_name(result) << "\n";
  return result == wolfix::SignatureError::none ? 0 : 1;
}
