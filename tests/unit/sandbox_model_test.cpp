// The sandbox's pure rules: test cards, card checks, state machine, fault knobs, retry timing.
#include <gtest/gtest.h>

#include "sandbox/model.hpp"

namespace wolfix::sandbox {
namespace {

using Kind = CardOutcome::Kind;
constexpr int64_t kNov2026 = 1795600000;  // 2026-11-25

TEST(SandboxModel, LuhnAcceptsTestCardsAndRejectsTypos) {
  EXPECT_TRUE(luhn_valid("4242424242424242"));
  EXPECT_TRUE(luhn_valid("378282246310005"));
  EXPECT_FALSE(luhn_valid("4242424242424241"));
  EXPECT_FALSE(luhn_valid("42424242424242a2"));
  EXPECT_FALSE(luhn_valid("4242"));
}

TEST(SandboxModel, BrandsFromNumberPrefixes) {
  EXPECT_EQ(card_brand("4242424242424242"), "visa");
  EXPECT_EQ(card_brand("5555555555554444"), "mastercard");
  EXPECT_EQ(card_brand("2223003122003222"), "mastercard");
  EXPECT_EQ(card_brand("378282246310005"), "amex");
  EXPECT_EQ(card_brand("6011111111111117"), "discover");
  EXPECT_EQ(card_brand("9999999999999995"), "unknown");
}

TEST(SandboxModel, TestPaymentMethodsFollowStripesTable) {
  EXPECT_EQ(outcome_for_payment_method("pm_card_visa")->kind, Kind::succeed);
  EXPECT_EQ(outcome_for_payment_method("pm_card_mastercard")->brand, "mastercard");
  EXPECT_EQ(outcome_for_payment_method("pm_card_amex")->last4, "0005");
  auto declined = outcome_for_payment_method("pm_card_chargeDeclined");
  EXPECT_EQ(declined->kind, Kind::decline);
  EXPECT_EQ(declined->code, "card_declined");
  EXPECT_EQ(declined->decline_code, "generic_decline");
  EXPECT_EQ(declined->message, "Your card was declined.");
  auto funds = outcome_for_payment_method("pm_card_visa_chargeDeclinedInsufficientFunds");
  EXPECT_EQ(funds->decline_code, "insufficient_funds");
  EXPECT_EQ(funds->message, "Your card has insufficient funds.");
  auto expired = outcome_for_payment_method("pm_card_chargeDeclinedExpiredCard");
  EXPECT_EQ(expired->code, "expired_card");
  EXPECT_EQ(expired->param, "exp_month");
  EXPECT_EQ(outcome_for_payment_method("pm_card_chargeDeclinedIncorrectCvc")->code,
            "incorrect_cvc");
  EXPECT_EQ(outcome_for_payment_method("pm_card_chargeDeclinedProcessingError")->code,
            "processing_error");
  EXPECT_EQ(outcome_for_payment_method("pm_card_authenticationRequired")->kind,
            Kind::requires_action);
  EXPECT_EQ(outcome_for_payment_method("pm_card_createDispute")->kind, Kind::dispute);
  EXPECT_FALSE(outcome_for_payment_method("pm_card_nonsense"));
}

TEST(SandboxModel, RawCardsAreCheckedForNumberExpiryAndTestTable) {
  EXPECT_EQ(outcome_for_card("4242 4242 4242 4242", 12, 2030, kNov2026).kind, Kind::succeed);
  auto typo = outcome_for_card("4242424242424241", 12, 2030, kNov2026);
  EXPECT_EQ(typo.code, "incorrect_number");
  EXPECT_EQ(typo.last4, "4241");
  EXPECT_EQ(outcome_for_card("4242424242424242", 10, 2026, kNov2026).code, "expired_card");
  EXPECT_EQ(outcome_for_card("4242424242424242", 11, 26, kNov2026).kind, Kind::succeed);
  EXPECT_EQ(outcome_for_card("4242424242424242", 13, 2030, kNov2026).code, "expired_card");
  EXPECT_EQ(outcome_for_card("4000002500003155", 1, 2031, kNov2026).kind, Kind::requires_action);
  EXPECT_EQ(outcome_for_card("4000000000009995", 1, 2031, kNov2026).decline_code,
            "insufficient_funds");
  // A real-looking card that is not a test card is declined, as in Stripe's test mode.
  auto live = outcome_for_card("4012888888881881", 1, 2031, kNov2026);
  EXPECT_EQ(live.decline_code, "test_mode_live_card");
}

TEST(SandboxModel, IntentStateMachine) {
  EXPECT_TRUE(can_confirm("requires_payment_method"));
  EXPECT_TRUE(can_confirm("requires_action"));
  EXPECT_FALSE(can_confirm("succeeded"));
  EXPECT_FALSE(can_confirm("canceled"));
  EXPECT_TRUE(can_cancel("requires_payment_method"));
  EXPECT_FALSE(can_cancel("succeeded"));
  EXPECT_FALSE(can_cancel("canceled"));
  EXPECT_TRUE(valid_cancellation_reason("abandoned"));
  EXPECT_FALSE(valid_cancellation_reason("bored"));
  EXPECT_TRUE(valid_refund_reason("requested_by_customer"));
  EXPECT_FALSE(valid_refund_reason("abandoned"));
}

TEST(SandboxModel, CallFaultKnobs) {
  EXPECT_EQ(parse_call_fault("rate_limit").kind, CallFault::Kind::rate_limit);
  EXPECT_EQ(parse_call_fault("server_error:2").times, 2);
  EXPECT_EQ(parse_call_fault("drop_connection").kind, CallFault::Kind::drop_connection);
  EXPECT_EQ(parse_call_fault("delay:250").delay_ms, 250);
  // Far below the gateway's 30 s timeout, whatever is asked.
  EXPECT_EQ(parse_call_fault("delay:60000").delay_ms, kMaxCallDelayMs);
  EXPECT_LE(kMaxCallDelayMs, 5000);
  EXPECT_FALSE(parse_call_fault("teapot").active());
  EXPECT_EQ(fault_for_amount(90500).kind, CallFault::Kind::server_error);
  EXPECT_EQ(fault_for_amount(90500).times, 0);
  EXPECT_EQ(fault_for_amount(91429).kind, CallFault::Kind::rate_limit);
  EXPECT_EQ(fault_for_amount(91429).times, 1);
  EXPECT_EQ(fault_for_amount(90000).kind, CallFault::Kind::drop_connection);
  EXPECT_FALSE(fault_for_amount(45998).active());
  EXPECT_FALSE(fault_for_amount(90501).active());
  EXPECT_EQ(fault_for_payment_method("pm_sandbox_server_error").kind,
            CallFault::Kind::server_error);
  EXPECT_EQ(fault_for_payment_method("pm_sandbox_rate_limit_once").times, 1);
  EXPECT_FALSE(fault_for_payment_method("pm_card_visa").active());
}

TEST(SandboxModel, WebhookFaultKnobs) {
  auto w = parse_webhook_faults("duplicate, delay:30,out_of_order,stale_signature");
  EXPECT_TRUE(w.duplicate);
  EXPECT_TRUE(w.out_of_order);
  EXPECT_TRUE(w.stale_signature);
  EXPECT_FALSE(w.drop);
  EXPECT_EQ(w.delay_seconds, 30);
  EXPECT_EQ(parse_webhook_faults(w.to_string()).to_string(), w.to_string());
  EXPECT_TRUE(parse_webhook_faults("drop").drop);
  EXPECT_EQ(parse_webhook_faults("").to_string(), "");
}

TEST(SandboxModel, RetryDelaysDoubleUpToAnHour) {
  EXPECT_EQ(retry_delay_ms(1, 1000), 1000);
  EXPECT_EQ(retry_delay_ms(2, 1000), 2000);
  EXPECT_EQ(retry_delay_ms(5, 1000), 16000);
  EXPECT_EQ(retry_delay_ms(40, 1000), 3600 * 1000);
}

// Issue 15 #15: the 3-D Secure page sends the shopper (with the client secret) only back to the
// shop.
TEST(SandboxModel, ReturnUrlsLeadOnlyBackToTheShop) {
  std::vector<std::string> shop{"https://shop.example", "http://localhost:3000"};
  EXPECT_TRUE(return_url_allowed("/#/pay-return/1", shop, false));
  EXPECT_TRUE(return_url_allowed("https://shop.example/checkout?x=1", shop, false));
  EXPECT_TRUE(return_url_allowed("HTTPS://Shop.Example", shop, false));
  EXPECT_TRUE(return_url_allowed("http://localhost:3000/#/done", shop, false));
  EXPECT_FALSE(return_url_allowed("https://evil.example/", shop, false));
  EXPECT_FALSE(return_url_allowed("https://shop.example.evil.example/", shop, false));
  EXPECT_FALSE(return_url_allowed("https://shop.example@evil.example/", shop, false));
  EXPECT_FALSE(return_url_allowed("https://evil.example\\@shop.example/", shop, false));
  EXPECT_FALSE(return_url_allowed("//evil.example/x", shop, false));
  EXPECT_FALSE(return_url_allowed("/\\evil.example/x", shop, false));
  EXPECT_FALSE(return_url_allowed("javascript:alert(1)", shop, false));
  EXPECT_FALSE(return_url_allowed("http://shop.example/", shop, false));  // another scheme
  EXPECT_FALSE(return_url_allowed("http://127.0.0.1:8080/", shop, false));
  // Development without a configured origin: any loopback storefront.
  EXPECT_TRUE(return_url_allowed("http://127.0.0.1:8080/#/x", {}, true));
  EXPECT_TRUE(return_url_allowed("http://[::1]:8080/", {}, true));
  EXPECT_FALSE(return_url_allowed("http://127.0.0.1.evil.example/", {}, true));
  EXPECT_FALSE(return_url_allowed("http://localhost.evil.example/", {}, true));
}

TEST(SandboxModel, ObjectIdsSortByCreationTimeAndKeepStripesShape) {
  std::string a = time_ordered_id("pi_", 1795600000123, "abcdefghABCDEFGH");
  EXPECT_EQ(a.size(), 3u + 24u);
  EXPECT_EQ(a.substr(0, 3), "pi_");
  EXPECT_EQ(a.substr(3 + kIdTimeDigits), "abcdefghABCDEFGH");
  for (char c : a.substr(3)) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << a;
  // Later ids sort after earlier ones whatever their random tails, across digit carries too.
  for (int64_t t : {int64_t{0}, int64_t{61}, int64_t{3843}, int64_t{1795600000123}}) {
    EXPECT_LT(time_ordered_id("evt_", t, "zzzz"), time_ordered_id("evt_", t + 1, "0000")) << t;
  }
  EXPECT_LT(time_ordered_id("ch_", 1795600000123, "Z"), time_ordered_id("ch_", 1795600000123, "a"));
  // The time digits cover the ms clock for millennia (62^8 ms is about 6,900 years).
  EXPECT_EQ(time_ordered_id("re_", 0, "").substr(3), "00000000");
  EXPECT_EQ(time_ordered_id("re_", 61, ""), "re_0000000z");
  EXPECT_LT(time_ordered_id("re_", 4102444800000, ""), time_ordered_id("re_", 4102444800001, ""));
}

}  // namespace
}  // namespace wolfix::sandbox
