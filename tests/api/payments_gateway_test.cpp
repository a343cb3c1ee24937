// The provider side of payments: StripeGateway (the production client) against the built-in
// sandbox (in-process, as the node calls its own sandbox; one test also over the wire), for every
// test card and PaymentMethod of the contract, Stripe's error bodies, client secrets, idempotency,
// cancel, refunds (also concurrent), events, fault knobs, and an unreachable provider.
#include <boost/json.hpp>
#include <thread>

#include "common/crypto.hpp"
#include "payment/stripe_gateway.hpp"
#include "payments_support.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

using payment::CreateIntent;
using payment::CreateRefund;
using payment::Gateway;
using payment::ProviderError;
using payment::ProviderUnavailable;

const std::string kSecret = Config::kSandboxSecretKey;
const std::string kPublishable = Config::kSandboxPublishableKey;

class PaymentsGateway : public ServerSuite<PaymentsGateway> {
 public:
  static void configure(Config& c) {
    c.sandbox_webhook_url = "none";
    c.stripe_max_retries = 2;
    c.sandbox_fault_knobs = true;                      // the fault knobs under test
    c.cors_origins.push_back("https://shop.example");  // a storefront 3-D Secure returns to
  }
  static void prepare(TestServer&) { fast_retries(); }

 protected:
  // Retries without waiting, so fault tests stay quick.
  static void fast_retries() {
    auto& g = dynamic_cast<payment::StripeGateway&>(server->app().payment_gateway());
    g.sleep = [](int) {};
  }
  static Gateway& gateway() { return server->app().payment_gateway(); }
  static std::string key() { return "test-" + random_alnum(12); }
  static payment::PaymentIntent create(int64_t amount = 45998, payment::Metadata md = {}) {
    CreateIntent p;
    p.amount_minor = amount;
    p.currency = "uah";
    p.metadata = md.empty() ? payment::Metadata{{"order_id", "order-1"}} : md;
    return gateway().create_intent(p, key());
  }
};

TEST_F(PaymentsGateway, CreatesAnIntentWithStripesShape) {
  CreateIntent p;
  p.amount_minor = 45998;
  p.currency = "uah";
  p.metadata = {{"order_id", "0193-abc"}};
  p.receipt_email = "shopper@example.com";
  p.description = "Order 0193-abc";
  auto pi = gateway().create_intent(p, key());
  EXPECT_EQ(pi.id.rfind("pi_", 0), 0u);
  EXPECT_EQ(pi.client_secret.rfind(pi.id + "_secret_", 0), 0u);
  EXPECT_EQ(pi.status, "requires_payment_method");
  EXPECT_EQ(pi.amount, 45998);
  EXPECT_EQ(pi.amount_received, 0);
  EXPECT_EQ(pi.currency, "uah");
  EXPECT_EQ(pi.metadata.at("order_id"), "0193-abc");
  EXPECT_EQ(pi.receipt_email, "shopper@example.com");
  EXPECT_EQ(pi.description, "Order 0193-abc");
  EXPECT_EQ(pi.payment_method_types, std::vector<std::string>{"card"});
  EXPECT_FALSE(pi.last_payment_error);
  EXPECT_FALSE(pi.latest_charge);
  EXPECT_NEAR(pi.created, server->clock().now_seconds(), 2);
  EXPECT_FALSE(pi.livemode);
  auto again = gateway().retrieve_intent(pi.id);
  EXPECT_EQ(again.id, pi.id);
  EXPECT_EQ(again.client_secret, pi.client_secret);
}

TEST_F(PaymentsGateway, RawAnswerCarriesEveryFixtureKeyAndARequestId) {
  auto r = sandbox_post(*server, "/v1/payment_intents", {{"amount", "100"}, {"currency", "USD"}},
                        kSecret, key());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["request-id"].rfind("req_", 0), 0u);
  auto o = r.json().as_object();
  for (const char* k : {"id",
                        "object",
                        "amount",
                        "amount_capturable",
                        "amount_received",
                        "automatic_payment_methods",
                        "canceled_at",
                        "cancellation_reason",
                        "capture_method",
                        "client_secret",
                        "confirmation_method",
                        "created",
                        "currency",
                        "customer",
                        "description",
                        "last_payment_error",
                        "latest_charge",
                        "livemode",
                        "metadata",
                        "next_action",
                        "payment_method",
                        "payment_method_types",
                        "receipt_email",
                        "status"})
    EXPECT_TRUE(o.contains(k)) << k;
  EXPECT_EQ(o.at("object"), "payment_intent");
  EXPECT_EQ(o.at("currency"), "usd");
}

TEST_F(PaymentsGateway, InvalidCreateParametersAre400WithTheParam) {
  auto missing = sandbox_post(*server, "/v1/payment_intents", {{"currency", "uah"}}, kSecret);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json().at("error").at("code"), "parameter_missing");
  EXPECT_EQ(missing.json().at("error").at("param"), "amount");
  auto bad = sandbox_post(*server, "/v1/payment_intents", {{"amount", "1.5"}, {"currency", "uah"}},
                          kSecret);
  EXPECT_EQ(bad.json().at("error").at("code"), "parameter_invalid_integer");
  auto zero =
      sandbox_post(*server, "/v1/payment_intents", {{"amount", "0"}, {"currency", "uah"}}, kSecret);
  EXPECT_EQ(zero.json().at("error").at("code"), "amount_too_small");
  auto huge = sandbox_post(*server, "/v1/payment_intents",
                           {{"amount", "100000000"}, {"currency", "uah"}}, kSecret);
  EXPECT_EQ(huge.json().at("error").at("code"), "amount_too_large");
  auto cur = sandbox_post(*server, "/v1/payment_intents", {{"amount", "100"}, {"currency", "u1"}},
                          kSecret);
  EXPECT_EQ(cur.status, 400);
  EXPECT_EQ(cur.json().at("error").at("param"), "currency");
  try {
    CreateIntent p;
    p.amount_minor = -5;
    p.currency = "uah";
    gateway().create_intent(p, key());
    ADD_FAILURE() << "no error";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_EQ(e.type(), "invalid_request_error");
    EXPECT_EQ(e.param(), "amount");
  }
}

