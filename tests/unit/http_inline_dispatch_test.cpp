// Routes answered on the io thread (non-blocking handlers, cache hits) and routes on the worker
// pool go through the same dispatcher work: auth, CORS, error mapping, metrics, request id.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "common/errors.hpp"
#include "http/client.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"

namespace wolfix::http {
namespace {

struct Calls {
  std::atomic<int> fast{0}, slow{0}, tries{0}, pool{0}, auth{0};
  std::mutex mu;
  std::thread::id fast_thread, slow_thread, answer_thread;
  std::promise<std::thread::id> after_ran;
};

Router make_router(Calls& c) {
  Router r;
  r.add_non_blocking(Method::get, "/fast", Access::anyone(), [&c](Request&) {
    ++c.fast;
    std::lock_guard lock(c.mu);
    c.fast_thread = std::this_thread::get_id();
    return Response::raw_json(R"({"where":"fast"})");
  });
  r.add(Method::get, "/slow", Access::anyone(), [&c](Request&) {
    ++c.slow;
    std::lock_guard lock(c.mu);
    c.slow_thread = std::this_thread::get_id();
    return Response::raw_json(R"({"where":"slow"})");
  });
  // A cache in miniature: "hit" answers inline, anything else declines to the pool, which
  // computes the same answer.
  r.add(
      Method::get, "/page/{key}", Access::anyone(),
      [&c](Request& req) -> std::optional<Response> {
        ++c.tries;
        if (req.param("key") != "hit") return std::nullopt;
        return Response::raw_json(R"({"page":1})");
      },
      [&c](Request&) {
        ++c.pool;
        return Response::raw_json(R"({"page":1})");
      });
  // A cache handing out a due entry's refresh: answered inline, then work for the pool.
  r.add_non_blocking(Method::get, "/stale", Access::anyone(), [&c](Request&) {
    {
      std::lock_guard lock(c.mu);
      c.answer_thread = std::this_thread::get_id();
    }
    auto res = Response::raw_json(R"({"page":"old"})");
    res.after = [&c] { c.after_ran.set_value(std::this_thread::get_id()); };
    return res;
  });
  r.add_non_blocking(Method::get, "/failing-after", Access::anyone(), [](Request&) {
    auto res = Response::raw_json("{}");
    res.after = [] { throw std::runtime_error("refresh failed"); };
    return res;
  });
  r.add_non_blocking(Method::get, "/bad", Access::anyone(),
                     [](Request&) -> Response { throw invalid_field("x", "is wrong"); });
  r.add_non_blocking(Method::get, "/mine", Access::authenticated(), [](Request& req) {
    return Response::raw_json("\"" + req.caller().profile_id + "\"");
  });
  return r;
}

Authenticator make_auth(Calls& c) {
  return [&c](std::string_view token, std::string& reason) -> std::optional<Principal> {
    ++c.auth;
    if (token != "good") {
      reason = "bad";
      return std::nullopt;
    }
    return Principal{"acc", "a@b.c", Role::customer, "profile-1"};
  };
}

Request get(std::string path) {
  Request req;
  req.method = Method::get;
  req.target = path;
  req.path = std::move(path);
  req.request_id = "rid-1";
  req.headers["origin"] = "https://shop.example";
  return req;
}

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

// The requests_total line of one route and status, "" when never recorded.
std::string counted(const Metrics& m, const std::string& route, int status) {
  std::string key = "wolfix_http_requests_total{method=\"GET\",route=\"" + route + "\",status=\"" +
                    std::to_string(status) + "\"} ";
  auto text = m.render();
  auto at = text.find(key);
  if (at == std::string::npos) return "";
  return text.substr(at + key.size(), text.find('\n', at) - at - key.size());
}

class InlineDispatch : public ::testing::Test {
 protected:
  Calls calls;
  Router router = make_router(calls);
  Metrics metrics;
  Dispatcher dispatcher{router, make_auth(calls), metrics, DispatcherOptions{{"*"}}};

