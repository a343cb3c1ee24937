// The order side of webhooks and reconciliation, with the sandbox's own delivery switched off so
// each test decides what arrives, how often and in which order.
#include <condition_variable>
#include <thread>

#include "catalog_fixtures.hpp"
#include "common/crypto.hpp"
#include "http/server.hpp"
#include "order_fixtures.hpp"
#include "payment/card_flow.hpp"
#include "payment/stripe_gateway.hpp"
#include "payment/webhook_signature.hpp"
#include "payments_support.hpp"

namespace wolfix::test {
namespace {

class CardWebhooksTest : public PaymentsSuite<CardWebhooksTest> {
 protected:
  void SetUp() override {
    customer = make_actor(*server, "Customer");
    seller = make_actor(*server, "Seller");
    product = make_product(*server, seller, 19999, 5);
  }

  // One unit checked out by card, not confirmed yet.
  struct Checkout {
    std::string order, pi, secret;
  };
  void check_out(Checkout& c) {
    auto r = server->request("POST", "/api/orders/with-payment",
                             boost::json::serialize(buy_body(customer, product)), customer.token);
    ASSERT_EQ(r.status, 200) << r.body;
    c.order = str(r.json().at("orderId"));
    c.secret = str(r.json().at("clientSecret"));
    c.pi = c.secret.substr(0, c.secret.find("_secret_"));
  }
  // Checks out one unit and confirms it with `pm`; returns {order id, intent id}.
  std::pair<std::string, std::string> pay_with(const std::string& pm) {
    Checkout c;
    check_out(c);
    sandbox_post(*server, "/v1/payment_intents/" + c.pi + "/confirm",
                 {{"client_secret", c.secret}, {"payment_method", pm}},
                 server->config().sandbox_publishable_key);
    return {c.order, c.pi};
  }
  // The unpaid card orders' expiry pass, run past their 30 minutes.
  void expire_unpaid_orders() {
    server->clock().advance_ms(31 * 60 * 1000);
    server->app().card_payments().expire_unpaid();
    server->clock().advance_ms(-31 * 60 * 1000);
  }
  // The provider takes the money after all for an intent Wolfix had cancelled (its cancel lost
  // on the way): the intent is open again and the shopper's tab confirms it with a good card.
  // Returns the confirmation's status.
  int pay_after_cancel(const std::string& pi, const std::string& secret) {
    probe().reopen_intent(pi);
    return sandbox_post(*server, "/v1/payment_intents/" + pi + "/confirm",
                        {{"client_secret", secret}, {"payment_method", "pm_card_visa"}},
                        server->config().sandbox_publishable_key)
        .status;
  }
  // A checkout left unpaid until the expiry pass cancelled it, then paid after all
  // (pay_after_cancel); `event` is the payment_intent.succeeded that tells Wolfix, not delivered.
  void paid_after_expiry(Checkout& c, std::string& event) {
    ASSERT_NO_FATAL_FAILURE(check_out(c));
    expire_unpaid_orders();
    ASSERT_EQ(delivery_status(c.order), 3);
    ASSERT_EQ(pay_after_cancel(c.pi, c.secret), 200);
    event = event_json("payment_intent.succeeded", c.pi);
  }
  // The newest sandbox event of `type` for the intent, as raw JSON.
  std::string event_json(const std::string& type, const std::string& pi) {
    auto r = sandbox_get(*server, "/v1/events?limit=100&type=" + type,
                         server->config().sandbox_secret_key);
    auto page = r.json();
    for (const auto& e : page.at("data").as_array())
      if (boost::json::serialize(e).find(pi) != std::string::npos) return boost::json::serialize(e);
    ADD_FAILURE() << "no " << type << " event for " << pi;
    return "{}";
  }
  Reply deliver(const std::string& body) { return deliver_webhook(*server, body); }
  // Delivers while the provider cannot be reached (connection refused, retried without pauses).
  Reply deliver_with_provider_down(const std::string& body) {
    ProviderAt down(*server, kProviderDown, true);
    return deliver(body);
  }
  // The customer's own view of the order.
  int64_t payment_status(const std::string& order_id) {
    return api_order_status(*server, order_id, customer.token);
  }
  int64_t delivery_status(const std::string& order_id) {
    return api_order_status(*server, order_id, customer.token, "deliveryStatus");
  }
  int64_t stock() { return product_stock(*server, product.id); }
  int64_t sandbox_refunded(const std::string& pi) { return provider_refunded(*server, pi); }
  int64_t count_events(const std::string& order_id, const std::string& kind) {
    return api_payment_events(*server, order_id, kind, customer.token).size();
  }

