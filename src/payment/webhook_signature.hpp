#pragma once
// Stripe's webhook signature scheme (Stripe-Signature header), used both to sign the sandbox's
// deliveries and to verify incoming ones. See spec/payments-research.md §1.9.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix {

// "t=<timestamp>,v1=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<payload>")>".
std::string stripe_signature_header(std::string_view secret, int64_t timestamp,
                                    std::string_view payload);

enum class SignatureError {
  none,                        // verified
  missing_header,              // empty or blank header
  malformed,                   // an element without '=', a missing/duplicate/non-numeric t=
  no_signatures,               // no v1= element at all
  timestamp_out_of_tolerance,  // authentic, but |now - t| > tolerance
  mismatch,                    // no v1 matches
};

// Stable snake_case name for logs and error bodies ("timestamp_out_of_tolerance", ...).
std::string_view signature_error_name(SignatureError e);

// Verifies `header` against the raw request body bytes. Like stripe-dotnet, the header and each
// comma-separated element are trimmed of spaces and tabs, and an element without '=' makes the
// header malformed. All v1 entries are tried (one per active secret while a secret rolls); v0
// and unknown schemes are ignored. The signature is checked before the timestamp, so
// timestamp_out_of_tolerance is reported only for a genuine but stale (or far-future) delivery.
// As in Stripe's libraries, a tolerance <= 0 disables the timestamp check.
// Throws std::invalid_argument for an empty secret.
SignatureError verify_stripe_signature(std::string_view header, std::string_view payload,
                                       std::string_view secret, int64_t now,
                                       int64_t tolerance_seconds = 300);

// The same, accepting a signature made with any of `secrets` (for a receiver that keeps the old
// secret during a roll). Throws std::invalid_argument if the list or any secret is empty.
SignatureError verify_stripe_signature_multi(std::string_view header, std::string_view payload,
                                             const std::vector<std::string>& secrets, int64_t now,
                                             int64_t tolerance_seconds = 300);

}  // namespace wolfix
