// Payment settings: which provider is used, which secrets verify webhooks, and what production
// refuses.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/config.hpp"
#include "common/money.hpp"

namespace wolfix {
namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

Config production() {
  Config c;
  c.env = "production";
  c.jwt_secret = "0123456789abcdef0123456789abcdef-prod";
  c.behind_tls_proxy = true;
  return c;
}

TEST(PaymentConfig, NoSecretKeyMeansTheSandbox) {
  Config c;
  EXPECT_EQ(c.payment_provider(), "sandbox");
  EXPECT_EQ(c.payment_publishable_key(), Config::kSandboxPublishableKey);
  EXPECT_EQ(c.payment_webhook_secrets(), std::vector<std::string>{Config::kSandboxWebhookSecret});
  c.sandbox_webhook_secret = "whsec_new, whsec_old";
  EXPECT_EQ(c.payment_webhook_secrets(), (std::vector<std::string>{"whsec_new", "whsec_old"}));
  EXPECT_TRUE(c.problems().empty());
}

TEST(PaymentConfig, ThePaymentCurrencyIsTheShopCurrency) {
  Config c;
  EXPECT_EQ(c.payment_currency, kShopCurrency.code);
  EXPECT_FALSE(mentions(c.problems(), "WOLFIX_PAYMENT_CURRENCY"));
  c.payment_currency = "usd";
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_PAYMENT_CURRENCY must be the shop currency, uah"));
  c.payment_currency = "ua";
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_PAYMENT_CURRENCY"));
}

TEST(PaymentConfig, ASecretKeyMeansStripe) {
  Config c;
  c.stripe_secret_key = "sk_test_abc";
  c.stripe_publishable_key = "pk_test_abc";
  c.stripe_webhook_secret = "whsec_endpoint";
  EXPECT_EQ(c.payment_provider(), "stripe");
  EXPECT_EQ(c.payment_publishable_key(), "pk_test_abc");
  EXPECT_EQ(c.payment_webhook_secrets(), std::vector<std::string>{"whsec_endpoint"});
  EXPECT_TRUE(c.problems().empty());
}

TEST(PaymentConfig, ProductionRefusesUnsafeWebhookSecrets) {
  auto c = production();
  c.stripe_secret_key = "sk_live_abc";
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_STRIPE_WEBHOOK_SECRET"));
  c.stripe_webhook_secret = Config::kSandboxWebhookSecret;
  EXPECT_TRUE(mentions(c.problems(), "sandbox webhook secret"));
  c.stripe_webhook_secret = "whsec_live_endpoint_secret";
  EXPECT_TRUE(c.problems().empty());
  c.stripe_secret_key = "rk_live_abc";  // a restricted live key is a live key
  EXPECT_TRUE(c.problems().empty());
  c.stripe_secret_key = "sk_live_abc";
  c.stripe_webhook_secret = "whsec_rolled," + std::string(Config::kSandboxWebhookSecret);
  EXPECT_TRUE(mentions(c.problems(), "sandbox webhook secret"));
}

// Issue 15 #2: production ran on the sandbox by default, and a 4242 card made an order Paid.
TEST(PaymentConfig, ProductionRefusesTheSandboxUnlessADemoSaysSo) {
  auto c = production();
  auto p = c.problems();
  EXPECT_TRUE(mentions(p, "production refuses the built-in payment sandbox")) << p.size();
  EXPECT_TRUE(mentions(p, "WOLFIX_STRIPE_SECRET_KEY"));
  EXPECT_TRUE(mentions(p, "WOLFIX_DEMO_PAYMENTS=1"));
  // The opt-in alone is not enough: the sandbox's published secrets are refused by name.
  c.demo_payments = true;
  p = c.problems();
  EXPECT_TRUE(mentions(p, "WOLFIX_SANDBOX_SECRET_KEY"));
  EXPECT_TRUE(mentions(p, "WOLFIX_SANDBOX_WEBHOOK_SECRET"));
  EXPECT_FALSE(mentions(p, "built-in payment sandbox"));
  c.sandbox_secret_key = "sk_test_9f8e7d6c5b4a";
  c.sandbox_webhook_secret = "whsec_4b3c2d1e0f";
  EXPECT_TRUE(c.problems().empty());
  // Development keeps the zero-configuration sandbox.
  EXPECT_TRUE(Config().problems().empty());
}

// Issue 15 #2/#3: a Stripe test-mode key takes no money either; the sandbox's published key is
// nobody's secret.
TEST(PaymentConfig, ProductionRefusesTestModeAndPublishedProviderKeys) {
  auto c = production();
  c.stripe_webhook_secret = "whsec_endpoint";
  c.stripe_secret_key = "sk_test_abc";
  EXPECT_TRUE(mentions(c.problems(), "test-mode key"));
  c.demo_payments = true;
  EXPECT_TRUE(c.problems().empty());
  c.stripe_secret_key = Config::kSandboxSecretKey;
  EXPECT_TRUE(mentions(c.problems(), "published sandbox secret key"));
}

// Issue 15 #5: the fault knobs stall or fail any checkout: tests only.
TEST(PaymentConfig, FaultKnobsAreOffByDefaultAndNeverInProduction) {
  EXPECT_FALSE(Config().sandbox_fault_knobs);
  auto c = production();
  c.demo_payments = true;
  c.sandbox_secret_key = "sk_test_9f8e7d6c5b4a";
  c.sandbox_webhook_secret = "whsec_4b3c2d1e0f";
  c.sandbox_fault_knobs = true;
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_SANDBOX_FAULT_KNOBS"));
}

TEST(PaymentConfig, KeysMustHaveTheRightKind) {
  Config c;
  c.stripe_secret_key = "pk_test_oops";
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_STRIPE_SECRET_KEY"));
  c.stripe_secret_key = "sk_test_ok";
  c.stripe_publishable_key = "sk_test_oops";
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_STRIPE_PUBLISHABLE_KEY"));
  Config s;
  s.sandbox_secret_key = "sk_live_no";
  EXPECT_TRUE(mentions(s.problems(), "WOLFIX_SANDBOX_SECRET_KEY"));
  s = Config();
  s.payment_method_types.clear();
  EXPECT_TRUE(mentions(s.problems(), "WOLFIX_PAYMENT_METHOD_TYPES"));
}

}  // namespace
}  // namespace wolfix