  Actor customer, seller;
  TestProduct product;
};

TEST_F(CardWebhooksTest, SucceededWebhookPaysOnceHoweverOftenItArrives) {
  auto [order, pi] = pay_with("pm_card_visa");
  EXPECT_EQ(payment_status(order), 1);  // nobody told Wolfix yet
  auto body = event_json("payment_intent.succeeded", pi);
  auto first = deliver(body);
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(str(first.json().at("outcome")), "paid");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(str(deliver(body).json().at("outcome")), "duplicate");
  EXPECT_EQ(payment_status(order), 2);
  EXPECT_EQ(count_events(order, "paid"), 1);
  // The client's confirmation afterwards is a no-op.
  EXPECT_EQ(server->request("PATCH", "/api/orders/" + order + "/paid", "", customer.token).status,
            204);
  EXPECT_EQ(count_events(order, "paid"), 1);
}

TEST_F(CardWebhooksTest, AnOldFailureArrivingAfterSuccessNeverUndoesIt) {
  auto [order, pi] = pay_with("pm_card_chargeDeclined");
  auto failed = event_json("payment_intent.payment_failed", pi);
  auto secret = server->request("GET", "/api/orders/" + order + "/payments", "", customer.token);
  ASSERT_EQ(secret.status, 200);
  // Retry with a good card, deliver the success, then the stale failure.
  auto pay = probe().payment_client_secret(order);
  sandbox_post(*server, "/v1/payment_intents/" + pi + "/confirm",
               {{"client_secret", pay}, {"payment_method", "pm_card_visa"}},
               server->config().sandbox_publishable_key);
  EXPECT_EQ(str(deliver(event_json("payment_intent.succeeded", pi)).json().at("outcome")), "paid");
  auto late = deliver(failed);
  EXPECT_EQ(late.status, 200);
  EXPECT_EQ(payment_status(order), 2);
}

TEST_F(CardWebhooksTest, ReconcilerSettlesOrdersWhoseWebhookNeverCame) {
  auto [order, pi] = pay_with("pm_card_visa");
  EXPECT_EQ(server->app().card_payments().reconcile(), 0);  // too young to chase
  server->clock().advance_ms(3 * 60 * 1000);
  EXPECT_GE(server->app().card_payments().reconcile(), 1);
  EXPECT_EQ(payment_status(order), 2);
  EXPECT_EQ(count_events(order, "paid"), 1);
  server->clock().advance_ms(-3 * 60 * 1000);
}

TEST_F(CardWebhooksTest, EventsForUnknownOrdersAreAcknowledged) {
  std::string body =
      R"({"id":"evt_unknown_1","object":"event","type":"payment_intent.succeeded","created":1,)"
      R"("livemode":false,"data":{"object":{"id":"pi_nobody","object":"payment_intent",)"
      R"("amount":100,"currency":"uah","status":"succeeded","metadata":{}}}})";
  auto r = deliver(body);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().at("outcome")), "unknown_order");
}

TEST_F(CardWebhooksTest, APaymentArrivingAfterExpiryIsRefundedInFull) {
  Checkout c;
  ASSERT_NO_FATAL_FAILURE(check_out(c));
  const auto& [order, pi, secret] = c;
  EXPECT_EQ(stock(), 4);
  expire_unpaid_orders();
  EXPECT_EQ(payment_status(order), 3);  // Failed, the order cancelled
  EXPECT_EQ(delivery_status(order), 3);
  EXPECT_EQ(stock(), 5);
  // The provider takes the money after all (its cancel lost somewhere between us and the card
  // network): the intent is open again and the shopper's tab completes the payment.
  ASSERT_EQ(pay_after_cancel(pi, secret), 200);
  auto body = event_json("payment_intent.succeeded", pi);
  auto late = deliver(body);
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(str(late.json().at("outcome")), "late_payment");
  EXPECT_EQ(str(deliver(body).json().at("outcome")), "duplicate");
  // Refunded automatically, in full, once; the order stays cancelled and its stock, released at
  // expiry, is not released a second time.
  EXPECT_EQ(payment_status(order), 4);
  EXPECT_EQ(delivery_status(order), 3);
  EXPECT_EQ(stock(), 5);
  auto payments = server->get("/api/orders/" + order + "/payments", customer.token);
  ASSERT_EQ(payments.status, 200);
  auto v = payments.json();
  EXPECT_EQ(minor(v.at("received")), 19999);
  EXPECT_EQ(minor(v.at("refunded")), 19999);
  ASSERT_EQ(v.at("refunds").as_array().size(), 1u);
  EXPECT_EQ(str(v.at("refunds").as_array()[0].at("status")), "succeeded");
  EXPECT_EQ(str(v.at("refunds").as_array()[0].at("source")), "late_payment");
  EXPECT_EQ(count_events(order, "expired"), 1);
  EXPECT_EQ(count_events(order, "late_payment"), 1);
  EXPECT_EQ(count_events(order, "refunded"), 1);
  EXPECT_EQ(sandbox_refunded(pi), 19999);
  // The shopper's own confirmation afterwards is told what happened.
  auto paid = server->request("PATCH", "/api/orders/" + order + "/paid", "", customer.token);
  EXPECT_EQ(paid.status, 409);
  EXPECT_EQ(paid.code(), "order_refunded");
}