TEST_F(PaymentsGateway, SucceedingTestPaymentMethods) {
  for (std::string pm :
       {"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_discover"}) {
    auto pi = create();
    auto done = gateway().confirm_intent(pi.id, pm, key());
    EXPECT_EQ(done.status, "succeeded") << pm;
    EXPECT_EQ(done.amount_received, pi.amount) << pm;
    ASSERT_TRUE(done.latest_charge) << pm;
    EXPECT_EQ(done.latest_charge->rfind("ch_", 0), 0u);
    EXPECT_EQ(done.payment_method, pm);
    EXPECT_EQ(gateway().retrieve_intent(pi.id).status, "succeeded");
  }
}

struct DeclineCase {
  std::string pm;
  std::string code;
  std::string decline_code;
  std::string message;
  std::string param;
};

TEST_F(PaymentsGateway, DecliningTestPaymentMethodsAnswer402AndCanBeRetried) {
  std::vector<DeclineCase> cases = {
      {"pm_card_chargeDeclined", "card_declined", "generic_decline", "Your card was declined.", ""},
      {"pm_card_visa_chargeDeclined", "card_declined", "generic_decline", "Your card was declined.",
       ""},
      {"pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds",
       "Your card has insufficient funds.", ""},
      {"pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds",
       "Your card has insufficient funds.", ""},
      {"pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card",
       "Your card has expired.", "exp_month"},
      {"pm_card_visa_chargeDeclinedExpiredCard", "expired_card", "expired_card",
       "Your card has expired.", "exp_month"},
      {"pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc",
       "Your card's security code is incorrect.", "cvc"},
      {"pm_card_chargeDeclinedProcessingError", "processing_error", "processing_error",
       "An error occurred while processing your card. Try again in a little bit.", ""},
  };
  for (const auto& c : cases) {
    auto pi = create();
    try {
      gateway().confirm_intent(pi.id, c.pm, key());
      ADD_FAILURE() << c.pm << " was not declined";
    } catch (const ProviderError& e) {
      EXPECT_EQ(e.http_status(), 402) << c.pm;
      EXPECT_TRUE(e.card_error()) << c.pm;
      EXPECT_EQ(e.code(), c.code) << c.pm;
      EXPECT_EQ(e.decline_code(), c.decline_code) << c.pm;
      EXPECT_EQ(std::string(e.what()), c.message) << c.pm;
      EXPECT_EQ(e.param(), c.param) << c.pm;
      ASSERT_TRUE(e.payment_intent()) << c.pm;
      EXPECT_EQ(e.payment_intent()->status, "requires_payment_method");
      EXPECT_TRUE(e.payment_intent()->failed_attempt());
    }
    auto after = gateway().retrieve_intent(pi.id);
    EXPECT_EQ(after.status, "requires_payment_method") << c.pm;
    ASSERT_TRUE(after.last_payment_error) << c.pm;
    EXPECT_EQ(after.last_payment_error->code, c.code);
    EXPECT_EQ(after.last_payment_error->decline_code, c.decline_code);
    EXPECT_EQ(after.last_payment_error->type, "card_error");
    // The shopper tries another card on the same intent.
    auto paid = gateway().confirm_intent(pi.id, "pm_card_visa", key());
    EXPECT_EQ(paid.status, "succeeded") << c.pm;
    EXPECT_FALSE(paid.last_payment_error) << c.pm;
  }
}

TEST_F(PaymentsGateway, UnknownPaymentMethodAndUnknownIntentAre404) {
  auto pi = create();
  try {
    gateway().confirm_intent(pi.id, "pm_card_bogus", key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 404);
    EXPECT_EQ(e.code(), "resource_missing");
  }
  try {
    gateway().retrieve_intent("pi_doesnotexist");
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 404);
    EXPECT_EQ(e.code(), "resource_missing");
    EXPECT_NE(std::string(e.what()).find("No such payment_intent"), std::string::npos);
  }
}

// Client-side confirmation with raw card data, as the sandbox's own card form sends it.
Reply confirm_card(TestServer& s, const payment::PaymentIntent& pi, const std::string& number,
                   const std::string& month = "12", const std::string& year = "2034") {
  return sandbox_post(s, "/v1/payment_intents/" + pi.id + "/confirm",
                      {{"client_secret", pi.client_secret},
                       {"payment_method_data[type]", "card"},
                       {"payment_method_data[card][number]", number},
                       {"payment_method_data[card][exp_month]", month},
                       {"payment_method_data[card][exp_year]", year},
                       {"payment_method_data[card][cvc]", "123"}},
                      kPublishable);
}

TEST_F(PaymentsGateway, TestCardNumbersThroughClientSideConfirm) {
  struct Case {
    std::string number;
    int status;
    std::string code;
    std::string decline_code;
  };
  std::vector<Case> cases = {
      {"4242424242424242", 200, "", ""},
      {"5555555555554444", 200, "", ""},
      {"378282246310005", 200, "", ""},
      {"6011111111111117", 200, "", ""},
      {"4000000000000002", 402, "card_declined", "generic_decline"},
      {"4000000000009995", 402, "card_declined", "insufficient_funds"},
      {"4000000000000069", 402, "expired_card", "expired_card"},
      {"4000000000000127", 402, "incorrect_cvc", "incorrect_cvc"},
      {"4000000000000119", 402, "processing_error", "processing_error"},
      {"4242424242424241", 402, "incorrect_number", ""},
      {"4012888888881881", 402, "card_declined", "test_mode_live_card"},
  };
  for (const auto& c : cases) {
    auto pi = create();
    auto r = confirm_card(*server, pi, c.number);
    ASSERT_EQ(r.status, c.status) << c.number << " " << r.body;
    if (c.status == 200) {
      EXPECT_EQ(r.json().at("status"), "succeeded") << c.number;
      EXPECT_EQ(gateway().retrieve_intent(pi.id).status, "succeeded");
      continue;
    }
    auto err = r.json().at("error").as_object();
    EXPECT_EQ(err.at("type"), "card_error") << c.number;
    EXPECT_EQ(err.at("code"), c.code.c_str()) << c.number;
    if (!c.decline_code.empty())
      EXPECT_EQ(err.at("decline_code"), c.decline_code.c_str()) << c.number;
    EXPECT_EQ(err.at("payment_intent").at("status"), "requires_payment_method");
    EXPECT_EQ(err.at("payment_intent")
                  .at("last_payment_error")
                  .at("payment_method")
                  .at("card")
                  .at("last4"),
              c.number.substr(c.number.size() - 4).c_str());
  }
}

