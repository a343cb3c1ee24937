// Load driver for the write paths wrk cannot drive alone: cash-on-delivery orders and the whole
// card flow (checkout -> sandbox confirmation of the client secret with a 4242 card -> PATCH
// /paid), each step depending on the previous answer. One blocking keep-alive connection per
// thread; every connection is its own customer, so a flow never waits on another's state.
//
//   loadgen --port P [--host 127.0.0.1] --mode cod|card [--connections 64] [--seconds 10]
//           [--products 200] [--publishable-key pk_test_wolfix_sandbox]
//
// Prints one line for bench/run.sh: "<name>|<per second>|<p99>|<failures>" on stdout, details
// on stderr. Setup (registering customers, picking products in stock) is not timed.
#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "client.hpp"
#include "setup.hpp"

using namespace wolfix::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string mode = "cod";
  int connections = 64;
  int seconds = 10;
  std::size_t products = 200;
  std::string publishable_key = "pk_test_wolfix_sandbox";
};

struct Stats {
  std::vector<double> latencies_ms;  // per completed operation (order or whole flow)
  uint64_t ok = 0, failed = 0;
  std::string first_failure;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  // The options, packed as a table.
  // clang-format off
  bool parsed = parse_flags("loadgen", argc, argv, {
      {"--host", &o.host}, {"--port", &o.port}, {"--mode", &o.mode},
      {"--connections", &o.connections}, {"--seconds", &o.seconds}, {"--products", &o.products},
      {"--publishable-key", &o.publishable_key}});
  // clang-format on
  if (!parsed) return 2;
  if (o.port.empty() || (o.mode != "cod" && o.mode != "card")) {
    std::cerr << "usage: loadgen --port P --mode cod|card [--connections N] [--seconds S]\n";
    return 2;
  }

  Endpoint endpoint{o.host, o.port};
  // Setup: one customer per connection (registered in parallel), products in stock.
  std::vector<Product> products;
  {
    Conn c(endpoint);
    products = pick_products(c, o.products);
  }
  std::string tag = std::to_string(std::random_device{}()) +
                    std::to_string(Clock::now().time_since_epoch().count() % 100000);
  auto customers = register_customers(endpoint, o.connections, "bench-" + tag, "bench.test");
  std::cerr << "loadgen: " << o.mode << ", " << o.connections << " connections, " << products.size()
            << " products, " << o.seconds << " s\n";

  std::atomic<bool> go{false}, stop{false};
  std::vector<Stats> stats(o.connections);
  std::vector<std::thread> threads;
  for (int t = 0; t < o.connections; ++t)
    threads.emplace_back([&, t] {
      Conn c(endpoint);
      auto& st = stats[t];
      const auto& cu = customers[t];
      std::mt19937 rng(static_cast<unsigned>(t) * 7919u + 17u);
      uint64_t n = 0;
      auto fail = [&](const std::string& step, const Reply& r) {
        ++st.failed;
        if (st.first_failure.empty())
          st.first_failure =
              step + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200);
      };
      while (!go) std::this_thread::yield();
      while (!stop) {
        const auto& p = products[rng() % products.size()];
        auto key = "bench-" + tag + "-" + std::to_string(t) + "-" + std::to_string(++n);
        auto start = Clock::now();
        if (o.mode == "cod") {
          auto r = post_json(c, bhttp::verb::post, "/api/orders", order_body(cu, p), cu.token, key);
          if (r.status != 204) {
            fail("POST /api/orders", r);
            continue;
          }
        } else {
          auto r = post_json(c, bhttp::verb::post, "/api/orders/with-payment", order_body(cu, p),
                             cu.token, key);
          if (r.status != 200) {
            fail("POST /api/orders/with-payment", r);
            continue;
          }
          auto v = parse_or_die("checkout", r).as_object();
          std::string order_id(v.at("orderId").as_string());
          std::string secret(v.at("clientSecret").as_string());
          std::string intent = secret.substr(0, secret.find("_secret_"));
          // As Stripe.js does in the browser: the publishable key and the client secret.
          auto confirm =
              c.call(bhttp::verb::post, "/sandbox/stripe/v1/payment_intents/" + intent + "/confirm",
                     "client_secret=" + secret + "&payment_method=pm_card_visa",
                     "application/x-www-form-urlencoded",
                     {{"Authorization", "Bearer " + o.publishable_key}});
          if (confirm.status != 200) {
            fail("sandbox confirm", confirm);
            continue;
          }
          auto paid =
              post_json(c, bhttp::verb::patch, "/api/orders/" + order_id + "/paid", "", cu.token);
          if (paid.status != 204) {
            fail("PATCH /paid", paid);
            continue;
          }
        }
        st.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        ++st.ok;
      }
    });

  auto t0 = Clock::now();
  go = true;
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();

  Stats all;
  for (auto& s : stats) {
    all.ok += s.ok;
    all.failed += s.failed;
    all.latencies_ms.insert(all.latencies_ms.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    if (all.first_failure.empty()) all.first_failure = s.first_failure;
  }
  double rate = static_cast<double>(all.ok) / elapsed;
  double p50 = percentile(all.latencies_ms, 0.50), p99 = percentile(all.latencies_ms, 0.99);
  std::cerr << "loadgen: " << all.ok << " ok, " << all.failed << " failed in " << elapsed
            << " s: " << rate << "/s, p50 " << p50 << " ms, p99 " << p99 << " ms\n";
  if (!all.first_failure.empty())
    std::cerr << "loadgen: first failure: " << all.first_failure << "\n";
  const char* name = o.mode == "cod" ? "COD order (POST /api/orders)" : "card flow (3 calls)";
  std::printf("%s|%.2f|%.2fms|%llu\n", name, rate, p99,
              static_cast<unsigned long long>(all.failed));
  return 0;
}