// The shopper's own PATCH /paid after the expiry pass cancelled the order. The node checked the
// order out and remembers it as pending, so the paid transaction is sent on that memory (on
// PostgreSQL in one round trip whose compare-and-set the commit checks): it fails whole, the
// order is read as it is and the payment is refunded as a late one, exactly once.
TEST_F(CardWebhooksTest, AShoppersConfirmationAfterExpiryIsRefundedNotPaid) {
  Checkout c;
  std::string body;
  ASSERT_NO_FATAL_FAILURE(paid_after_expiry(c, body));
  const auto& [order, pi, secret] = c;
  auto paid = server->request("PATCH", "/api/orders/" + order + "/paid", "", customer.token);
  EXPECT_EQ(paid.status, 409) << paid.body;
  EXPECT_EQ(paid.code(), "order_expired");
  EXPECT_EQ(payment_status(order), 4);  // Refunded
  EXPECT_EQ(delivery_status(order), 3);
  EXPECT_EQ(stock(), 5);
  EXPECT_EQ(count_events(order, "paid"), 0);
  EXPECT_EQ(count_events(order, "late_payment"), 1);
  EXPECT_EQ(count_events(order, "refunded"), 1);
  EXPECT_EQ(sandbox_refunded(pi), 19999);
  // Asked again, and told by the webhook: nothing more happens.
  auto again = server->request("PATCH", "/api/orders/" + order + "/paid", "", customer.token);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "order_refunded");
  auto late = deliver(body);
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(sandbox_refunded(pi), 19999);
  EXPECT_EQ(count_events(order, "refunded"), 1);
  EXPECT_EQ(payment_status(order), 4);
}

// Issue 14 #2: a transaction body may run twice (a serialization conflict is retried), so the
// webhook's may not queue the late payment's refund from inside it. The webhook's transaction is
// made to fail once at commit: the retry applies the event once and refunds once.
TEST_F(CardWebhooksTest, ALatePaymentWebhookWhoseTransactionIsRetriedRefundsOnce) {
  Checkout c;
  std::string body;
  ASSERT_NO_FATAL_FAILURE(paid_after_expiry(c, body));
  const auto& [order, pi, secret] = c;
  std::string event_id = str(boost::json::parse(body).at("id"));
  auto db = probe();
  int fired = db.injected_failures();
  // The webhook's own transaction is the first to see its dedup row.
  db.retry_once_when_webhook_recorded(event_id);
  auto late = deliver(body);
  db.disarm_retry();
  EXPECT_EQ(db.injected_failures(), fired + 1);  // the retry did happen
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(str(late.json().at("outcome")), "late_payment");
  EXPECT_EQ(payment_status(order), 4);
  EXPECT_EQ(stock(), 5);
  auto v = server->get("/api/orders/" + order + "/payments", customer.token).json();
  EXPECT_EQ(v.at("refunds").as_array().size(), 1u);
  EXPECT_EQ(minor(v.at("refunded")), 19999);
  EXPECT_EQ(count_events(order, "late_payment"), 1);
  EXPECT_EQ(count_events(order, "refunded"), 1);
  EXPECT_EQ(sandbox_refunded(pi), 19999);
}