TEST_F(PaymentsGateway, PastExpiryIsExpiredCardWhateverTheCard) {
  auto pi = create();
  auto r = confirm_card(*server, pi, "4242424242424242", "1", "2020");
  EXPECT_EQ(r.status, 402);
  EXPECT_EQ(r.json().at("error").at("code"), "expired_card");
  EXPECT_EQ(r.json().at("error").at("param"), "exp_month");
}

TEST_F(PaymentsGateway, ThreeDSecureCardNeedsActionThenSucceedsOrFails) {
  auto pi = create();
  auto r = confirm_card(*server, pi, "4000002500003155");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "requires_action");
  EXPECT_EQ(r.json().at("next_action").at("type"), "redirect_to_url");
  auto fetched = gateway().retrieve_intent(pi.id);
  EXPECT_EQ(fetched.status, "requires_action");
  ASSERT_TRUE(fetched.next_action_url);
  // A path on the browser's own origin (no public base URL is configured).
  std::string prefix = "/sandbox/stripe/3ds/";
  ASSERT_EQ(fetched.next_action_url->rfind(prefix, 0), 0u) << *fetched.next_action_url;
  std::string path = *fetched.next_action_url;
  auto page = server->get(path);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Complete authentication"), std::string::npos);
  auto done = server->request("POST", path, "outcome=complete", "",
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(gateway().retrieve_intent(pi.id).status, "succeeded");
  // Completing again changes nothing.
  server->request("POST", path, "outcome=fail", "",
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(gateway().retrieve_intent(pi.id).status, "succeeded");

  auto pi2 = create();
  auto r2 = gateway().confirm_intent(pi2.id, "pm_card_authenticationRequired", key());
  ASSERT_EQ(r2.status, "requires_action");
  std::string path2 = *r2.next_action_url;
  server->request("POST", path2, "outcome=fail", "",
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  auto failed = gateway().retrieve_intent(pi2.id);
  EXPECT_EQ(failed.status, "requires_payment_method");
  ASSERT_TRUE(failed.last_payment_error);
  EXPECT_EQ(failed.last_payment_error->code, "payment_intent_authentication_failure");
  EXPECT_EQ(server->get("/sandbox/stripe/3ds/nope").status, 404);
}

// A confirmation decides on the intent as the provider has it now, whatever this node wrote
// last (on PostgreSQL the node tries the intent it wrote in one round trip, checked at the
// commit): changed since by a 3-D Secure page, by the database itself, or by a concurrent
// confirmation, it is answered from the intent as it is.
TEST_F(PaymentsGateway, ConfirmationDecidesOnTheIntentAsItIsNow) {
  // Requires action as confirmed here; the challenge failed since: confirmable, but not as
  // written.
  auto pi = create();
  auto action = gateway().confirm_intent(pi.id, "pm_card_authenticationRequired", key());
  ASSERT_EQ(action.status, "requires_action");
  server->request("POST", *action.next_action_url, "outcome=fail", "",
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  auto paid = gateway().confirm_intent(pi.id, "pm_card_visa", key());
  EXPECT_EQ(paid.status, "succeeded");
  EXPECT_FALSE(paid.last_payment_error);
  EXPECT_FALSE(paid.next_action_url);
  EXPECT_EQ(paid.payment_method, "pm_card_visa");
  EXPECT_EQ(gateway().retrieve_intent(pi.id).status, "succeeded");

  // Declined as confirmed here, canceled since: never charged.
  auto canceled = create();
  EXPECT_THROW(gateway().confirm_intent(canceled.id, "pm_card_chargeDeclined", key()),
               ProviderError);
  gateway().cancel_intent(canceled.id, "abandoned", key());
  try {
    gateway().confirm_intent(canceled.id, "pm_card_visa", key());
    ADD_FAILURE() << "a canceled intent was confirmed";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "payment_intent_unexpected_state");
  }
  auto still = gateway().retrieve_intent(canceled.id);
  EXPECT_EQ(still.status, "canceled");
  EXPECT_EQ(still.amount_received, 0);

  // Succeeded as confirmed here, reopened since: confirmed again, with a new charge.
  auto again = create();
  auto first = gateway().confirm_intent(again.id, "pm_card_visa", key());
  probe().reopen_intent(again.id);
  auto second = gateway().confirm_intent(again.id, "pm_card_mastercard", key());
  EXPECT_EQ(second.status, "succeeded");
  EXPECT_EQ(second.payment_method, "pm_card_mastercard");
  ASSERT_TRUE(first.latest_charge && second.latest_charge);
  EXPECT_NE(*first.latest_charge, *second.latest_charge);

  // Concurrent confirmations of one intent: one succeeds, the others find it succeeded.
  auto raced = create();
  std::vector<Reply> replies(6);
  std::vector<std::thread> threads;
  for (auto& r : replies)
    threads.emplace_back([&] {
      r = sandbox_post(*server, "/v1/payment_intents/" + raced.id + "/confirm",
                       {{"payment_method", "pm_card_visa"}}, kSecret);
    });
  for (auto& t : threads) t.join();
  int ok = 0;
  for (auto& r : replies) {
    if (r.status == 200) {
      ++ok;
      continue;
    }
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json().at("error").at("code"), "payment_intent_unexpected_state") << r.body;
  }
  EXPECT_EQ(ok, 1);
  payment::EventFilter f;
  f.types = {"payment_intent.succeeded"};
  f.limit = 100;
  int events = 0;
  for (const auto& e : gateway().list_events(f).data)
    events += e.payment_intent && e.payment_intent->id == raced.id;
  EXPECT_EQ(events, 1);
}

TEST_F(PaymentsGateway, ClientSecretRules) {
  auto pi = create();
  auto other = create();
  // Another intent's secret does not work.
  auto wrong = sandbox_post(
      *server, "/v1/payment_intents/" + pi.id + "/confirm",
      {{"client_secret", other.client_secret}, {"payment_method", "pm_card_visa"}}, kPublishable);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json().at("error").at("param"), "client_secret");
  auto missing = sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/confirm",
                              {{"payment_method", "pm_card_visa"}}, kPublishable);
  EXPECT_EQ(missing.status, 400);
  // The publishable key may not create or cancel, nor list events.
  EXPECT_EQ(sandbox_post(*server, "/v1/payment_intents", {{"amount", "100"}, {"currency", "uah"}},
                         kPublishable)
                .status,
            401);
  EXPECT_EQ(
      sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/cancel", {}, kPublishable).status,
      401);
  EXPECT_EQ(sandbox_get(*server, "/v1/events", kPublishable).status, 401);
  // Stripe.js style: the key as a form field.
  auto ok = sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/confirm",
                         {{"client_secret", pi.client_secret},
                          {"payment_method", "pm_card_visa"},
                          {"key", kPublishable}},
                         "");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("status"), "succeeded");
  // Once succeeded the secret no longer confirms.
  auto late = sandbox_post(
      *server, "/v1/payment_intents/" + pi.id + "/confirm",
      {{"client_secret", pi.client_secret}, {"payment_method", "pm_card_visa"}}, kPublishable);
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(late.json().at("error").at("code"), "payment_intent_unexpected_state");
  // Retrieving with the publishable key needs the intent's own secret.
  EXPECT_EQ(
      sandbox_get(*server, "/v1/payment_intents/" + pi.id + "?client_secret=" + pi.client_secret,
                  kPublishable)
          .status,
      200);
  EXPECT_EQ(
      sandbox_get(*server, "/v1/payment_intents/" + pi.id + "?client_secret=" + other.client_secret,
                  kPublishable)
          .status,
      404);
  // Canceled intents refuse their secret too.
  gateway().cancel_intent(other.id, "abandoned", key());
  auto canceled = sandbox_post(
      *server, "/v1/payment_intents/" + other.id + "/confirm",
      {{"client_secret", other.client_secret}, {"payment_method", "pm_card_visa"}}, kPublishable);
  EXPECT_EQ(canceled.status, 400);
}

