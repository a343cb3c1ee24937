// The sandbox's webhook delivery: signed events to the configured endpoint, retried with
// backoff until a 2xx, surviving a restart, and the delivery fault knobs.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/crypto.hpp"
#include "payment/stripe_gateway.hpp"
#include "payment/webhook_signature.hpp"
#include "payments_support.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

using payment::CreateIntent;

const std::string kWebhookSecret = Config::kSandboxWebhookSecret;

std::string key() {
  return "wh-" + random_alnum(12);
}

payment::PaymentIntent create(TestServer& s, const std::string& faults = "") {
  CreateIntent p;
  p.amount_minor = 2500;
  p.currency = "uah";
  p.metadata = {{"order_id", "o-" + random_alnum(6)}};
  if (!faults.empty()) p.metadata["sandbox_webhook"] = faults;
  return s.app().payment_gateway().create_intent(p, key());
}

// The events delivered for one intent, in arrival order.
std::vector<payment::Event> delivered_for(CaptureServer& capture, const std::string& intent) {
  std::vector<payment::Event> out;
  for (const auto& hit : capture.hits()) {
    auto e = payment::parse_event(hit.body);
    if (e.object_id == intent || (e.charge && e.charge->payment_intent == intent) ||
        (e.refund && e.refund->payment_intent == intent))
      out.push_back(e);
  }
  return out;
}

std::vector<CaptureServer::Hit> hits_for(CaptureServer& capture, const std::string& intent) {
  std::vector<CaptureServer::Hit> out;
  for (const auto& hit : capture.hits())
    if (hit.body.find(intent) != std::string::npos) out.push_back(hit);
  return out;
}

class PaymentsWebhooks : public ServerSuite<PaymentsWebhooks> {
 public:
  static void configure(Config& c) {
    capture = new CaptureServer();
    c.sandbox_webhook_url = capture->url();
    c.sandbox_poll_ms = 20;
    c.sandbox_retry_base_ms = 1000;
    c.sandbox_fault_knobs = true;  // the webhook knobs under test
  }
  static void finish() {
    server.reset();  // before the endpoint it delivers to
    delete capture;
  }

 protected:
  void SetUp() override {
    capture->set_respond([](const CaptureServer::Hit&) { return 200; });
  }
  void TearDown() override {
    capture->set_respond([](const CaptureServer::Hit&) { return 200; });
  }
  static inline CaptureServer* capture = nullptr;
};

TEST_F(PaymentsWebhooks, EventsArriveSignedWithTheRawBody) {
  auto pi = create(*server);
  server->app().payment_gateway().confirm_intent(pi.id, "pm_card_visa", key());
  ASSERT_TRUE(eventually([&] { return delivered_for(*capture, pi.id).size() >= 2; }));
  auto hits = hits_for(*capture, pi.id);
  for (const auto& hit : hits) {
    EXPECT_EQ(verify_stripe_signature(hit.signature, hit.body, kWebhookSecret,
                                      server->clock().now_seconds()),
              SignatureError::none)
        << hit.signature;
    EXPECT_NE(verify_stripe_signature(hit.signature, hit.body + " ", kWebhookSecret,
                                      server->clock().now_seconds()),
              SignatureError::none);
  }
  auto events = delivered_for(*capture, pi.id);
  EXPECT_EQ(events[0].type, "payment_intent.created");
  EXPECT_EQ(events[1].type, "payment_intent.succeeded");
  EXPECT_EQ(events[1].payment_intent->status, "succeeded");
  EXPECT_EQ(events[1].payment_intent->metadata, pi.metadata);
  // Delivered events are no longer listed as undelivered.
  EXPECT_TRUE(eventually([&] {
    payment::EventFilter f;
    f.delivery_success = false;
    f.limit = 100;
    for (const auto& e : server->app().payment_gateway().list_events(f).data)
      if (e.object_id == pi.id) return false;
    return true;
  }));
}