// The automatic refund of a late payment cannot reach the provider; the reconciler finishes it
// later through the same path, and the order ends Refunded all the same.
TEST_F(CardWebhooksTest, ALateRefundRetriedByTheReconcilerEndsRefunded) {
  Checkout c;
  std::string body;
  ASSERT_NO_FATAL_FAILURE(paid_after_expiry(c, body));
  const auto& [order, pi, secret] = c;

  auto late = deliver_with_provider_down(body);
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(str(late.json().at("outcome")), "late_payment");
  EXPECT_EQ(payment_status(order), 3);  // the refund is pending, nothing else moved
  EXPECT_EQ(sandbox_refunded(pi), 0);
  EXPECT_EQ(stock(), 5);

  server->clock().advance_ms(121'000);
  server->app().card_payments().reconcile();
  server->clock().advance_ms(-121'000);
  EXPECT_EQ(payment_status(order), 4);
  EXPECT_EQ(delivery_status(order), 3);
  EXPECT_EQ(stock(), 5);  // released once, at expiry
  EXPECT_EQ(sandbox_refunded(pi), 19999);
  EXPECT_EQ(count_events(order, "refund_unanswered"), 1);
  EXPECT_EQ(count_events(order, "refunded"), 1);
  auto notified = probe().refund_notifications(order);
  EXPECT_EQ(notified, 1);
}

TEST_F(CardWebhooksTest, ALostDisputeCountsAsRefunded) {
  auto [order, pi] = pay_with("pm_card_createDispute");
  ASSERT_EQ(str(deliver(event_json("payment_intent.succeeded", pi)).json().at("outcome")), "paid");
  auto created = event_json("charge.dispute.created", pi);
  auto opened = deliver(created);
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(payment_status(order), 2);  // an open dispute is recorded; the order stays Paid
  EXPECT_EQ(str(opened.json().at("outcome")), "dispute_needs_response");
  EXPECT_EQ(count_events(order, "dispute_needs_response"), 1);
  std::string dispute = str(boost::json::parse(created).at("data").at("object").at("id"));
  auto closed = sandbox_post(*server, "/dashboard/disputes/" + dispute + "/close",
                             {{"outcome", "lost"}}, server->config().sandbox_secret_key);
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto lost_event = event_json("charge.dispute.closed", pi);
  auto lost = deliver(lost_event);
  ASSERT_EQ(lost.status, 200) << lost.body;
  EXPECT_EQ(str(lost.json().at("outcome")), "dispute_lost");
  EXPECT_EQ(str(deliver(lost_event).json().at("outcome")), "duplicate");
  EXPECT_EQ(payment_status(order), 4);
  EXPECT_EQ(stock(), 4);  // the goods are with the customer: nothing restocked
  auto v = server->get("/api/orders/" + order + "/payments", customer.token).json();
  EXPECT_EQ(minor(v.at("refunded")), 19999);
  EXPECT_EQ(count_events(order, "dispute_lost"), 1);
  EXPECT_EQ(count_events(order, "refunded"), 1);
  EXPECT_EQ(count_events(order, "webhook:charge.dispute.closed"), 1);
  auto history = probe().payment_transitions(order, 4);
  EXPECT_EQ(history, 1);
  auto admin = make_actor(*server, "Admin");
  EXPECT_EQ(server->request("POST", "/api/orders/" + order + "/refunds", "{}", admin.token).status,
            409);
}

// Issue 15 #3: charge.refunded and charge.dispute.* were applied from the signed body. Whoever
// holds the webhook secret (it was the README's in production) flipped any paid order to
// Refunded and restocked it. Now the webhook asks the provider about the charge, refund or
// dispute and applies only what the provider says.
class CardWebhooksForgedTest : public CardWebhooksTest {
 protected:
  std::string forged(const std::string& type, boost::json::object object) {
    boost::json::object e{
        {"id", "evt_" + random_alnum(16)},
        {"object", "event"},
        {"type", type},
        {"created", static_cast<int64_t>(server->clock().now_seconds())},
        {"livemode", false},
        {"data", boost::json::object{{"object", boost::json::value(std::move(object))}}}};
    return boost::json::serialize(e);
  }
  std::string charge_of(const std::string& pi) {
    return str(provider_intent(*server, pi).at("latest_charge"));
  }
  boost::json::object refunded_charge(const std::string& id, const std::string& pi,
                                      const std::string& order) {
    return {{"id", id},
            {"object", "charge"},
            {"amount", 19999},
            {"amount_captured", 19999},
            {"amount_refunded", 19999},
            {"refunded", true},
            {"currency", "uah"},
            {"status", "succeeded"},
            {"payment_intent", pi},
            {"metadata", boost::json::object{{"order_id", order}}}};
  }
  std::pair<std::string, std::string> paid_order() {
    auto [order, pi] = pay_with("pm_card_visa");
    EXPECT_EQ(str(deliver(event_json("payment_intent.succeeded", pi)).json().at("outcome")),
              "paid");
    EXPECT_EQ(payment_status(order), 2);
    return {order, pi};
  }
  void expect_untouched(const std::string& order) {
    EXPECT_EQ(payment_status(order), 2);  // still Paid
    EXPECT_EQ(stock(), 4);                // nothing restocked
    auto v = server->get("/api/orders/" + order + "/payments", customer.token).json();
    EXPECT_EQ(minor(v.at("refunded")), 0);
    EXPECT_EQ(count_events(order, "refunded"), 0);
  }
};

TEST_F(CardWebhooksForgedTest, AForgedChargeRefundedChangesNothing) {
  auto [order, pi] = paid_order();
  // The real charge, claimed refunded in full: the provider says it is not.
  auto real = deliver(forged("charge.refunded", refunded_charge(charge_of(pi), pi, order)));
  EXPECT_EQ(real.status, 200) << real.body;
  expect_untouched(order);
  // A charge the provider never made.
  auto made_up = deliver(forged("charge.refunded", refunded_charge("ch_forged", pi, order)));
  EXPECT_EQ(made_up.status, 200) << made_up.body;
  EXPECT_EQ(str(made_up.json().at("outcome")), "unverified");
  expect_untouched(order);
}

TEST_F(CardWebhooksForgedTest, AForgedLostDisputeChangesNothing) {
  auto [order, pi] = paid_order();
  boost::json::object dispute{{"id", "dp_forged"},       {"object", "dispute"},
                              {"amount", 19999},         {"currency", "uah"},
                              {"charge", charge_of(pi)}, {"payment_intent", pi},
                              {"status", "lost"},        {"reason", "fraudulent"}};
  auto r = deliver(forged("charge.dispute.closed", dispute));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().at("outcome")), "unverified");
  expect_untouched(order);
  EXPECT_EQ(count_events(order, "dispute_lost"), 0);
}

