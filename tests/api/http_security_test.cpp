// Issue 15, the HTTP layer: request framing (item 9), bodies refused before they are read and
// the node's connection and memory caps (item 4), the client address behind proxies (item 6),
// security headers (item 13) and /metrics in production (item 14).
#include <boost/asio.hpp>

#include "fixtures.hpp"
#include "multipart_builder.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A raw connection, for what the client library never sends.
class Raw {
 public:
  explicit Raw(const TestServer& server) : socket_(ctx_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  }
  void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  // Everything until the server closes.
  std::string read_all() {
    std::string out;
    std::array<char, 4096> buf;
    boost::system::error_code ec;
    for (;;) {
      auto n = socket_.read_some(asio::buffer(buf), ec);
      if (ec) break;
      out.append(buf.data(), n);
    }
    return out;
  }
  // One answer with a Content-Length (the connection stays open), or what came before a close.
  std::string read_answer() {
    boost::system::error_code ec;
    auto n = asio::read_until(socket_, asio::dynamic_buffer(pending_), "\r\n\r\n", ec);
    if (ec) return std::exchange(pending_, "");
    std::string head = pending_.substr(0, n);
    std::size_t length = 0;
    auto cl = head.find("Content-Length: ");
    if (cl == std::string::npos) cl = head.find("content-length: ");
    if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
    if (pending_.size() < n + length)
      asio::read(socket_, asio::dynamic_buffer(pending_),
                 asio::transfer_exactly(n + length - pending_.size()), ec);
    std::string answer = pending_.substr(0, n + length);
    pending_.erase(0, n + length);
    return answer;
  }

 private:
  asio::io_context ctx_;
  tcp::socket socket_;
  std::string pending_;
};

int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::stoi(answer.substr(9, 3));
}
int count_answers(const std::string& stream) {
  int n = 0;
  for (auto p = stream.find("HTTP/1.1 "); p != std::string::npos;
       p = stream.find("HTTP/1.1 ", p + 1))
    ++n;
  return n;
}
std::string header_of(const std::string& answer, const std::string& name) {
  auto p = answer.find("\r\n" + name + ": ");
  if (p == std::string::npos) return "";
  p += name.size() + 4;
  return answer.substr(p, answer.find("\r\n", p) - p);
}

// ---- item 9: framing -------------------------------------------------------------------

class HttpFramingTest : public ServerSuite<HttpFramingTest> {};

// RFC 9112 §6.1: a Transfer-Encoding whose final coding is not chunked, beside a
// Content-Length, made the tail of the body run as a second request (request smuggling).
TEST_F(HttpFramingTest, NonChunkedTransferEncodingWithContentLengthIs400AndCloses) {
  std::string smuggled = "GET /health HTTP/1.1\r\nHost: t\r\n\r\n";
  std::string body = "{}" + smuggled;
  Raw c(*server);
  c.send(
      "POST /api/account/roles HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n" +
      body);
  auto all = c.read_all();
  EXPECT_EQ(status_of(all), 400) << all;
  EXPECT_EQ(count_answers(all), 1) << all;  // the tail never ran
  EXPECT_NE(all.find("Connection: close"), std::string::npos) << all;
}