TEST_F(PaymentsGateway, KeysAreCheckedWithStripesAnswers) {
  auto none = sandbox_get(*server, "/v1/events", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json().at("error").at("type"), "invalid_request_error");
  EXPECT_FALSE(none.headers["request-id"].empty());
  auto bad = sandbox_get(*server, "/v1/events", "sk_test_wrongkey1234");
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find("sk_test_****1234"), std::string::npos);
  EXPECT_EQ(bad.body.find("wrongkey"), std::string::npos);
  payment::StripeGatewayOptions o;
  o.api_base = server->base_url() + "/sandbox/stripe";
  o.secret_key = "sk_test_nope";
  payment::StripeGateway wrong(o);
  try {
    wrong.retrieve_intent("pi_x");
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 401);
  }
  // Basic auth with the key as user name works, as with Stripe.
  auto basic = server->request("GET", "/sandbox/stripe/v1/events?limit=1", "", "",
                               {{"Authorization", "Basic c2tfdGVzdF93b2xmaXhfc2FuZGJveDo="}});
  EXPECT_EQ(basic.status, 200) << basic.body;
}

TEST_F(PaymentsGateway, IdempotentReplayAndMismatch) {
  std::string k = key();
  FormPairs form{{"amount", "1234"}, {"currency", "uah"}, {"metadata[order_id]", "o-77"}};
  auto first = sandbox_post(*server, "/v1/payment_intents", form, kSecret, k);
  auto second = sandbox_post(*server, "/v1/payment_intents", form, kSecret, k);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.json().at("id"), first.json().at("id"));
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.headers["idempotent-replayed"], "true");
  EXPECT_EQ(second.headers["original-request"], first.headers["request-id"]);
  EXPECT_EQ(first.headers.count("idempotent-replayed"), 0u);
  FormPairs changed{{"amount", "1235"}, {"currency", "uah"}, {"metadata[order_id]", "o-77"}};
  auto mismatch = sandbox_post(*server, "/v1/payment_intents", changed, kSecret, k);
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.json().at("error").at("type"), "idempotency_error");
  // The gateway's create with one key is one intent.
  CreateIntent p;
  p.amount_minor = 777;
  p.currency = "uah";
  std::string k2 = key();
  EXPECT_EQ(gateway().create_intent(p, k2).id, gateway().create_intent(p, k2).id);
  // A decline is replayed as the same 402.
  auto pi = create();
  std::string k3 = key();
  FormPairs decline{{"payment_method", "pm_card_chargeDeclined"}};
  auto d1 =
      sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/confirm", decline, kSecret, k3);
  auto d2 =
      sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/confirm", decline, kSecret, k3);
  EXPECT_EQ(d1.status, 402);
  EXPECT_EQ(d2.status, 402);
  EXPECT_EQ(d2.body, d1.body);
  EXPECT_EQ(d2.headers["idempotent-replayed"], "true");
  // Validation errors are not kept: the key can be used again once the request is fixed.
  std::string k4 = key();
  EXPECT_EQ(sandbox_post(*server, "/v1/payment_intents", {{"currency", "uah"}}, kSecret, k4).status,
            400);
  EXPECT_EQ(sandbox_post(*server, "/v1/payment_intents", {{"currency", "uah"}, {"amount", "5"}},
                         kSecret, k4)
                .status,
            200);
  // A replay is the first answer even when the operation would fail now: the intent is refunded
  // in full, so a second refund would be refused.
  auto paid = create();
  ASSERT_EQ(sandbox_post(*server, "/v1/payment_intents/" + paid.id + "/confirm",
                         {{"payment_method", "pm_card_visa"}}, kSecret)
                .status,
            200);
  std::string k5 = key();
  auto r1 = sandbox_post(*server, "/v1/refunds", {{"payment_intent", paid.id}}, kSecret, k5);
  auto r2 = sandbox_post(*server, "/v1/refunds", {{"payment_intent", paid.id}}, kSecret, k5);
  ASSERT_EQ(r1.status, 200) << r1.body;
  EXPECT_EQ(r2.status, 200) << r2.body;
  EXPECT_EQ(r2.body, r1.body);
  EXPECT_EQ(r2.headers["idempotent-replayed"], "true");
}