// A real dispute still open at the provider, whose event claims it was lost: the provider's
// answer (open) decides.
TEST_F(CardWebhooksForgedTest, ADisputeIsAppliedAsTheProviderHasIt) {
  auto [order, pi] = pay_with("pm_card_createDispute");
  ASSERT_EQ(str(deliver(event_json("payment_intent.succeeded", pi)).json().at("outcome")), "paid");
  auto created = boost::json::parse(event_json("charge.dispute.created", pi));
  auto object = created.at("data").at("object").as_object();
  object["status"] = "lost";
  auto r = deliver(forged("charge.dispute.closed", object));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(str(r.json().at("outcome")), "dispute_lost");
  expect_untouched(order);
}

// The provider cannot be asked: nothing is applied or remembered, and the provider's
// redelivery, once it answers, is applied.
TEST_F(CardWebhooksForgedTest, AnEventThatCannotBeCheckedIsRetriedLater) {
  auto [order, pi] = paid_order();
  ASSERT_EQ(sandbox_post(*server, "/v1/refunds", {{"payment_intent", pi}},
                         server->config().sandbox_secret_key)
                .status,
            200);  // refunded at the provider's dashboard
  auto body = event_json("charge.refunded", pi);
  auto down = deliver_with_provider_down(body);
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(payment_status(order), 2);
  auto again = deliver(body);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(str(again.json().at("outcome")), "refunded");
  EXPECT_EQ(payment_status(order), 4);
  EXPECT_EQ(stock(), 5);
}

