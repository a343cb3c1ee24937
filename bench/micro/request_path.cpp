// Micro-benchmarks of what every request pays on the io thread (`make bench-micro`): the target
// split, the answer's head, the metrics count, a cache hit, and the search walk at its budget.
// CPU time per operation, which a busy machine disturbs far less than a load test's req/s.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "catalog/detail_cache.hpp"
#include "catalog/page_cache.hpp"
#include "catalog/search_index.hpp"
#include "common/log.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/response_head.hpp"
#include "http/router.hpp"
#include "http/target.hpp"

namespace wolfix {
namespace {

void ParsePlainTarget(benchmark::State& state) {
  std::string target =
      "/api/products/category/01a24dde-52cf-70e9-a106-4a80b5043d47/page/7?pageSize=20";
  for (auto _ : state) {
    http::Request req;
    benchmark::DoNotOptimize(http::parse_target(target, req));
  }
}
BENCHMARK(ParsePlainTarget);

void ParseEscapedTarget(benchmark::State& state) {
  std::string target = "/api/products/search?searchQuery=%D0%B2%D0%B5%D0%BB%D0%BE&pageSize=20";
  for (auto _ : state) {
    http::Request req;
    benchmark::DoNotOptimize(http::parse_target(target, req));
  }
}
BENCHMARK(ParseEscapedTarget);

void ResponseHead(benchmark::State& state) {
  http::Response r = http::Response::raw_json(std::string(6000, 'x'));
  r.with_header("X-Request-Id", "426e6445-123456");
  std::vector<std::pair<std::string, std::string>> defaults{
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"}};
  for (auto _ : state) benchmark::DoNotOptimize(http::response_head(r, 11, true, 6000, defaults));
}
BENCHMARK(ResponseHead);

void MetricsRecord(benchmark::State& state) {
  http::Metrics m;
  std::string route = "/api/products/category/{childCategoryId}/page/{page}";
  for (auto _ : state) m.record("GET", route, 200, 0.0004);
}
BENCHMARK(MetricsRecord);

void PageCacheHit(benchmark::State& state) {
  catalog::PageCache cache(std::chrono::hours(1));
  for (int i = 0; i < 500; ++i)
    cache.get_or_compute("page|" + std::to_string(i), 0, INT64_MAX,
                         [] { return std::string(6000, 'x'); });
  int i = 0;
  for (auto _ : state) {
    auto hit = cache.get("page|" + std::to_string(i++ % 500), 0);
    benchmark::DoNotOptimize(hit);
  }
}
BENCHMARK(PageCacheHit);

void DetailCacheHit(benchmark::State& state) {
  catalog::DetailCache cache(std::chrono::hours(1));
  std::vector<std::string> ids;
  for (int i = 0; i < 2000; ++i) {
    ids.push_back("01a24dde-52cf-70e9-a106-" + std::to_string(100000000000 + i));
    cache.put(ids.back(), "http://127.0.0.1", std::string(3000, 'x'), 0, cache.ticket(), INT64_MAX);
  }
  int i = 0;
  for (auto _ : state) {
    auto hit = cache.get(ids[i++ % ids.size()], "http://127.0.0.1", 0);
    benchmark::DoNotOptimize(hit);
  }
}
BENCHMARK(DetailCacheHit);

// A route table of the API's size and shapes (about 150 routes under 15 prefixes).
http::Router& api_like_router() {
  static http::Router* router = [] {
    auto* r = new http::Router();
    const char* prefixes[] = {"products", "categories", "orders",  "customers", "sellers",
                              "admins",   "support",    "reviews", "payments",  "media",
                              "delivery", "identity",   "carts",   "bonuses",   "disputes"};
    const char* shapes[] = {"",
                            "/{id}",
                            "/{id}/items",
                            "/page/{page}",
                            "/search",
                            "/{id}/page/{page}",
                            "/category/{id}/page/{page}",
                            "/product/{productId}",
                            "/with-discount/page/{page}",
                            "/{id}/{sub}/x"};
    for (const char* p : prefixes)
      for (const char* shape : shapes)
        r->add(http::Method::get, std::string("/api/") + p + shape, http::Access::anyone(),
               [](http::Request&) { return http::Response::raw_json("{}"); });
    return r;
  }();
  return *router;
}

void RouterMatch(benchmark::State& state) {
  auto& router = api_like_router();
  std::string path = "/api/products/category/01a24dde-52cf-70e9-a106-4a80b5043d47/page/7";
  for (auto _ : state) benchmark::DoNotOptimize(router.match(http::Method::get, path));
}
BENCHMARK(RouterMatch);

// What an io thread does for a cache hit between reading the request and writing the answer:
// the dispatcher (route, access, CORS, request id, metrics) around a handler returning shared
// bytes.
void DispatchCachedAnswer(benchmark::State& state) {
  static auto body = std::make_shared<const std::string>(6000, 'x');
  http::Router router;
  router.add(
      http::Method::get, "/api/products/category/{childCategoryId}/page/{page}",
      http::Access::anyone(),
      [](http::Request&) -> std::optional<http::Response> {
        auto res = http::Response::raw_json(std::string());
        res.shared_body = body;
        return res;
      },
      [](http::Request&) { return http::Response::raw_json("{}"); });
  log::set_level(log::Level::warn);  // as bench/run.sh runs the server: no access log
  http::Metrics metrics;
  http::Dispatcher dispatcher(
      router, [](std::string_view, std::string&) { return std::optional<http::Principal>(); },
      metrics, http::DispatcherOptions{{"*"}});
  std::string target =
      "/api/products/category/01a24dde-52cf-70e9-a106-4a80b5043d47/page/7?pageSize=20";
  for (auto _ : state) {
    http::Request req;
    req.method = http::Method::get;
    req.target = target;
    req.headers["host"] = "127.0.0.1:8080";
    req.request_id = "426e6445-1";
    http::parse_target(req.target, req);
    benchmark::DoNotOptimize(dispatcher.try_inline(req));
  }
}
BENCHMARK(DispatchCachedAnswer);

// The worst search walk: two words, each in half of a million titles, never together, so the
// walk reads its whole budget and finds nothing.
void SearchWalkAtBudget(benchmark::State& state) {
  static catalog::SearchIndex* index = [] {
    auto* ix = new catalog::SearchIndex();
    for (int i = 0; i < 1'000'000; ++i)
      ix->put("p" + std::to_string(i),
              catalog::SearchDoc{"", "c" + std::to_string(i % 40),
                                 (i % 2 ? "Red hat " : "Blue shoe ") + std::to_string(i)});
    ix->seal();
    return ix;
  }();
  std::vector<catalog::QueryWord> words{{"red", {}}, {"shoe", {}}};
  for (auto _ : state) benchmark::DoNotOptimize(index->newest_matches(words, nullptr, 100));
}
BENCHMARK(SearchWalkAtBudget)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wolfix

BENCHMARK_MAIN();
