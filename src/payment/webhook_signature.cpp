#include "payment/webhook_signature.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>

#include "common/crypto.hpp"

namespace wolfix {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct ParsedHeader {
  std::string_view timestamp_text;  // signed as received, digit for digit
  int64_t timestamp = 0;
  std::vector<std::string_view> v1;
};

// Returns malformed / no_signatures, or none with `out` filled in.
SignatureError parse_header(std::string_view header, ParsedHeader& out) {
  bool have_timestamp = false;
  std::string_view rest = header;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return SignatureError::malformed;
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (key == "t") {
      // Two timestamps would leave it open which one was signed; Stripe never sends two.
      if (have_timestamp) return SignatureError::malformed;
      if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos) {
        return SignatureError::malformed;
      }
      const auto res = std::from_chars(value.data(), value.data() + value.size(), out.timestamp);
      if (res.ec != std::errc() || res.ptr != value.data() + value.size()) {
        return SignatureError::malformed;
      }
      out.timestamp_text = value;
      have_timestamp = true;
    } else if (key == "v1") {
      out.v1.push_back(value);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!have_timestamp) return SignatureError::malformed;
  if (out.v1.empty()) return SignatureError::no_signatures;
  return SignatureError::none;
}

std::string expected_signature(std::string_view secret, std::string_view timestamp_text,
                               std::string_view payload) {
  std::string signed_payload;
  signed_payload.reserve(timestamp_text.size() + 1 + payload.size());
  signed_payload.append(timestamp_text).append(".").append(payload);
  return to_hex(hmac_sha256(secret, signed_payload));
}

SignatureError verify(std::string_view header, std::string_view payload,
                      const std::vector<std::string_view>& secrets, int64_t now,
                      int64_t tolerance_seconds) {
  for (std::string_view s : secrets) {
    if (s.empty()) throw std::invalid_argument("verify_stripe_signature: empty secret");
  }
  if (secrets.empty()) throw std::invalid_argument("verify_stripe_signature: no secrets");

  header = trim(header);
  if (header.empty()) return SignatureError::missing_header;
  ParsedHeader parsed;
  if (const auto e = parse_header(header, parsed); e != SignatureError::none) return e;

  bool matched = false;
  for (std::string_view secret : secrets) {
    const std::string expected = expected_signature(secret, parsed.timestamp_text, payload);
    for (std::string_view candidate : parsed.v1) {
      matched = constant_time_equals(candidate, expected) || matched;
    }
  }
  if (!matched) return SignatureError::mismatch;

  if (tolerance_seconds > 0) {
    // Unsigned distance: now - timestamp could overflow int64 for absurd inputs.
    const uint64_t distance = now >= parsed.timestamp ? uint64_t(now) - uint64_t(parsed.timestamp)
                                                      : uint64_t(parsed.timestamp) - uint64_t(now);
    if (distance > uint64_t(tolerance_seconds)) return SignatureError::timestamp_out_of_tolerance;
  }
  return SignatureError::none;
}

}  // namespace

std::string stripe_signature_header(std::string_view secret, int64_t timestamp,
                                    std::string_view payload) {
  const std::string t = std::to_string(timestamp);
  return "t=" + t + ",v1=" + expected_signature(secret, t, payload);
}

std::string_view signature_error_name(SignatureError e) {
  switch (e) {
    case SignatureError::none:
      return "none";
    case SignatureError::missing_header:
      return "missing_header";
    case SignatureError::malformed:
      return "malformed";
    case SignatureError::no_signatures:
      return "no_signatures";
    case SignatureError::timestamp_out_of_tolerance:
      return "timestamp_out_of_tolerance";
    case SignatureError::mismatch:
      return "mismatch";
  }
  return "unknown";
}

SignatureError verify_stripe_signature(std::string_view header, std::string_view payload,
                                       std::string_view secret, int64_t now,
                                       int64_t tolerance_seconds) {
  return verify(header, payload, {secret}, now, tolerance_seconds);
}

SignatureError verify_stripe_signature_multi(std::string_view header, std::string_view payload,
                                             const std::vector<std::string>& secrets, int64_t now,
                                             int64_t tolerance_seconds) {
  return verify(header, payload, std::vector<std::string_view>(secrets.begin(), secrets.end()), now,
                tolerance_seconds);
}

}  // namespace wolfix