// The succeeded event of an order already Paid by that very intent could change nothing,
// whatever the provider says (intents only move forward): it is applied without asking the
// provider (a card flow costs one provider call fewer). Before the order is Paid the provider is
// asked, as for every other event.
TEST_F(CardWebhooksForgedTest, ASucceededEventOfAnOrderPaidByItsIntentAsksNoProvider) {
  auto [order, pi] = pay_with("pm_card_visa");
  std::atomic<int> asked{0};
  uint16_t port = 0;
  auto provider = start_fake_provider(
      [&](http::Request&) {
        ++asked;
        return http::Response::raw_json(R"({"error":{"type":"api_error","message":"down"}})", 500);
      },
      port);
  auto event = boost::json::parse(event_json("payment_intent.succeeded", pi)).as_object();
  Reply first, second, again;
  int asked_first = 0;
  {
    ProviderAt at(*server, "http://127.0.0.1:" + std::to_string(port), true);
    first = deliver(boost::json::serialize(event));
    asked_first = asked.load();
    event["id"] = "evt_" + random_alnum(16);  // another delivery of the news, as a new event
    second = deliver(boost::json::serialize(event));
    again = deliver(boost::json::serialize(event));  // and that event redelivered
  }
  provider->stop();
  // Unpaid: the provider was asked (it failed, so the event's own copy decided).
  EXPECT_EQ(str(first.json().at("outcome")), "paid") << first.body;
  EXPECT_GE(asked_first, 1);
  EXPECT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(str(second.json().at("outcome")), "no_change");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(str(again.json().at("outcome")), "duplicate");
  EXPECT_EQ(asked.load(), asked_first);
  EXPECT_EQ(payment_status(order), 2);
  EXPECT_EQ(count_events(order, "paid"), 1);
  // Each event once in the history: the redelivery added nothing.
  EXPECT_EQ(count_events(order, "webhook:payment_intent.succeeded"), 2);
}

// A provider that holds every request until the test lets it go, then answers 500.
class HeldProvider {
 public:
  HeldProvider() {
    server_ = start_fake_provider(
        [this](http::Request&) {
          ++calls_;
          std::unique_lock lock(mu_);
          cv_.wait_for(lock, std::chrono::seconds(60), [this] { return released_; });
          return http::Response::raw_json(
              R"({"error":{"type":"api_error","message":"held provider"}})", 500);
        },
        port_);
  }
  ~HeldProvider() {
    release();
    server_->stop();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int calls() const { return calls_.load(); }
  void release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  std::atomic<int> calls_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
};

// While the webhook handler waits for the provider, other requests can still write: the
// provider is asked before the webhook's transaction opens, never inside it.
class CardWebhookLockTest : public PerTestSuite<CardWebhookLockTest> {};

TEST_F(CardWebhookLockTest, TheProviderIsAskedOutsideTheTransaction) {
  auto& server = own_server([](Config& c) {
    c.sandbox_webhook_url = "none";
    c.stripe_timeout_ms = 60'000;  // the held call must outlast the wait below
    c.stripe_max_retries = 0;
  });
  seed_delivery(server);
  auto customer = make_actor(server, "Customer");
  auto seller = make_actor(server, "Seller");
  auto product = make_product(server, seller, 19999, 5);
  auto r = server.request("POST", "/api/orders/with-payment",
                          boost::json::serialize(buy_body(customer, product)), customer.token);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string order = str(r.json().at("orderId"));
  std::string secret = str(r.json().at("clientSecret"));
  std::string pi = secret.substr(0, secret.find("_secret_"));
  ASSERT_EQ(sandbox_post(server, "/v1/payment_intents/" + pi + "/confirm",
                         {{"client_secret", secret}, {"payment_method", "pm_card_visa"}},
                         server.config().sandbox_publishable_key)
                .status,
            200);
  std::string body;
  auto events = sandbox_get(server, "/v1/events?limit=100&type=payment_intent.succeeded",
                            server.config().sandbox_secret_key)
                    .json();
  for (const auto& e : events.at("data").as_array())
    if (boost::json::serialize(e).find(pi) != std::string::npos) body = boost::json::serialize(e);
  ASSERT_FALSE(body.empty());

  auto& gw = dynamic_cast<payment::StripeGateway&>(server.app().payment_gateway());
  auto sandbox = gw.api_base();
  HeldProvider held;
  gw.set_api_base(held.url());
  Reply hook;
  std::thread webhook([&] {
    auto secret_key = server.config().payment_webhook_secrets().front();
    hook =
        server.request("POST", "/webhooks/stripe", body, "",
                       {{"Stripe-Signature",
                         stripe_signature_header(secret_key, server.clock().now_seconds(), body)}});
  });
  ASSERT_TRUE(eventually([&] { return held.calls() >= 1; }));  // the handler is at the provider
  std::atomic<bool> wrote{false};
  std::thread writer([&] {
    server.probe().touch_order(order);
    wrote = true;
  });
  // With the provider call inside the transaction this write would wait for the held call.
  EXPECT_TRUE(eventually([&] { return wrote.load(); }));
  held.release();
  webhook.join();
  writer.join();
  gw.set_api_base(sandbox);
  // The provider failed, so the event's own copy decided: paid.
  EXPECT_EQ(hook.status, 200) << hook.body;
  EXPECT_EQ(str(hook.json().at("outcome")), "paid");
}

}  // namespace
}  // namespace wolfix::test