TEST_F(HttpFramingTest, ChunkedWithContentLengthIs400AndCloses) {
  Raw c(*server);
  c.send(
      "POST /api/account/roles HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
      "GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  auto all = c.read_all();
  EXPECT_EQ(status_of(all), 400) << all;
  EXPECT_EQ(count_answers(all), 1) << all;
}

TEST_F(HttpFramingTest, TransferEncodingNotEndingInChunkedIs400) {
  Raw c(*server);
  c.send(
      "POST /api/account/roles HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
      "2\r\n{}\r\n0\r\n\r\n");
  auto all = c.read_all();
  EXPECT_EQ(status_of(all), 400) << all;
  EXPECT_EQ(count_answers(all), 1) << all;
}

// ---- item 4: large bodies are refused before they are read -------------------------------

class LargeBodyTest : public ShopSuite<LargeBodyTest> {};

// The header of a 10 MiB multipart request, and nothing of its body: the answer must come
// anyway, so it was decided before the body.
std::string answer_to_header_only(TestServer& server, const std::string& method,
                                  const std::string& path, const std::string& token,
                                  const std::string& type = "multipart/form-data; boundary=x") {
  Raw c(server);
  c.send(method + " " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(10 << 20) + "\r\n" +
         (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");
  return c.read_all();
}

TEST_F(LargeBodyTest, UnknownRouteIs404BeforeTheBody) {
  auto a = answer_to_header_only(*server, "POST", "/api/nope", "");
  EXPECT_EQ(status_of(a), 404) << a;
  EXPECT_NE(a.find("route_not_found"), std::string::npos) << a;
}

TEST_F(LargeBodyTest, UploadRouteWithoutATokenIs401BeforeTheBody) {
  auto a = answer_to_header_only(*server, "POST", "/api/products", "");
  EXPECT_EQ(status_of(a), 401) << a;
  auto bad = answer_to_header_only(*server, "POST", "/api/products", "not-a-token");
  EXPECT_EQ(status_of(bad), 401) << bad;
}

TEST_F(LargeBodyTest, UploadRouteWithTheWrongRoleIs403BeforeTheBody) {
  auto customer = make_actor(*server, "Customer");
  auto a = answer_to_header_only(*server, "POST", "/api/products", customer.token);
  EXPECT_EQ(status_of(a), 403) << a;
}

TEST_F(LargeBodyTest, OtherRoutesAndNonMultipartBodiesAre413BeforeTheBody) {
  auto a = answer_to_header_only(*server, "POST", "/api/account/roles", "");
  EXPECT_EQ(status_of(a), 413) << a;
  EXPECT_NE(a.find("body_too_large"), std::string::npos) << a;
  // An upload route with a good token, but a body that is no upload.
  auto json =
      answer_to_header_only(*server, "POST", "/api/products", seller->token, "application/json");
  EXPECT_EQ(status_of(json), 413) << json;
}

TEST_F(LargeBodyTest, AnAdmittedUploaderMaySendMoreThanTheNormalLimit) {
  MultipartBuilder form;
  form.field("title", "Big").file("media", "big.png", "image/png", test_jpeg(3u << 20));
  auto r = form.send(*server, "POST", "/api/products", seller->token);
  EXPECT_NE(r.status, 413) << r.body;
  EXPECT_EQ(r.status, 400) << r.body;  // read whole, then refused for its fields
  // Anonymous, the same body never gets read.
  auto anon = form.send(*server, "POST", "/api/products");
  EXPECT_EQ(anon.status, 401) << anon.body;
}

// ---- item 4: connections and bytes in flight ----------------------------------------------

std::string health_on(Raw& c) {
  c.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  return c.read_answer();
}

class HttpLimitsTest : public PerTestSuite<HttpLimitsTest> {};

TEST_F(HttpLimitsTest, ConnectionsBeyondThePerAddressCapAre429) {
  auto& server = own_server([](Config& c) { c.max_connections_per_address = 2; });
  Raw a(server), b(server);
  ASSERT_EQ(status_of(health_on(a)), 200);  // both surely counted once they answered
  ASSERT_EQ(status_of(health_on(b)), 200);
  Raw c(server);
  auto refused = health_on(c);
  EXPECT_EQ(status_of(refused), 429) << refused;
  EXPECT_FALSE(header_of(refused, "Retry-After").empty()) << refused;
  EXPECT_NE(refused.find("\"code\":\"too_many_connections\""), std::string::npos) << refused;
  // The connections that were let in still serve.
  EXPECT_EQ(status_of(health_on(a)), 200);
}

TEST_F(HttpLimitsTest, ConnectionsBeyondTheNodeCapAre503) {
  auto& server = own_server([](Config& c) { c.max_connections = 2; });
  Raw a(server), b(server);
  ASSERT_EQ(status_of(health_on(a)), 200);
  ASSERT_EQ(status_of(health_on(b)), 200);
  Raw c(server);
  auto refused = health_on(c);
  EXPECT_EQ(status_of(refused), 503) << refused;
  EXPECT_FALSE(header_of(refused, "Retry-After").empty()) << refused;
  EXPECT_NE(refused.find("\"code\":\"server_busy\""), std::string::npos) << refused;
}

TEST_F(HttpLimitsTest, BodiesBeyondTheNodesBudgetAre503) {
  auto& server = own_server([](Config& c) {
    c.upload_limit = 2 << 20;
    c.max_body_bytes_in_flight = 2 << 20;
  });
  // Two bodies of 1 MiB each hold the whole budget: the server reserved their bytes before it
  // asked for them (100 Continue).
  auto hold = [&](Raw& c) {
    c.send(
        "POST /api/account/roles HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: " +
        std::to_string(1 << 20) + "\r\n\r\n");
    return c.read_answer();
  };
  Raw a(server), b(server), c(server);
  ASSERT_EQ(status_of(hold(a)), 100);
  ASSERT_EQ(status_of(hold(b)), 100);
  auto refused = hold(c);
  EXPECT_EQ(status_of(refused), 503) << refused;
  EXPECT_FALSE(header_of(refused, "Retry-After").empty()) << refused;
  // Once a body is in and answered, its bytes are given back.
  a.send(std::string((1 << 20) - 2, ' ') + "{}");
  EXPECT_EQ(status_of(a.read_answer()), 400);
  Raw d(server);
  EXPECT_EQ(status_of(hold(d)), 100);
}

// ---- item 6: the client address behind proxies -------------------------------------------

// A client rotating the X-Forwarded-For entries it writes itself is still throttled by the
// address our proxy appended.
class ForwardedForTest : public PerTestSuite<ForwardedForTest> {};

TEST_F(ForwardedForTest, ClientWrittenEntriesDoNotEscapeTheAddressThrottle) {
  auto& server = own_server([](Config& c) {
    c.trusted_proxies = {"127.0.0.1"};
    c.trust_forwarded_for = true;
    c.login_max_failures_per_address = 3;
  });
  int limited = 0;
  for (int i = 0; i < 10; ++i) {
    auto r = server.request(
        "POST", "/api/account/roles",
        boost::json::serialize(boost::json::object{{"email", unique_email("nobody")},
                                                   {"password", "Wrong-password-1"}}),
        "", {{"X-Forwarded-For", "198.51.100." + std::to_string(i + 1) + ", 203.0.113.9"}});
    if (r.status == 429) ++limited;
  }
  EXPECT_GT(limited, 0);
}

// ---- items 13 and 14: security headers, /metrics ------------------------------------------

class SecurityHeadersTest : public ServerSuite<SecurityHeadersTest> {};

TEST_F(SecurityHeadersTest, ApiAnswersCarryTheSecurityHeaders) {
  for (auto r : {server->get("/health"), server->get("/api/nope"), server->get("/ready")}) {
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
    EXPECT_EQ(r.headers["x-frame-options"], "DENY");
    EXPECT_EQ(r.headers["referrer-policy"], "no-referrer");
    EXPECT_EQ(r.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(r.headers.count("strict-transport-security"), 0u);  // development
  }
}

TEST_F(SecurityHeadersTest, TheStorefrontHasItsOwnPolicy) {
  for (auto r : {server->get("/"), server->get("/web/app.js")}) {
    ASSERT_EQ(r.status, 200);
    auto csp = r.headers["content-security-policy"];
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
  }
}

// A 304 refreshes the headers of the answer the browser stored: one carrying the API's policy
// would leave the storefront's page unable to load its own script (seen after the 3-D Secure
// redirect, when the browser revalidates /).
TEST_F(SecurityHeadersTest, ARevalidatedStorefrontFileKeepsItsPolicy) {
  for (std::string path : {"/", "/web/app.js"}) {
    auto first = server->get(path);
    ASSERT_EQ(first.status, 200);
    auto again = server->request("GET", path, "", "", {{"If-None-Match", first.headers["etag"]}});
    ASSERT_EQ(again.status, 304) << path;
    EXPECT_EQ(again.headers["content-security-policy"], first.headers["content-security-policy"])
        << path;
  }
}

class ProductionHttpTest : public PerTestSuite<ProductionHttpTest> {};

TEST_F(ProductionHttpTest, HstsAndNoPublicMetrics) {
  auto& server = own_server([](Config& c) { c.env = "production"; });
  auto r = server.get("/health");
  EXPECT_EQ(r.headers["strict-transport-security"], "max-age=31536000");
  EXPECT_EQ(server.get("/metrics").status, 404);
}

class MetricsTokenTest : public PerTestSuite<MetricsTokenTest> {};

TEST_F(MetricsTokenTest, MetricsNeedTheTokenWhenOneIsSet) {
  const std::string token = "metrics-token-0123456789";
  auto& server = own_server([&](Config& c) { c.metrics_token = token; });
  EXPECT_EQ(server.get("/metrics").status, 401);
  EXPECT_EQ(server.request("GET", "/metrics", "", "wrong-token-0123456789").status, 401);
  auto ok = server.request("GET", "/metrics", "", token);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("wolfix_http_requests_total"), std::string::npos);
}

}  // namespace
}  // namespace wolfix::test