  // The dispatcher behind a real server: one io thread, two pool workers.
  std::unique_ptr<Server> serve() {
    ServerOptions o;
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 2;
    auto server = std::make_unique<Server>(
        o, [this](Request& r) { return dispatcher.handle(r); },
        [this](Request& r) { return dispatcher.try_inline(r); });
    base = "http://127.0.0.1:" + std::to_string(server->start());
    return server;
  }
  ClientResponse call(const std::string& path) {
    return send({"GET", base + path, {}, "", 5000, 5000});
  }
  std::string base;
};

TEST_F(InlineDispatch, NonBlockingRouteAnswersInlineWithTheUsualHeadersAndMetrics) {
  auto req = get("/fast");
  auto res = dispatcher.try_inline(req);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"where":"fast"})");
  EXPECT_EQ(header(*res, "X-Request-Id"), "rid-1");
  EXPECT_EQ(header(*res, "Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_EQ(counted(metrics, "/fast", 200), "1");
  EXPECT_EQ(calls.fast, 1);
}

TEST_F(InlineDispatch, PoolRouteIsDeclinedWithoutSideEffectsThenHandled) {
  auto req = get("/slow");
  EXPECT_FALSE(dispatcher.try_inline(req));
  EXPECT_EQ(calls.slow, 0);
  EXPECT_TRUE(req.route.empty());
  EXPECT_EQ(counted(metrics, "/slow", 200), "");
  auto res = dispatcher.handle(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"where":"slow"})");
  EXPECT_EQ(header(res, "X-Request-Id"), "rid-1");
  EXPECT_EQ(header(res, "Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_EQ(counted(metrics, "/slow", 200), "1");
}

TEST_F(InlineDispatch, DecliningInlineHandlerFallsBackToThePoolWithTheSameAnswer) {
  auto hit = get("/page/hit");
  auto inline_answer = dispatcher.try_inline(hit);
  ASSERT_TRUE(inline_answer);

  auto miss = get("/page/miss");
  EXPECT_FALSE(dispatcher.try_inline(miss));
  EXPECT_TRUE(miss.params.empty());
  auto pool_answer = dispatcher.handle(miss);

  EXPECT_EQ(calls.tries, 2);
  EXPECT_EQ(calls.pool, 1);
  EXPECT_EQ(pool_answer.status, inline_answer->status);
  EXPECT_EQ(pool_answer.body, inline_answer->body);
  EXPECT_EQ(pool_answer.headers, inline_answer->headers);
  // One request, one count: the declined attempt is not recorded.
  EXPECT_EQ(counted(metrics, "/page/{key}", 200), "2");
}

TEST_F(InlineDispatch, ErrorsAreMappedTheSameInline) {
  auto a = get("/bad");
  auto inline_answer = dispatcher.try_inline(a);
  ASSERT_TRUE(inline_answer);
  auto b = get("/bad");
  auto pool_answer = dispatcher.handle(b);
  EXPECT_EQ(inline_answer->status, 400);
  EXPECT_EQ(pool_answer.status, 400);
  EXPECT_EQ(inline_answer->body, pool_answer.body);
}

TEST_F(InlineDispatch, RequestWithATokenGoesToThePoolSinceVerifyingMayBlock) {
  auto req = get("/mine");
  req.headers["authorization"] = "Bearer good";
  EXPECT_FALSE(dispatcher.try_inline(req));
  EXPECT_EQ(calls.auth, 0);
  auto res = dispatcher.handle(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "\"profile-1\"");
  EXPECT_EQ(calls.auth, 1);
}

TEST_F(InlineDispatch, AccessRulesHoldInline) {
  auto req = get("/mine");
  auto res = dispatcher.try_inline(req);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(counted(metrics, "/mine", 401), "1");
}

TEST_F(InlineDispatch, UnknownRoutesAndPreflightsNeedNoPool) {
  auto missing = get("/nowhere");
  auto res = dispatcher.try_inline(missing);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);

  auto pre = get("/slow");
  pre.method = Method::options;
  pre.headers["access-control-request-method"] = "GET";
  auto pre_res = dispatcher.try_inline(pre);
  ASSERT_TRUE(pre_res);
  EXPECT_EQ(pre_res->status, 204);
  EXPECT_EQ(calls.slow, 0);
}

TEST_F(InlineDispatch, OverHttpInlineAndPoolRoutesBothAnswerOnTheirOwnThreads) {
  auto server = serve();

  auto fast = call("/fast");
  auto slow = call("/slow");
  auto hit = call("/page/hit");
  auto miss = call("/page/miss");
  server->stop();

  EXPECT_EQ(fast.status, 200);
  EXPECT_EQ(fast.body, R"({"where":"fast"})");
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, R"({"where":"slow"})");
  EXPECT_EQ(hit.status, 200);
  EXPECT_EQ(miss.status, 200);
  EXPECT_EQ(hit.body, miss.body);
  EXPECT_FALSE(fast.header("x-request-id").empty());
  EXPECT_FALSE(miss.header("x-request-id").empty());
  EXPECT_EQ(calls.pool, 1);  // only the miss reached the pool
  std::lock_guard lock(calls.mu);
  EXPECT_NE(calls.fast_thread, calls.slow_thread);  // the io thread is never a pool worker
}

TEST_F(InlineDispatch, WorkAfterAnInlineAnswerRunsOnThePool) {
  auto server = serve();
  auto failing = call("/failing-after");  // its work throws: logged, nothing else
  auto stale = call("/stale");
  auto after_thread = calls.after_ran.get_future().get();
  auto fast = call("/fast");
  server->stop();

  EXPECT_EQ(failing.status, 200);
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, R"({"page":"old"})");
  EXPECT_EQ(fast.status, 200);
  std::lock_guard lock(calls.mu);
  EXPECT_NE(after_thread, calls.answer_thread);  // never on the io thread
}

}  // namespace
}  // namespace wolfix::http