// An event's pending_webhooks counts the deliveries it still owes (two with the duplicate knob),
// down to zero as they are accepted; one refused stays owed and the event stays undelivered.
TEST_F(PaymentsWebhooks, PendingWebhooksCountWhatIsStillOwed) {
  const std::string kSecret = Config::kSandboxSecretKey;
  std::atomic<bool> refuse{true};
  const std::string marker = "refused-" + random_alnum(8);
  // Installed before the intent exists: its first delivery may follow at once.
  capture->set_respond([&](const CaptureServer::Hit& h) {
    return refuse && h.body.find(marker) != std::string::npos ? 500 : 200;
  });
  auto pi = create(*server, "duplicate");
  CreateIntent p;
  p.amount_minor = 2500;
  p.currency = "uah";
  p.metadata = {{"order_id", marker}};
  auto refused = server->app().payment_gateway().create_intent(p, key());
  auto event_of = [&](const std::string& intent) -> boost::json::object {
    auto list =
        sandbox_get(*server, "/v1/events?type=payment_intent.created&limit=100", kSecret).json();
    for (const auto& e : list.at("data").as_array())
      if (e.at("data").at("object").at("id") == intent.c_str()) return e.as_object();
    return {};
  };
  auto listed = [&](const std::string& intent, bool success) {
    auto list = sandbox_get(*server,
                            std::string("/v1/events?limit=100&delivery_success=") +
                                (success ? "true" : "false"),
                            kSecret)
                    .json();
    for (const auto& e : list.at("data").as_array())
      if (e.at("data").at("object").at("id") == intent.c_str()) return true;
    return false;
  };
  ASSERT_TRUE(eventually([&] { return delivered_for(*capture, pi.id).size() == 2; }));
  ASSERT_TRUE(eventually([&] { return event_of(pi.id).at("pending_webhooks") == 0; }));
  auto id = std::string(event_of(pi.id).at("id").as_string());
  auto one = sandbox_get(*server, "/v1/events/" + id, kSecret);
  EXPECT_EQ(one.json().at("pending_webhooks"), 0);
  EXPECT_TRUE(listed(pi.id, true));
  EXPECT_FALSE(listed(pi.id, false));
  // Refused: retried later, still owed.
  ASSERT_TRUE(eventually([&] {
    auto row = probe().delivery(refused.id);
    return row && row->attempts >= 1 && row->last_status == 500;
  }));
  EXPECT_EQ(event_of(refused.id).at("pending_webhooks"), 1);
  EXPECT_FALSE(listed(refused.id, true));
  EXPECT_TRUE(listed(refused.id, false));
  refuse = false;
  server->clock().advance_ms(1000);
  ASSERT_TRUE(eventually([&] { return event_of(refused.id).at("pending_webhooks") == 0; }));
  EXPECT_TRUE(listed(refused.id, true));
}

TEST_F(PaymentsWebhooks, FailedDeliveriesAreRetriedWithGrowingBackoff) {
  auto pi = create(*server);
  std::atomic<int> refusals{0};
  capture->set_respond([&, id = pi.id](const CaptureServer::Hit& h) {
    if (h.body.find(id) != std::string::npos &&
        h.body.find("payment_intent.canceled") != std::string::npos && refusals < 3) {
      ++refusals;
      return 500;
    }
    return 200;
  });
  server->app().payment_gateway().cancel_intent(pi.id, "abandoned", key());
  auto delivery = [&] { return probe().delivery(pi.id, "payment_intent.canceled"); };
  int64_t base = 1000;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    ASSERT_TRUE(eventually([&] { return delivery()->attempts == attempt; })) << attempt;
    auto row = delivery();
    EXPECT_EQ(row->status, "pending");
    // Each failure pushes the next attempt further: base, 2 base, 4 base.
    EXPECT_EQ(row->next_attempt_at.value() - server->clock().now_ms(), base << (attempt - 1));
    // Not yet due: nothing is sent until the clock reaches it.
    server->clock().advance_ms((base << (attempt - 1)) - 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(delivery()->attempts, attempt);
    server->clock().advance_ms(1);
  }
  ASSERT_TRUE(eventually([&] { return delivery()->status == "delivered"; }));
  EXPECT_EQ(delivery()->attempts, 4);
  EXPECT_EQ(refusals.load(), 3);
  int canceled = 0;
  for (const auto& e : delivered_for(*capture, pi.id))
    canceled += e.type == "payment_intent.canceled";
  EXPECT_EQ(canceled, 4);  // three refused attempts and the one accepted
}

