// Payment settings: which provider is used, which secrets verify webhooks, and what production
// refuses.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/config.hpp"

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
  EXPECT_TRUE(c.problems().empty());  // the sandbox alone is allowed
  c.stripe_secret_key = "sk_live_abc";
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_STRIPE_WEBHOOK_SECRET"));
  c.stripe_webhook_secret = Config::kSandboxWebhookSecret;
  EXPECT_TRUE(mentions(c.problems(), "sandbox webhook secret"));
  c.stripe_webhook_secret = "whsec_live_endpoint_secret";
  EXPECT_TRUE(c.problems().empty());
  c.stripe_secret_key = "sk_test_abc";
  c.stripe_webhook_secret.clear();
  EXPECT_TRUE(mentions(c.problems(), "WOLFIX_STRIPE_WEBHOOK_SECRET"));
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
