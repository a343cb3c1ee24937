// The platform: health, readiness, metrics, errors for unknown routes, methods and bad HTTP.
#include <chrono>
#include <thread>

#include "harness.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class PlatformTest : public ServerSuite<PlatformTest> {
 protected:
};

TEST_F(PlatformTest, HealthAndReady) {
  auto h = server->get("/health");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json().at("status"), "ok");
  auto r = server->get("/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("database"), "ok");
}

// With background jobs on, a node builds its search index at start-up and says ready only
// then: until then /ready is 503 "starting" (a load balancer keeps traffic away), never
// anything else.
class PlatformReadyTest : public PerTestSuite<PlatformReadyTest> {};

TEST_F(PlatformReadyTest, WithJobsANodeIsReadyOnceItsSearchIndexIsBuilt) {
  auto& node = own_server([](Config& c) { c.jobs = true; });
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Reply r = node.get("/ready");
  while (r.status != 200 && std::chrono::steady_clock::now() < until) {
    ASSERT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.json().at("status"), "starting") << r.body;
    EXPECT_EQ(r.json().at("search"), "building") << r.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    r = node.get("/ready");
  }
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "ready");
  EXPECT_EQ(node.get("/api/products/search?searchQuery=anything").status, 200);
}

TEST_F(PlatformTest, EveryAnswerCarriesARequestId) {
  auto h = server->get("/health");
  EXPECT_FALSE(h.headers["x-request-id"].empty());
  auto mine = server->request("GET", "/health", "", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(mine.headers["x-request-id"], "abc-123");
  auto hostile = server->request("GET", "/health", "", "", {{"X-Request-Id", "a b\"c"}});
  EXPECT_NE(hostile.headers["x-request-id"], "a b\"c");
}

TEST_F(PlatformTest, UnknownRouteIs404Json) {
  auto r = server->get("/api/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "route_not_found");
}

TEST_F(PlatformTest, WrongMethodIs405WithAllow) {
  auto r = server->request("DELETE", "/health");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.code(), "method_not_allowed");
  EXPECT_EQ(r.headers["allow"], "GET");
}

TEST_F(PlatformTest, OversizedBodyIs413) {
  std::string big(2 << 20, 'x');
  auto r = server->request("POST", "/api/account/roles", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.code(), "body_too_large");
  // The server is still serving afterwards.
  EXPECT_EQ(server->get("/health").status, 200);
}

TEST_F(PlatformTest, MetricsCountRequestsByRoute) {
  server->get("/health");
  auto m = server->get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(
      m.body.find("wolfix_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"),
      std::string::npos);
  EXPECT_NE(m.body.find("wolfix_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_F(PlatformTest, CorsPreflightForConfiguredOrigin) {
  auto r = server->request(
      "OPTIONS", "/api/account/roles", "", "",
      {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers["access-control-allow-origin"], "http://localhost:3000");
  auto other = server->request(
      "OPTIONS", "/api/account/roles", "", "",
      {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(other.headers.count("access-control-allow-origin"), 0u);
}

// A browser hides response headers from scripts unless they are exposed: the storefront reads
// the new order's id, the replay flag, the wait after a 429 and the request id for support.
TEST_F(PlatformTest, CorsExposesTheHeadersClientsRead) {
  auto r = server->request("GET", "/health", "", "", {{"Origin", "http://localhost:3000"}});
  ASSERT_EQ(r.headers["access-control-allow-origin"], "http://localhost:3000");
  std::string exposed = r.headers["access-control-expose-headers"];
  for (const char* h : {"Location", "X-Request-Id", "X-Order-Id", "X-Order-Number",
                        "Idempotent-Replayed", "Retry-After"})
    EXPECT_NE(exposed.find(h), std::string::npos) << h << " missing from: " << exposed;
  auto preflight = server->request(
      "OPTIONS", "/api/orders", "", "",
      {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_NE(preflight.headers["access-control-allow-headers"].find("Idempotency-Key"),
            std::string::npos);
}

TEST_F(PlatformTest, StorefrontPageIsServedAndPathsCannotEscape) {
  auto r = server->get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_EQ(server->get("/web/../CMakeLists.txt").status, 404);
  EXPECT_EQ(server->get("/web/%2e%2e/CMakeLists.txt").status, 404);
}

}  // namespace
}  // namespace wolfix::test