TEST_F(PaymentsWebhooks, DuplicateDeliveryKnob) {
  auto pi = create(*server, "duplicate");
  ASSERT_TRUE(eventually([&] { return delivered_for(*capture, pi.id).size() >= 2; }));
  auto events = delivered_for(*capture, pi.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, events[1].id);
}

TEST_F(PaymentsWebhooks, LateDeliveryKnob) {
  auto pi = create(*server, "delay:60");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(delivered_for(*capture, pi.id).empty());
  server->clock().advance_ms(60'000);
  EXPECT_TRUE(eventually([&] { return delivered_for(*capture, pi.id).size() == 1; }));
}

TEST_F(PaymentsWebhooks, OutOfOrderKnob) {
  auto pi = create(*server, "out_of_order");
  server->app().payment_gateway().confirm_intent(pi.id, "pm_card_visa", key());
  ASSERT_TRUE(eventually([&] { return delivered_for(*capture, pi.id).size() >= 2; }));
  auto events = delivered_for(*capture, pi.id);
  EXPECT_EQ(events[0].type, "payment_intent.succeeded");
  EXPECT_EQ(events[1].type, "payment_intent.created");
}

TEST_F(PaymentsWebhooks, StaleSignatureKnobThenAFreshRetry) {
  // A receiver that checks the signature the way /webhooks/stripe must. Installed before the
  // intent exists: the deliverer sends the first attempt as soon as the event is recorded, and
  // on a loaded machine it could otherwise reach the default receiver (which accepts anything),
  // leaving the delivery done after one stale attempt and no retry to wait for.
  capture->set_respond([](const CaptureServer::Hit& h) {
    return verify_stripe_signature(h.signature, h.body, kWebhookSecret,
                                   server->clock().now_seconds()) == SignatureError::none
               ? 200
               : 400;
  });
  auto pi = create(*server, "stale_signature");
  ASSERT_TRUE(eventually([&] { return hits_for(*capture, pi.id).size() == 1; }));
  auto first = hits_for(*capture, pi.id)[0];
  EXPECT_EQ(verify_stripe_signature(first.signature, first.body, kWebhookSecret,
                                    server->clock().now_seconds()),
            SignatureError::timestamp_out_of_tolerance);
  // The refusal is recorded (and the retry scheduled) before the clock moves on.
  ASSERT_TRUE(eventually([&] {
    auto row = probe().delivery(pi.id);
    return row && row->attempts == 1 && row->status == "pending" && row->last_status == 400;
  }));
  server->clock().advance_ms(1000);
  ASSERT_TRUE(eventually([&] { return hits_for(*capture, pi.id).size() == 2; }));
  auto second = hits_for(*capture, pi.id)[1];
  EXPECT_EQ(verify_stripe_signature(second.signature, second.body, kWebhookSecret,
                                    server->clock().now_seconds()),
            SignatureError::none);
}

TEST_F(PaymentsWebhooks, DroppedEventsAreListedAsUndelivered) {
  auto pi = create(*server, "drop");
  server->app().payment_gateway().confirm_intent(pi.id, "pm_card_visa", key());
  auto marker = create(*server);
  ASSERT_TRUE(eventually([&] { return !delivered_for(*capture, marker.id).empty(); }));
  EXPECT_TRUE(delivered_for(*capture, pi.id).empty());
  payment::EventFilter f;
  f.delivery_success = false;
  f.types = {"payment_intent.succeeded"};
  f.limit = 100;
  bool listed = false;
  for (const auto& e : server->app().payment_gateway().list_events(f).data)
    listed |= e.object_id == pi.id;
  EXPECT_TRUE(listed);
}

class PaymentsWebhooksRestart : public PerTestSuite<PaymentsWebhooksRestart> {};

TEST_F(PaymentsWebhooksRestart, PendingDeliveriesSurviveARestart) {
  CaptureServer capture;
  std::atomic<bool> accept{false};
  capture.set_respond([&](const CaptureServer::Hit&) { return accept ? 200 : 503; });
  auto tweak = [&](Config& c) {
    c.sandbox_webhook_url = capture.url();
    c.sandbox_poll_ms = 20;
    c.sandbox_retry_base_ms = 1000;
  };
  std::string url;
  std::string intent;
  int64_t clock_ms;
  {
    TestServer first(tweak);
    url = first.config().database_url;
    intent = create(first).id;
    ASSERT_TRUE(capture.wait_for(1));
    ASSERT_TRUE(eventually([&] { return first.probe().delivery(intent)->attempts == 1; }));
    clock_ms = first.clock().now_ms();
  }
  // A new process on the same database finishes the job.
  accept = true;
  TestServer second([&](Config& c) {
    tweak(c);
    c.database_url = url;
  });
  second.clock().set_ms(clock_ms + 1000);
  auto status = [&] { return second.probe().delivery(intent); };
  ASSERT_TRUE(eventually([&] { return status()->status == "delivered"; }));
  EXPECT_EQ(status()->attempts, 2);
  EXPECT_EQ(delivered_for(capture, intent).size(), 2u);
}

class PaymentsWebhooksConcurrent : public PerTestSuite<PaymentsWebhooksConcurrent> {};

// A receiver's answer waits for its durable commit: deliveries about different objects are in
// flight together, and their outcomes are recorded after. Two intents' events come due at once
// (delay knob, then the clock); the endpoint holds each succeeded event until both arrived.
TEST_F(PaymentsWebhooksConcurrent, DeliveriesOfDifferentIntentsAreInFlightTogether) {
  std::mutex mu;
  std::condition_variable cv;
  int held = 0, most = 0;
  uint16_t port = 0;
  auto endpoint = start_fake_provider(
      [&](http::Request& req) {
        if (req.body.find("payment_intent.created") == std::string::npos) {
          std::unique_lock lock(mu);
          most = std::max(most, ++held);
          cv.notify_all();
          // Not a synchronisation by time: the bound only ends a failing run.
          cv.wait_for(lock, std::chrono::seconds(10), [&] { return most >= 2; });
          --held;
        }
        return http::Response::raw_json("{}");
      },
      port);
  auto& node = own_server([&](Config& c) {
    c.sandbox_webhook_url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
    c.sandbox_poll_ms = 20;
    c.sandbox_fault_knobs = true;
  });
  auto a = create(node, "delay:60");
  auto b = create(node, "delay:60");
  for (const auto& pi : {a, b})
    node.app().payment_gateway().confirm_intent(pi.id, "pm_card_visa", key());
  node.clock().advance_ms(60'000);
  auto delivered = [&](const std::string& intent) {
    auto d = node.probe().delivery(intent, "payment_intent.succeeded");
    return d && d->status == "delivered";
  };
  ASSERT_TRUE(eventually([&] { return delivered(a.id) && delivered(b.id); }));
  std::lock_guard lock(mu);
  EXPECT_EQ(most, 2);
}

class PaymentsWebhooksNodes : public PerTestSuite<PaymentsWebhooksNodes> {};

TEST_F(PaymentsWebhooksNodes, TwoNodesOnOneDatabaseDeliverEachEventOnce) {
  CaptureServer capture;
  auto tweak = [&](Config& c) {
    c.sandbox_webhook_url = capture.url();
    c.sandbox_poll_ms = 5;
  };
  TestServer a(tweak);
  std::string url = a.config().database_url;
  TestServer b([&](Config& c) {
    tweak(c);
    c.database_url = url;
  });
  b.clock().set_ms(a.clock().now_ms());
  std::vector<std::string> intents;
  for (int i = 0; i < 12; ++i) intents.push_back(create(i % 2 ? a : b).id);
  ASSERT_TRUE(capture.wait_for(12));
  // Give a double delivery every chance to show up before counting.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::map<std::string, int> seen;
  for (const auto& hit : capture.hits()) ++seen[payment::parse_event(hit.body).id];
  EXPECT_EQ(seen.size(), 12u);
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id;
}

}  // namespace
}  // namespace wolfix::test