// A key is claimed, used and completed in the operation's own transaction (one write, not
// two): requests racing with the same key never find it in flight; the one that runs second
// replays the first's answer. (The delay knob keeps the separate claim, seen in flight below.)
TEST_F(PaymentsGateway, RacingRequestsWithOneKeyMakeOneIntentAndReplayIt) {
  std::string k = key();
  FormPairs form{{"amount", "700"}, {"currency", "uah"}};
  std::vector<Reply> replies(6);
  std::vector<std::thread> threads;
  for (auto& r : replies)
    threads.emplace_back(
        [&] { r = sandbox_post(*server, "/v1/payment_intents", form, kSecret, k); });
  for (auto& t : threads) t.join();
  int replayed = 0;
  for (auto& r : replies) {
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("id"), replies[0].json().at("id"));
    replayed += r.headers["idempotent-replayed"] == "true";
  }
  EXPECT_EQ(replayed, 5);
}

TEST_F(PaymentsGateway, SameKeyWhileTheFirstIsRunningIs409) {
  std::string k = key();
  FormPairs form{{"amount", "500"}, {"currency", "uah"}, {"metadata[sandbox_fault]", "delay:3000"}};
  Reply first;
  std::thread slow([&] { first = sandbox_post(*server, "/v1/payment_intents", form, kSecret, k); });
  bool claimed = eventually([&] { return probe().sandbox_idempotency_key_stored(k); });
  EXPECT_TRUE(claimed);
  auto second = sandbox_post(*server, "/v1/payment_intents", form, kSecret, k);
  slow.join();
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.json().at("error").at("code"), "idempotency_key_in_use");
  // Afterwards the key replays the first answer.
  auto third = sandbox_post(*server, "/v1/payment_intents", form, kSecret, k);
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.json().at("id"), first.json().at("id"));
}

TEST_F(PaymentsGateway, CancelWithReasonsAndStateRules) {
  auto pi = create();
  auto c = gateway().cancel_intent(pi.id, "requested_by_customer", key());
  EXPECT_EQ(c.status, "canceled");
  EXPECT_EQ(c.cancellation_reason, "requested_by_customer");
  EXPECT_TRUE(c.canceled_at);
  try {
    gateway().cancel_intent(pi.id, "abandoned", key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_EQ(e.code(), "payment_intent_unexpected_state");
  }
  try {
    gateway().confirm_intent(pi.id, "pm_card_visa", key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "payment_intent_unexpected_state");
  }
  auto paid = create();
  gateway().confirm_intent(paid.id, "pm_card_visa", key());
  EXPECT_THROW(gateway().cancel_intent(paid.id, "", key()), ProviderError);
  auto other = create();
  try {
    gateway().cancel_intent(other.id, "bored", key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.param(), "cancellation_reason");
  }
}

TEST_F(PaymentsGateway, RefundsPartialFullAndNeverBeyond) {
  auto pi = create(10000);
  gateway().confirm_intent(pi.id, "pm_card_visa", key());
  CreateRefund r;
  r.payment_intent = pi.id;
  r.amount = 3000;
  r.reason = "requested_by_customer";
  r.metadata = {{"refund_id", "rf-1"}};
  auto first = gateway().create_refund(r, key());
  EXPECT_EQ(first.id.rfind("re_", 0), 0u);
  EXPECT_EQ(first.amount, 3000);
  EXPECT_EQ(first.status, "succeeded");
  EXPECT_EQ(first.payment_intent, pi.id);
  EXPECT_EQ(first.reason, "requested_by_customer");
  EXPECT_EQ(first.metadata.at("refund_id"), "rf-1");
  EXPECT_EQ(gateway().retrieve_refund(first.id).amount, 3000);
  r.amount = 8000;
  try {
    gateway().create_refund(r, key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_EQ(e.code(), "amount_too_large");
    EXPECT_EQ(e.param(), "amount");
  }
  r.amount.reset();  // the rest
  EXPECT_EQ(gateway().create_refund(r, key()).amount, 7000);
  try {
    gateway().create_refund(r, key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "charge_already_refunded");
  }
  auto unpaid = create();
  CreateRefund u;
  u.payment_intent = unpaid.id;
  EXPECT_THROW(gateway().create_refund(u, key()), ProviderError);
  u.payment_intent = "pi_missing";
  try {
    gateway().create_refund(u, key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.http_status(), 404);
  }
  EXPECT_THROW(gateway().retrieve_refund("re_missing"), ProviderError);
}

TEST_F(PaymentsGateway, ConcurrentRefundsNeverExceedTheAmountReceived) {
  auto pi = create(10000);
  gateway().confirm_intent(pi.id, "pm_card_visa", key());
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      CreateRefund r;
      r.payment_intent = pi.id;
      r.amount = 3000;
      try {
        gateway().create_refund(r, key());
        ++ok;
      } catch (const ProviderError& e) {
        if (e.http_status() == 400) ++refused;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(refused.load(), 5);
  int64_t total = probe().sandbox_refunds_total(pi.id);
  EXPECT_EQ(total, 9000);
}

TEST_F(PaymentsGateway, DisputesThroughTheDashboardRoutes) {
  auto pi = create(5000);
  gateway().confirm_intent(pi.id, "pm_card_visa", key());
  auto d = sandbox_post(*server, "/dashboard/payment_intents/" + pi.id + "/dispute", {}, kSecret);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json().at("status"), "needs_response");
  std::string dispute_id(d.json().at("id").as_string());
  EXPECT_EQ(
      sandbox_post(*server, "/dashboard/payment_intents/" + pi.id + "/dispute", {}, kSecret).status,
      400);
  CreateRefund r;
  r.payment_intent = pi.id;
  try {
    gateway().create_refund(r, key());
    ADD_FAILURE();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "charge_disputed");
  }
  auto closed = sandbox_post(*server, "/dashboard/disputes/" + dispute_id + "/close",
                             {{"outcome", "lost"}}, kSecret);
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.json().at("status"), "lost");
  EXPECT_EQ(sandbox_post(*server, "/dashboard/disputes/" + dispute_id + "/close",
                         {{"outcome", "won"}}, kSecret)
                .status,
            400);
  // Only the secret key may act; the page asks a browser for it.
  EXPECT_EQ(
      sandbox_post(*server, "/dashboard/payment_intents/" + pi.id + "/dispute", {}, kPublishable)
          .status,
      401);
  auto page = server->get("/sandbox/stripe/dashboard");
  EXPECT_EQ(page.status, 401);
  EXPECT_NE(page.headers["www-authenticate"].find("Basic"), std::string::npos);
  auto unpaid = create();
  EXPECT_EQ(
      sandbox_post(*server, "/dashboard/payment_intents/" + unpaid.id + "/dispute", {}, kSecret)
          .status,
      400);
  // The dispute test card opens one by itself.
  auto auto_pi = create(5000);
  gateway().confirm_intent(auto_pi.id, "pm_card_createDispute", key());
  payment::EventFilter f;
  f.types = {"charge.dispute.created"};
  f.limit = 100;
  bool found = false;
  for (const auto& e : gateway().list_events(f).data)
    found |= e.dispute && e.dispute->payment_intent == auto_pi.id;
  EXPECT_TRUE(found);
}

