#include "payment/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/crypto.hpp"

namespace wolfix {
namespace {

using E = SignatureError;

constexpr std::string_view kSecret = "whsec_test_secret";
constexpr std::string_view kPayload = R"({"id":"evt_test","object":"event"})";
constexpr int64_t kT = 1492774577;
// Independently computed: printf '%s' '1492774577.{"id":"evt_test","object":"event"}' |
//   openssl dgst -sha256 -hmac whsec_test_secret
constexpr std::string_view kSig =
    "691252e266ce41cb94d709c84e9580d4172b117a510bbc81723f657d2cd5d215";

std::string sig_for(std::string_view secret, int64_t t, std::string_view payload) {
  return to_hex(hmac_sha256(secret, std::to_string(t) + "." + std::string(payload)));
}

E verify(std::string_view header, int64_t now = kT, int64_t tolerance = 300) {
  return verify_stripe_signature(header, kPayload, kSecret, now, tolerance);
}

TEST(StripeSignature, HeaderFormatAndKnownVector) {
  EXPECT_EQ(stripe_signature_header(kSecret, kT, kPayload), "t=1492774577,v1=" + std::string(kSig));
  EXPECT_EQ(verify(stripe_signature_header(kSecret, kT, kPayload)), E::none);
}

TEST(StripeSignature, SignsRawBytesExactly) {
  const std::string pretty = "{\n  \"id\": \"evt_test\",\n  \"object\": \"event\"\n}";
  const std::string header = stripe_signature_header(kSecret, kT, kPayload);
  EXPECT_EQ(verify_stripe_signature(header, pretty, kSecret, kT), E::mismatch);
  const std::string binary("a\0b\xff", 4);
  EXPECT_EQ(
      verify_stripe_signature(stripe_signature_header(kSecret, kT, binary), binary, kSecret, kT),
      E::none);
  EXPECT_EQ(verify_stripe_signature(stripe_signature_header(kSecret, kT, ""), "", kSecret, kT),
            E::none);
}

TEST(StripeSignature, AnyOfSeveralV1Matches) {
  const std::string wrong = sig_for("whsec_old_secret", kT, kPayload);
  EXPECT_EQ(verify("t=1492774577,v1=" + wrong + ",v1=" + std::string(kSig)), E::none);
  EXPECT_EQ(verify("t=1492774577,v1=" + std::string(kSig) + ",v1=" + wrong), E::none);
  EXPECT_EQ(verify("v1=" + wrong + ",t=1492774577,v1=" + std::string(kSig) + ",v0=abc"), E::none);
  EXPECT_EQ(verify("t=1492774577,v1=" + wrong + ",v1=" + wrong), E::mismatch);
}

// Every v1 is checked against the header's own t. The compat test once joined a header made
// with stripe-node's generateTestHeaderString at second T+1 (t and one v1) with the v1 of another
// header made at second T: the verifier must, and does, call that a mismatch. Both v1 made for
// the same t are accepted.
TEST(StripeSignature, EveryV1IsBoundToTheHeadersTimestamp) {
  const std::string ours_at_t = sig_for(kSecret, kT, kPayload);
  const std::string old_at_t = sig_for("whsec_old_secret", kT, kPayload);
  const std::string old_at_next = sig_for("whsec_old_secret", kT + 1, kPayload);
  const std::string t = std::to_string(kT), next = std::to_string(kT + 1);
  EXPECT_EQ(verify("t=" + t + ",v1=" + old_at_t + ",v1=" + ours_at_t), E::none);
  EXPECT_EQ(verify("t=" + next + ",v1=" + old_at_next + ",v1=" + ours_at_t, kT + 1), E::mismatch);
  EXPECT_EQ(verify("t=" + next + ",v1=" + ours_at_t, kT + 1), E::mismatch);
  EXPECT_EQ(verify("t=" + next + ",v1=" + sig_for(kSecret, kT + 1, kPayload), kT + 1), E::none);
}

TEST(StripeSignature, V0AndUnknownSchemesIgnored) {
  const std::string good(kSig);
  EXPECT_EQ(verify("t=1492774577,v0=6ffbb59b2300aae63f272406069a9788,v1=" + good), E::none);
  EXPECT_EQ(verify("t=1492774577,v1=" + good + ",v2=whatever,x=1,=empty-key"), E::none);
  // A correct signature under any other scheme name does not count.
  EXPECT_EQ(verify("t=1492774577,v0=" + good), E::no_signatures);
  EXPECT_EQ(verify("t=1492774577,V1=" + good), E::no_signatures);
  EXPECT_EQ(verify("t=1492774577"), E::no_signatures);
}

TEST(StripeSignature, TamperedPayloadOrWrongSecret) {
  const std::string header = stripe_signature_header(kSecret, kT, kPayload);
  EXPECT_EQ(verify_stripe_signature(header, R"({"id":"evt_test","object":"evenT"})", kSecret, kT),
            E::mismatch);
  EXPECT_EQ(verify_stripe_signature(header, kPayload, "whsec_other", kT), E::mismatch);
  // The timestamp is part of what is signed.
  EXPECT_EQ(verify("t=1492774578,v1=" + std::string(kSig), kT), E::mismatch);
}

TEST(StripeSignature, SignatureMustBeExactLowercaseHex) {
  std::string upper(kSig);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(verify("t=1492774577,v1=" + upper), E::mismatch);
  EXPECT_EQ(verify("t=1492774577,v1=" + std::string(kSig.substr(0, 63))), E::mismatch);
  EXPECT_EQ(verify("t=1492774577,v1=" + std::string(kSig) + "0"), E::mismatch);
  EXPECT_EQ(verify("t=1492774577,v1="), E::mismatch);
  EXPECT_EQ(verify("t=1492774577,v1=" + std::string(kSig) + " x"), E::mismatch);
}

TEST(StripeSignature, TimestampTolerance) {
  const std::string header = "t=1492774577,v1=" + std::string(kSig);
  EXPECT_EQ(verify(header, kT + 300), E::none);
  EXPECT_EQ(verify(header, kT + 301), E::timestamp_out_of_tolerance);
  EXPECT_EQ(verify(header, kT + 86400), E::timestamp_out_of_tolerance);
  // Far-future timestamps are rejected by the same window.
  EXPECT_EQ(verify(header, kT - 300), E::none);
  EXPECT_EQ(verify(header, kT - 301), E::timestamp_out_of_tolerance);
  // A custom tolerance.
  EXPECT_EQ(verify(header, kT + 10, 10), E::none);
  EXPECT_EQ(verify(header, kT + 11, 10), E::timestamp_out_of_tolerance);
  // As in Stripe's libraries, tolerance <= 0 switches the check off.
  EXPECT_EQ(verify(header, kT + 86400 * 365, 0), E::none);
  EXPECT_EQ(verify(header, kT - 86400 * 365, -1), E::none);
  // Extreme clocks do not overflow.
  EXPECT_EQ(verify(header, std::numeric_limits<int64_t>::min()), E::timestamp_out_of_tolerance);
  EXPECT_EQ(verify(header, std::numeric_limits<int64_t>::max()), E::timestamp_out_of_tolerance);
}

TEST(StripeSignature, MismatchIsReportedBeforeStaleness) {
  const std::string wrong = sig_for("whsec_other", kT, kPayload);
  EXPECT_EQ(verify("t=1492774577,v1=" + wrong, kT + 10000), E::mismatch);
}

TEST(StripeSignature, MissingHeader) {
  EXPECT_EQ(verify(""), E::missing_header);
  EXPECT_EQ(verify("   "), E::missing_header);
  EXPECT_EQ(verify(" \t "), E::missing_header);
}

TEST(StripeSignature, MalformedHeaders) {
  const std::string good(kSig);
  const std::vector<std::string> bad = {
      "garbage",
      "t1492774577,v1=" + good,                // element without '='
      "t=1492774577,v1=" + good + ",",         // trailing empty element
      ",t=1492774577,v1=" + good,              // leading empty element
      "t=1492774577,,v1=" + good,              // empty element in the middle
      "v1=" + good,                            // no timestamp
      "t=,v1=" + good,                         // empty timestamp
      "t=abc,v1=" + good,                      // not a number
      "t=-1492774577,v1=" + good,              // sign
      "t=+1492774577,v1=" + good,              // sign
      "t=1492774577.5,v1=" + good,             // fraction
      "t=1e9,v1=" + good,                      // exponent
      "t=99999999999999999999,v1=" + good,     // overflows int64
      "t=1492774577,t=1492774577,v1=" + good,  // duplicate timestamp
      "t = 1492774577,v1=" + good,             // key "t " is not "t" (as in stripe-dotnet)
      "t=1492774577;v1=" + good,               // wrong separator: t is "1492774577;v1=…"
  };
  for (const auto& header : bad) EXPECT_EQ(verify(header), E::malformed) << header;
}

TEST(StripeSignature, WhitespaceAroundElementsIsTrimmed) {
  // stripe-dotnet trims the header and each element; stripe-ruby splits on /,\s*/.
  const std::string good(kSig);
  EXPECT_EQ(verify("t=1492774577, v1=" + good), E::none);
  EXPECT_EQ(verify("  t=1492774577 ,\tv1=" + good + "  "), E::none);
  EXPECT_EQ(verify("t=1492774577,v1=" + good + ",  v0=abc "), E::none);
}

TEST(StripeSignature, LeadingZerosInTimestampAreSignedAsSent) {
  const std::string t = "01492774577";
  const std::string sig = to_hex(hmac_sha256(kSecret, t + "." + std::string(kPayload)));
  EXPECT_EQ(verify("t=" + t + ",v1=" + sig), E::none);
  EXPECT_EQ(verify("t=" + t + ",v1=" + std::string(kSig)), E::mismatch);
}

TEST(StripeSignature, SecretRotationWithSeveralSecrets) {
  const std::vector<std::string> secrets = {"whsec_new", std::string(kSecret)};
  const std::string old_only = stripe_signature_header(kSecret, kT, kPayload);
  EXPECT_EQ(verify_stripe_signature_multi(old_only, kPayload, secrets, kT), E::none);
  const std::string by_new = stripe_signature_header("whsec_new", kT, kPayload);
  EXPECT_EQ(verify_stripe_signature_multi(by_new, kPayload, secrets, kT), E::none);
  const std::string by_other = stripe_signature_header("whsec_other", kT, kPayload);
  EXPECT_EQ(verify_stripe_signature_multi(by_other, kPayload, secrets, kT), E::mismatch);
  EXPECT_EQ(verify_stripe_signature_multi(old_only, kPayload, secrets, kT + 301),
            E::timestamp_out_of_tolerance);
}

TEST(StripeSignature, EmptySecretsThrow) {
  const std::string header = stripe_signature_header(kSecret, kT, kPayload);
  EXPECT_THROW(verify_stripe_signature(header, kPayload, "", kT), std::invalid_argument);
  EXPECT_THROW(verify_stripe_signature_multi(header, kPayload, {}, kT), std::invalid_argument);
  EXPECT_THROW(verify_stripe_signature_multi(header, kPayload, {"whsec_x", ""}, kT),
               std::invalid_argument);
}

TEST(StripeSignature, ErrorNames) {
  EXPECT_EQ(signature_error_name(E::none), "none");
  EXPECT_EQ(signature_error_name(E::missing_header), "missing_header");
  EXPECT_EQ(signature_error_name(E::malformed), "malformed");
  EXPECT_EQ(signature_error_name(E::no_signatures), "no_signatures");
  EXPECT_EQ(signature_error_name(E::timestamp_out_of_tolerance), "timestamp_out_of_tolerance");
  EXPECT_EQ(signature_error_name(E::mismatch), "mismatch");
}

}  // namespace
}  // namespace wolfix
