#pragma once
// Test-suite bases: one TestServer per suite (built in SetUpTestSuite, shared by the suite's
// tests, which keeps the run fast), plus the set-ups several suites repeat. Each derives as
// `class MyTest : public ServerSuite<MyTest>`, so every suite has its own statics.
#include <memory>
#include <string>

#include "fixtures.hpp"
#include "order_fixtures.hpp"

namespace wolfix::test {

template <class Suite>
class ServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = std::make_unique<TestServer>();
    Suite::prepare(*server);
  }
  static void TearDownTestSuite() {
    Suite::finish();
    server.reset();
  }

 public:
  // What a suite adds to its server once (hidden by a derived suite's own).
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
