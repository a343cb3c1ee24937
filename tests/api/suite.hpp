#pragma once
// The one base of the API suites: a TestServer per suite (built in SetUpTestSuite, shared by the
// suite's tests, which keeps the run fast) on the database WOLFIX_TEST_DB selects (harness.hpp),
// its HTTP client, and the probe (probe.hpp) for what the API does not say. Each suite derives
// as `class MyTest : public ServerSuite<MyTest>` (so every suite has its own statics) and may
// define configure(Config&) (settings before the server starts), prepare(TestServer&) (what it
// adds once) and finish(). Tests that need a server of their own settings beside the suite's
// make one with TestServer(tweak); the child-process suites start from CheckoutLoadTest.
#include <memory>
#include <string>

#include "fixtures.hpp"
#include "order_fixtures.hpp"

namespace wolfix::test {

template <class Suite>
class ServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = std::make_unique<TestServer>([](Config& c) { Suite::configure(c); });
    Suite::prepare(*server);
  }
  static void TearDownTestSuite() {
    Suite::finish();
    server.reset();
  }
  static Probe probe() { return server->probe(); }

 public:
  // Hidden by a derived suite's own.
  static void configure(Config&) {}
  static void prepare(TestServer&) {}
  static void finish() {}

 protected:
  static inline std::unique_ptr<TestServer> server;
};

// Suites whose tests sell one seller's products; WithDelivery also seeds the demo delivery
// methods orders need.
template <class Suite, bool WithDelivery = false>
class ShopSuite : public ServerSuite<Suite> {
 public:
  static void prepare(TestServer& server) {
    if constexpr (WithDelivery) seed_delivery(server);
    seller = std::make_unique<Actor>(make_actor(server, "Seller"));
  }
  static void finish() { seller.reset(); }

 protected:
  static inline std::unique_ptr<Actor> seller;
};

// Suites about a person's own profile under `Base` ("/api/customers/", "/api/sellers/").
template <class Suite>
class ProfileSuite : public ServerSuite<Suite> {
 protected:
  static std::string path(const Actor& a, const std::string& tail = "") {
    return std::string(Suite::kBase) + a.profile_id + tail;
  }
  static boost::json::value profile(const Actor& a) {
    auto r = ServerSuite<Suite>::server->get(path(a), a.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
};

}  // namespace wolfix::test
