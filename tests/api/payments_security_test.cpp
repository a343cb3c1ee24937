// Issue 15, from outside as an attacker would: the sandbox's fault knobs in a shopper's hands
// (#5), browser URLs built from the Host header a client wrote (#15).
#include "common/crypto.hpp"
#include "payments_support.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

using payment::CreateIntent;

payment::PaymentIntent create_intent(TestServer& s, int64_t amount = 45998) {
  CreateIntent p;
  p.amount_minor = amount;
  p.currency = "uah";
  p.metadata = {{"order_id", "order-" + random_alnum(6)}};
  return s.app().payment_gateway().create_intent(p, "test-" + random_alnum(12));
}

Reply confirm(TestServer& s, const payment::PaymentIntent& pi, FormPairs extra,
              std::vector<std::pair<std::string, std::string>> headers = {}) {
  FormPairs form{{"client_secret", pi.client_secret}};
  form.insert(form.end(), extra.begin(), extra.end());
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  headers.emplace_back("Authorization", "Bearer " + s.config().sandbox_publishable_key);
  return s.request("POST", "/sandbox/stripe/v1/payment_intents/" + pi.id + "/confirm",
                   form_encode(form), "", headers);
}

// A shop as deployed: no fault knobs (the default).
class PaymentsSecurity : public ServerSuite<PaymentsSecurity> {
 public:
  static void configure(Config& c) { c.sandbox_webhook_url = "none"; }
};

// #5: any shopper could stall or fail every checkout by adding a knob to the browser's confirm
// call; and the failing amounts failed real orders of 900.00.
TEST_F(PaymentsSecurity, FaultKnobsAreOffUnlessATestTurnsThemOn) {
  ASSERT_FALSE(server->config().sandbox_fault_knobs);
  auto pi = create_intent(*server);
  auto r =
      confirm(*server, pi,
              {{"payment_method", "pm_card_visa"}, {"metadata[sandbox_fault]", "server_error"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "succeeded");
  // 900.00, 905.00 and 904.29 are prices like any other.
  for (int64_t amount : {90000, 90500, 90429}) {
    auto p = create_intent(*server, amount);
    EXPECT_EQ(p.amount, amount);
    EXPECT_EQ(confirm(*server, p, {{"payment_method", "pm_card_visa"}}).status, 200);
  }
  CreateIntent slow;
  slow.amount_minor = 500;
  slow.currency = "uah";
  slow.metadata = {{"sandbox_fault", "server_error"}, {"sandbox_webhook", "drop"}};
  auto made = server->app().payment_gateway().create_intent(slow, "test-" + random_alnum(12));
  EXPECT_EQ(made.status, "requires_payment_method");
}

// A test server with the knobs on still never honours them for the browser's publishable key.
class PaymentsSecurityKnobs : public PerTestSuite<PaymentsSecurityKnobs> {};

TEST_F(PaymentsSecurityKnobs, APublishableKeyNeverTurnsAKnob) {
  auto& server = own_server([](Config& c) {
    c.sandbox_webhook_url = "none";
    c.sandbox_fault_knobs = true;
  });
  auto pi = create_intent(server);
  auto r =
      confirm(server, pi,
              {{"payment_method", "pm_card_visa"}, {"metadata[sandbox_fault]", "server_error"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "succeeded");
  auto pi2 = create_intent(server);
  auto r2 = confirm(server, pi2, {{"payment_method", "pm_sandbox_server_error"}});
  EXPECT_NE(r2.status, 500) << r2.body;
  // With the secret key, the knob works (the tests of outages need it).
  auto pi3 = create_intent(server);
  auto r3 = sandbox_post(
      server, "/v1/payment_intents/" + pi3.id + "/confirm",
      {{"payment_method", "pm_card_visa"}, {"metadata[sandbox_fault]", "server_error"}},
      server.config().sandbox_secret_key);
  EXPECT_EQ(r3.status, 500) << r3.body;
}

// #15: apiBase is where browsers send card numbers, in an answer cached publicly for a minute:
// a request with a forged Host must not put an attacker's origin there (cache poisoning).
TEST_F(PaymentsSecurity, PaymentConfigIgnoresTheHostHeader) {
  auto r = server->request("GET", "/api/payments/config", "", "",
                           {{"Host", "evil.example"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << r.body;
  // Unconfigured: a path on the origin the storefront was loaded from.
  EXPECT_EQ(r.json().at("apiBase"), "/sandbox/stripe");
}

class PaymentsSecurityBaseUrl : public PerTestSuite<PaymentsSecurityBaseUrl> {};

TEST_F(PaymentsSecurityBaseUrl, AConfiguredPublicBaseUrlIsTheOnlyOrigin) {
  auto& server = own_server([](Config& c) {
    c.sandbox_webhook_url = "none";
    c.public_base_url = "https://shop.example/";
  });
  auto r = server.request("GET", "/api/payments/config", "", "", {{"Host", "evil.example"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("apiBase"), "https://shop.example/sandbox/stripe");
  auto pi = create_intent(server);
  auto c = confirm(server, pi, {{"payment_method", "pm_card_threeDSecure2Required"}},
                   {{"Host", "evil.example"}});
  ASSERT_EQ(c.status, 200) << c.body;
  std::string url(c.json().at("next_action").at("redirect_to_url").at("url").as_string());
  EXPECT_EQ(url.rfind("https://shop.example/sandbox/stripe/3ds/", 0), 0u) << url;
  // The configured origin is the shop's: 3-D Secure may return there.
  auto back = confirm(server, create_intent(server),
                      {{"payment_method", "pm_card_threeDSecure2Required"},
                       {"return_url", "https://shop.example/#/pay-return/1"}});
  EXPECT_EQ(back.status, 200) << back.body;
}

TEST_F(PaymentsSecurity, ThreeDSecureLinksIgnoreTheHostHeader) {
  auto pi = create_intent(*server);
  auto r = confirm(*server, pi, {{"payment_method", "pm_card_threeDSecure2Required"}},
                   {{"Host", "evil.example"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << r.body;
  std::string url(r.json().at("next_action").at("redirect_to_url").at("url").as_string());
  EXPECT_EQ(url.rfind("/sandbox/stripe/3ds/", 0), 0u) << url;
  EXPECT_EQ(server->get(url).status, 200);
}

// The 3-D Secure page sends the shopper to return_url with the intent's client secret: never to
// a page whoever called confirm chose.
TEST_F(PaymentsSecurity, ThreeDSecureReturnsOnlyToTheShop) {
  auto pi = create_intent(*server);
  auto evil = confirm(*server, pi,
                      {{"payment_method", "pm_card_threeDSecure2Required"},
                       {"return_url", "https://evil.example/steal"}});
  EXPECT_EQ(evil.status, 400) << evil.body;
  EXPECT_EQ(evil.json().at("error").at("param"), "return_url");
  EXPECT_EQ(server->app().payment_gateway().retrieve_intent(pi.id).status,
            "requires_payment_method");
  for (const char* ok : {"/#/pay-return/1", "http://localhost:3000/#/pay-return/1",
                         "http://127.0.0.1:8080/#/pay-return/1"}) {
    auto r = confirm(*server, create_intent(*server),
                     {{"payment_method", "pm_card_threeDSecure2Required"}, {"return_url", ok}});
    EXPECT_EQ(r.status, 200) << ok << ": " << r.body;
  }
}

}  // namespace
}  // namespace wolfix::test