TEST_F(PaymentsGateway, EveryStateChangeIsAnEvent) {
  auto pi = create(6000);
  gateway().confirm_intent(pi.id, "pm_card_visa", key());
  CreateRefund r;
  r.payment_intent = pi.id;
  r.amount = 1000;
  auto refund = gateway().create_refund(r, key());
  auto failing = create();
  EXPECT_THROW(gateway().confirm_intent(failing.id, "pm_card_chargeDeclined", key()),
               ProviderError);
  gateway().cancel_intent(failing.id, "abandoned", key());
  auto three = create();
  gateway().confirm_intent(three.id, "pm_card_threeDSecure2Required", key());
  auto pending = create(4000);
  gateway().confirm_intent(pending.id, "pm_card_visa", key());
  r.payment_intent = pending.id;
  r.metadata = {{"sandbox_refund", "pending"}};
  auto slow = gateway().create_refund(r, key());
  EXPECT_EQ(slow.status, "pending");
  auto settled = sandbox_post(*server, "/dashboard/refunds/" + slow.id + "/settle",
                              {{"outcome", "failed"}}, kSecret);
  EXPECT_EQ(settled.json().at("status"), "failed");

  std::map<std::string, std::vector<payment::Event>> by_type;
  payment::EventFilter all;
  all.limit = 100;
  all.created_gte = pi.created;
  for (const auto& e : gateway().list_events(all).data) by_type[e.type].push_back(e);
  auto has = [&](const std::string& type, const std::string& intent) {
    for (const auto& e : by_type[type]) {
      if (e.payment_intent && e.payment_intent->id == intent) return true;
      if (e.charge && e.charge->payment_intent == intent) return true;
      if (e.refund && e.refund->payment_intent == intent) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("payment_intent.created", pi.id));
  EXPECT_TRUE(has("payment_intent.succeeded", pi.id));
  EXPECT_TRUE(has("refund.created", pi.id));
  EXPECT_TRUE(has("charge.refunded", pi.id));
  EXPECT_TRUE(has("payment_intent.payment_failed", failing.id));
  EXPECT_TRUE(has("payment_intent.canceled", failing.id));
  EXPECT_TRUE(has("payment_intent.requires_action", three.id));
  EXPECT_TRUE(has("refund.updated", pending.id));
  for (const auto& e : by_type["charge.refunded"])
    if (e.charge->payment_intent == pi.id) {
      EXPECT_EQ(e.charge->amount_refunded, 1000);
      EXPECT_FALSE(e.charge->refunded);
    }
  auto succeeded = by_type["payment_intent.succeeded"];
  ASSERT_FALSE(succeeded.empty());
  EXPECT_EQ(succeeded.front().api_version, "2024-06-20");
  EXPECT_TRUE(succeeded.front().request_id);
  EXPECT_EQ(gateway().retrieve_event(succeeded.front().id).id, succeeded.front().id);
  EXPECT_THROW(gateway().retrieve_event("evt_missing"), ProviderError);
  (void)refund;
}

TEST_F(PaymentsGateway, EventListFiltersAndPages) {
  server->clock().advance_ms(10'000);
  int64_t since = server->clock().now_seconds();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(create(100 + i).id);
  payment::EventFilter f;
  f.types = {"payment_intent.created"};
  f.created_gte = since;
  f.limit = 2;
  auto page1 = gateway().list_events(f);
  ASSERT_EQ(page1.data.size(), 2u);
  EXPECT_TRUE(page1.has_more);
  // Newest first.
  EXPECT_EQ(page1.data[0].payment_intent->id, ids[4]);
  EXPECT_EQ(page1.data[1].payment_intent->id, ids[3]);
  f.starting_after = page1.data.back().id;
  auto page2 = gateway().list_events(f);
  ASSERT_EQ(page2.data.size(), 2u);
  EXPECT_EQ(page2.data[0].payment_intent->id, ids[2]);
  f.starting_after = page2.data.back().id;
  auto page3 = gateway().list_events(f);
  ASSERT_EQ(page3.data.size(), 1u);
  EXPECT_FALSE(page3.has_more);
  f.starting_after.reset();
  f.ending_before = page3.data[0].id;
  auto back = gateway().list_events(f);
  ASSERT_EQ(back.data.size(), 2u);
  EXPECT_EQ(back.data[0].payment_intent->id, ids[2]);
  EXPECT_EQ(back.data[1].payment_intent->id, ids[1]);
  // Wildcards, created ranges and delivery_success (nothing is delivered: no endpoint here).
  payment::EventFilter w;
  w.types = {"payment_intent.*"};
  w.created_gt = since + 1000;
  EXPECT_TRUE(gateway().list_events(w).data.empty());
  payment::EventFilter undelivered;
  undelivered.delivery_success = false;
  undelivered.created_gte = since;
  undelivered.limit = 100;
  EXPECT_GE(gateway().list_events(undelivered).data.size(), 5u);
  undelivered.delivery_success = true;
  EXPECT_TRUE(gateway().list_events(undelivered).data.empty());
  auto raw = sandbox_get(*server, "/v1/events?limit=1", kSecret);
  EXPECT_EQ(raw.json().at("object"), "list");
  EXPECT_EQ(raw.json().at("url"), "/v1/events");
  EXPECT_EQ(sandbox_get(*server, "/v1/events?limit=0", kSecret).status, 400);
  EXPECT_EQ(sandbox_get(*server, "/v1/events?starting_after=evt_nope", kSecret).status, 400);
  EXPECT_EQ(sandbox_get(*server, "/v1/events?delivery_success=maybe", kSecret).status, 400);
}

TEST_F(PaymentsGateway, CardDataIsNeverStored) {
  auto pi = create();
  ASSERT_EQ(confirm_card(*server, pi, "4242424242424242").status, 200);
  auto dump = probe().sandbox_dump();
  EXPECT_EQ(dump.find("4242424242424242"), std::string::npos);
  EXPECT_NE(dump.find("|visa|4242|"), std::string::npos);
}

TEST_F(PaymentsGateway, FaultKnobsOnCalls) {
  CreateIntent p;
  p.currency = "uah";
  // Always failing: the gateway retries with the same key, then gives up.
  p.amount_minor = 90500;
  try {
    gateway().create_intent(p, key());
    ADD_FAILURE();
  } catch (const ProviderUnavailable& e) {
    EXPECT_EQ(e.code(), "api_error");
    EXPECT_EQ(e.http_status(), 500);
  }
  p.amount_minor = 90429;
  try {
    gateway().create_intent(p, key());
    ADD_FAILURE();
  } catch (const ProviderUnavailable& e) {
    EXPECT_EQ(e.code(), "rate_limit");
    EXPECT_EQ(e.http_status(), 429);
  }
  p.amount_minor = 90000;
  try {
    gateway().create_intent(p, key());
    ADD_FAILURE();
  } catch (const ProviderUnavailable& e) {
    EXPECT_EQ(e.code(), "api_connection_error");
  }
  // Failing once: the retry with the same key goes through, and makes exactly one intent.
  for (int64_t amount : {91500, 91429, 91000}) {
    p.amount_minor = amount;
    std::string k = key();
    auto pi = gateway().create_intent(p, k);
    EXPECT_EQ(pi.amount, amount);
    EXPECT_EQ(gateway().create_intent(p, k).id, pi.id);
  }
  // Metadata knob: fail twice, then succeed (within the gateway's two retries).
  p.amount_minor = 1000;
  p.metadata = {{"sandbox_fault", "server_error:2"}};
  EXPECT_EQ(gateway().create_intent(p, key()).status, "requires_payment_method");
  p.metadata = {{"sandbox_fault", "server_error:3"}};
  EXPECT_THROW(gateway().create_intent(p, key()), ProviderUnavailable);
  // Test PaymentMethods that fail the confirm call.
  auto pi = create();
  try {
    gateway().confirm_intent(pi.id, "pm_sandbox_server_error", key());
    ADD_FAILURE();
  } catch (const ProviderUnavailable& e) {
    EXPECT_EQ(e.code(), "api_error");
  }
  EXPECT_THROW(gateway().confirm_intent(pi.id, "pm_sandbox_drop_connection", key()),
               ProviderUnavailable);
  EXPECT_EQ(gateway().retrieve_intent(pi.id).status, "requires_payment_method");
  auto raw = sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/confirm",
                          {{"payment_method", "pm_sandbox_rate_limit_once"}}, kSecret, key());
  EXPECT_EQ(raw.status, 429);
  EXPECT_FALSE(raw.headers["request-id"].empty());
  // Refund amounts fault the same way.
  auto paid = create(100000);
  gateway().confirm_intent(paid.id, "pm_card_visa", key());
  CreateRefund r;
  r.payment_intent = paid.id;
  r.amount = 91500;
  EXPECT_EQ(gateway().create_refund(r, key()).amount, 91500);
}

// The node's gateway hands its calls to its own sandbox over in-process (http/local_exchange);
// a gateway of another process (here: one made apart, on the listener's URL) goes over the
// wire, and both get the same answers: the intent, a decline's 402 with Stripe's error body and
// the declined intent, a replayed Idempotency-Key, a dropped connection, a refund. The wire
// calls share one kept-alive connection.
TEST_F(PaymentsGateway, OverTheWireAndInProcessTheSandboxAnswersAlike) {
  auto& local = dynamic_cast<payment::StripeGateway&>(server->app().payment_gateway());
  auto local_before = local.in_process_calls();
  auto local_opened = local.connections_opened();
  payment::StripeGatewayOptions o;
  o.api_base = server->base_url() + "/sandbox/stripe";
  o.secret_key = kSecret;
  o.max_retries = 1;
  payment::StripeGateway wire(o);
  wire.sleep = [](int) {};
  for (Gateway* g : {static_cast<Gateway*>(&wire), static_cast<Gateway*>(&local)}) {
    SCOPED_TRACE(g == &wire ? "over the wire" : "in-process");
    CreateIntent p;
    p.amount_minor = 2500;
    p.currency = "uah";
    p.metadata = {{"order_id", "wire-1"}};
    std::string k = key();
    auto pi = g->create_intent(p, k);
    EXPECT_EQ(pi.status, "requires_payment_method");
    EXPECT_EQ(g->create_intent(p, k).id, pi.id);  // the same key replays the first answer
    try {
      g->confirm_intent(pi.id, "pm_card_chargeDeclinedInsufficientFunds", key());
      ADD_FAILURE() << "not declined";
    } catch (const ProviderError& e) {
      EXPECT_EQ(e.http_status(), 402);
      EXPECT_EQ(e.decline_code(), "insufficient_funds");
      EXPECT_EQ(e.request_id().rfind("req_", 0), 0u);
      ASSERT_TRUE(e.payment_intent());
      EXPECT_EQ(e.payment_intent()->id, pi.id);
    }
    EXPECT_EQ(g->confirm_intent(pi.id, "pm_card_visa", key()).status, "succeeded");
    auto back = g->retrieve_intent(pi.id);
    EXPECT_EQ(back.status, "succeeded");
    EXPECT_EQ(back.amount_received, 2500);
    CreateRefund r;
    r.payment_intent = pi.id;
    r.amount = 1000;
    EXPECT_EQ(g->create_refund(r, key()).status, "succeeded");
    try {
      g->retrieve_intent("pi_missing");
      ADD_FAILURE() << "found";
    } catch (const ProviderError& e) {
      EXPECT_EQ(e.http_status(), 404);
    }
    // Seven calls so far, over one kept-alive connection on the wire.
    if (g == &wire) EXPECT_EQ(wire.connections_opened(), 1u);
    auto other = g->create_intent(p, key());
    EXPECT_THROW(g->confirm_intent(other.id, "pm_sandbox_drop_connection", key()),
                 ProviderUnavailable);
    EXPECT_EQ(g->retrieve_intent(other.id).status, "requires_payment_method");
  }
  EXPECT_EQ(wire.in_process_calls(), 0u);
  EXPECT_GE(local.in_process_calls() - local_before, 10u);
  EXPECT_EQ(local.connections_opened(), local_opened);
}

TEST_F(PaymentsGateway, UnreachableProviderIsProviderUnavailable) {
  // Connection refused: a port nothing listens on.
  payment::StripeGatewayOptions o;
  o.api_base = "http://127.0.0.1:" + std::to_string(free_port());
  o.secret_key = kSecret;
  o.max_retries = 1;
  payment::StripeGateway refused(o);
  refused.sleep = [](int) {};
  try {
    refused.create_intent({100, "uah"}, key());
    ADD_FAILURE();
  } catch (const ProviderUnavailable& e) {
    EXPECT_EQ(e.code(), "api_connection_error");
    EXPECT_FALSE(e.timeout());
    EXPECT_EQ(e.http_status(), 0);
  }
  // Timeout: a provider that answers too slowly.
  std::atomic<int> calls{0};
  std::vector<std::string> keys;
  std::mutex mu;
  uint16_t slow_port = 0;
  auto slow = start_fake_provider(
      [&](http::Request& req) {
        ++calls;
        {
          std::lock_guard lock(mu);
          keys.emplace_back(req.header("idempotency-key"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        return http::Response::raw_json("{}");
      },
      slow_port);
  o.api_base = "http://127.0.0.1:" + std::to_string(slow_port);
  o.timeout_ms = 150;
  payment::StripeGateway timing_out(o);
  timing_out.sleep = [](int) {};
  std::string k = key();
  try {
    CreateRefund r;
    r.payment_intent = "pi_x";
    timing_out.create_refund(r, k);
    ADD_FAILURE();
  } catch (const ProviderUnavailable& e) {
    EXPECT_EQ(e.code(), "api_connection_error");
    EXPECT_TRUE(e.timeout());
  }
  EXPECT_TRUE(eventually([&] { return calls.load() == 2; }));
  std::lock_guard lock(mu);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], k);
  EXPECT_EQ(keys[1], k);
  slow->stop();
}

TEST_F(PaymentsGateway, PublicConfigNamesTheSandboxAndNeverTheSecret) {
  auto r = server->get("/api/payments/config");
  ASSERT_EQ(r.status, 200);
  auto o = r.json().as_object();
  EXPECT_EQ(o.at("provider"), "sandbox");
  EXPECT_EQ(o.at("publishableKey"), kPublishable.c_str());
  EXPECT_EQ(o.at("apiBase"), "/sandbox/stripe");
  EXPECT_EQ(o.at("paymentMethodTypes").as_array().size(), 1u);
  EXPECT_EQ(o.at("paymentMethodTypes").as_array()[0], "card");
  EXPECT_EQ(r.body.find("sk_"), std::string::npos);
  EXPECT_EQ(r.body.find("whsec_"), std::string::npos);
}

TEST_F(PaymentsGateway, ThreeDSecureRedirectsBackToTheReturnUrl) {
  auto pi = create();
  auto r = sandbox_post(*server, "/v1/payment_intents/" + pi.id + "/confirm",
                        {{"client_secret", pi.client_secret},
                         {"payment_method", "pm_card_threeDSecure2Required"},
                         {"return_url", "https://shop.example/checkout/done?step=3"}},
                        kPublishable);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("next_action").at("redirect_to_url").at("return_url"),
            "https://shop.example/checkout/done?step=3");
  std::string url(r.json().at("next_action").at("redirect_to_url").at("url").as_string());
  auto done = server->request("POST", url, "outcome=complete", "",
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.headers["location"],
            "https://shop.example/checkout/done?step=3&payment_intent=" + pi.id +
                "&payment_intent_client_secret=" + pi.client_secret + "&redirect_status=succeeded");
}

TEST_F(PaymentsGateway, DashboardPageOpensAndClosesDisputes) {
  auto pi = create(3300);
  gateway().confirm_intent(pi.id, "pm_card_visa", key());
  // A browser signs in with the secret key as the Basic user name.
  std::vector<std::pair<std::string, std::string>> basic{
      {"Authorization", "Basic c2tfdGVzdF93b2xmaXhfc2FuZGJveDo="}};
  auto page = server->request("GET", "/sandbox/stripe/dashboard", "", "", basic);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(pi.id), std::string::npos);
  EXPECT_NE(page.body.find("/dispute"), std::string::npos);
  auto form = basic;
  form.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  auto opened =
      server->request("POST", "/sandbox/stripe/dashboard/payment_intents/" + pi.id + "/dispute",
                      "redirect=1", "", form);
  EXPECT_EQ(opened.status, 303);
  EXPECT_EQ(opened.headers["location"], "/sandbox/stripe/dashboard");
  auto after = server->request("GET", "/sandbox/stripe/dashboard", "", "", basic);
  EXPECT_NE(after.body.find("(disputed)"), std::string::npos);
  EXPECT_NE(after.body.find("/close"), std::string::npos);
  // Without the key the page's form is refused.
  auto anonymous =
      server->request("POST", "/sandbox/stripe/dashboard/payment_intents/" + pi.id + "/dispute",
                      "redirect=1", "", {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(anonymous.status, 401);
}

}  // namespace
}  // namespace wolfix::test
