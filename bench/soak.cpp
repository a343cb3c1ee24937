// Soak driver (`make soak`, scripts/soak.sh): a steady mix at a fixed rate for minutes against
// a running server, while the server's resident memory, open file descriptors and the latency
// of each operation are sampled; fails on any 5xx (or request without an answer) and on growth
// beyond the stated tolerances once warmed up.
//
//   soak --port P --pid SERVER_PID [--seconds 300] [--rate 40] [--connections 8]
//        [--sample-seconds 5] [--warmup-fraction 0.25] [--rss-tolerance-mb 32]
//        [--rss-tolerance-percent 15] [--fd-tolerance 8]
//        --admin-email E --admin-password P [--publishable-key pk_test_wolfix_sandbox]
//
// The mix, per 20 operations: 8 reads (product detail, category page), 4 cash-on-delivery
// orders, 5 card flows (checkout, confirmation at the sandbox like Stripe.js, PATCH /paid; the
// sandbox's webhooks arrive meanwhile), 3 refunds of paid card orders by an admin.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "client.hpp"
#include "setup.hpp"

using namespace wolfix::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1", port, pid;
  int seconds = 300;
  double rate = 40;
  int connections = 8;
  int sample_seconds = 5;
  double warmup_fraction = 0.25;
  double rss_tolerance_mb = 32;
  double rss_tolerance_percent = 15;
  int fd_tolerance = 8;
  std::string admin_email, admin_password;
  std::string publishable_key = "pk_test_wolfix_sandbox";
};

struct Sample {
  double at_s = 0;
  int64_t rss_kb = 0;
  int64_t fds = 0;
  std::size_t ops = 0;
  double p50_ms = 0, p99_ms = 0;
};

int64_t rss_kb(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return -1;
}

int64_t open_fds(const std::string& pid) {
  std::error_code ec;
  int64_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + pid + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return ec ? -1 : n;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// What the workers share: latencies of the current window, statuses, paid orders to refund.
struct Shared {
  std::mutex mu;
  std::vector<double> window_ms;
  std::map<std::string, std::map<int, uint64_t>> statuses;  // operation -> status -> count
  std::vector<std::string> failures;                        // the first few, for the report
  std::deque<std::string> paid;
  uint64_t server_errors = 0, unexpected = 0, ops = 0;

  void record(const std::string& op, const Reply& r, int expected, double ms) {
    std::lock_guard lock(mu);
    statuses[op][r.status]++;
    window_ms.push_back(ms);
    ++ops;
    if (r.status == expected) return;
    if (r.status == 0 || r.status >= 500)
      ++server_errors;
    else
      ++unexpected;
    if (failures.size() < 10)
      failures.push_back(op + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200));
  }
};

std::string admin_token(Conn& c, const Options& o) {
  json::object body{{"email", o.admin_email}, {"password", o.admin_password}, {"role", "Admin"}};
  auto r = post_json(c, bhttp::verb::post, "/api/account/token", json::serialize(body), "");
  if (r.status != 200) die("admin sign-in", r);
  return std::string(parse_or_die("token", r).as_string());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  // The options, packed as a table.
  // clang-format off
  bool parsed = parse_flags("soak", argc, argv, {
      {"--host", &o.host}, {"--port", &o.port}, {"--pid", &o.pid}, {"--seconds", &o.seconds},
      {"--rate", &o.rate}, {"--connections", &o.connections},
      {"--sample-seconds", &o.sample_seconds}, {"--warmup-fraction", &o.warmup_fraction},
      {"--rss-tolerance-mb", &o.rss_tolerance_mb},
      {"--rss-tolerance-percent", &o.rss_tolerance_percent},
      {"--fd-tolerance", &o.fd_tolerance}, {"--admin-email", &o.admin_email},
      {"--admin-password", &o.admin_password}, {"--publishable-key", &o.publishable_key}});
  // clang-format on
  if (!parsed) return 2;
  if (o.port.empty() || o.pid.empty() || o.admin_email.empty() || o.rate <= 0 ||
      o.connections < 1) {
    std::cerr << "usage: soak --port P --pid SERVER_PID --admin-email E --admin-password P "
                 "[--seconds S] [--rate R]\n";
    return 2;
  }
  Endpoint endpoint{o.host, o.port};

  std::vector<Product> products;
  std::string admin;
  std::string tag = std::to_string(std::random_device{}() % 1000000);
  {
    Conn c(endpoint);
    products = pick_products(c, 200);
    admin = admin_token(c, o);
  }
  auto customers = register_customers(endpoint, o.connections, "soak-" + tag, "soak.test");
  std::string category;
  {
    Conn c(endpoint);
    auto cats = get(c, "/api/categories/child");
    if (cats.status != 200) die("GET /api/categories/child", cats);
    category = std::string(parse_or_die("categories", cats).as_array().at(0).at("id").as_string());
  }
  std::cerr << "soak: " << o.rate << " operations/s for " << o.seconds << " s over "
            << o.connections << " connections; " << products.size() << " products; server pid "
            << o.pid << "\n";

  Shared shared;
  std::atomic<bool> stop{false};
  auto t0 = Clock::now();
  // Each connection paces itself: one operation every connections/rate seconds, so the rate
  // holds whatever the latency (an operation that overruns is followed at once by the next).
  auto period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(o.connections / o.rate));
  std::vector<std::thread> threads;
  for (int t = 0; t < o.connections; ++t)
    threads.emplace_back([&, t] {
      Conn c(endpoint);
      const auto& cu = customers[t];
      std::mt19937 rng(static_cast<unsigned>(t) * 7919u + 17u);
      auto due = t0 + period * t / o.connections;
      for (uint64_t n = 0; !stop; ++n) {
        std::this_thread::sleep_until(due);
        due += period;
        if (stop) break;
        const auto& p = products[rng() % products.size()];
        auto key = "soak-" + tag + "-" + std::to_string(t) + "-" + std::to_string(n);
        auto start = Clock::now();
        auto ms = [&] {
          return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        };
        int slot = static_cast<int>((n * o.connections + t) % 20);
        std::string to_refund;
        if (slot >= 17) {
          std::lock_guard lock(shared.mu);
          if (!shared.paid.empty()) {
            to_refund = shared.paid.front();
            shared.paid.pop_front();
          }
        }
        if (slot < 8 || (slot >= 17 && to_refund.empty())) {
          if (slot % 2 == 0) {
            auto r = get(c, "/api/products/product/" + p.id);
            shared.record("GET product", r, 200, ms());
          } else {
            auto r = get(c, "/api/products/category/" + category + "/page/" +
                                std::to_string(1 + rng() % 20) + "?pageSize=20");
            shared.record("GET category page", r, 200, ms());
          }
        } else if (slot < 12) {
          auto r = post_json(c, bhttp::verb::post, "/api/orders", order_body(cu, p), cu.token, key);
          shared.record("COD order", r, 204, ms());
        } else if (slot < 17) {
          auto r = post_json(c, bhttp::verb::post, "/api/orders/with-payment", order_body(cu, p),
                             cu.token, key);
          if (r.status != 200) {
            shared.record("card checkout", r, 200, ms());
            continue;
          }
          auto v = parse_or_die("checkout", r).as_object();
          std::string order_id(v.at("orderId").as_string());
          std::string secret(v.at("clientSecret").as_string());
          std::string intent = secret.substr(0, secret.find("_secret_"));
          auto confirm =
              c.call(bhttp::verb::post, "/sandbox/stripe/v1/payment_intents/" + intent + "/confirm",
                     "client_secret=" + secret + "&payment_method=pm_card_visa",
                     "application/x-www-form-urlencoded",
                     {{"Authorization", "Bearer " + o.publishable_key}});
          if (confirm.status != 200) {
            shared.record("card confirm", confirm, 200, ms());
            continue;
          }
          auto paid =
              post_json(c, bhttp::verb::patch, "/api/orders/" + order_id + "/paid", "", cu.token);
          shared.record("card flow", paid, 204, ms());
          if (paid.status == 204) {
            std::lock_guard lock(shared.mu);
            shared.paid.push_back(order_id);
          }
        } else {
          auto r =
              post_json(c, bhttp::verb::post, "/api/orders/" + to_refund + "/refunds", "", admin);
          shared.record("refund", r, 201, ms());
        }
      }
    });

  std::vector<Sample> samples;
  auto next_sample = t0;
  while (Clock::now() - t0 < std::chrono::seconds(o.seconds)) {
    next_sample += std::chrono::seconds(o.sample_seconds);
    std::this_thread::sleep_until(next_sample);
    Sample s;
    s.at_s = std::chrono::duration<double>(Clock::now() - t0).count();
    s.rss_kb = rss_kb(o.pid);
    s.fds = open_fds(o.pid);
    std::vector<double> window;
    {
      std::lock_guard lock(shared.mu);
      window.swap(shared.window_ms);
    }
    s.ops = window.size();
    s.p50_ms = percentile(window, 0.50);
    s.p99_ms = percentile(window, 0.99);
    samples.push_back(s);
    std::fprintf(
        stderr,
        "soak: %6.0f s  rss %6.1f MB  fds %4lld  ops %5zu (%.1f/s)  p50 %7.2f ms  p99 %8.2f ms\n",
        s.at_s, s.rss_kb / 1024.0, static_cast<long long>(s.fds), s.ops,
        s.ops / static_cast<double>(o.sample_seconds), s.p50_ms, s.p99_ms);
    if (s.rss_kb < 0) {
      std::cerr << "soak: the server (pid " << o.pid << ") is gone\n";
      break;
    }
  }
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();

  // Growth: the median of the samples just after the warm-up against the median of the last
  // ones (medians, so one sample taken mid-burst does not decide).
  std::vector<double> early_rss, late_rss, early_fds, late_fds, early_p99, late_p99;
  std::size_t first = static_cast<std::size_t>(samples.size() * o.warmup_fraction);
  std::size_t span =
      std::max<std::size_t>(1, (samples.size() - std::min(first, samples.size())) / 4);
  for (std::size_t i = first; i < samples.size() && i < first + span; ++i) {
    early_rss.push_back(samples[i].rss_kb / 1024.0);
    early_fds.push_back(static_cast<double>(samples[i].fds));
    early_p99.push_back(samples[i].p99_ms);
  }
  for (std::size_t i = samples.size() > span ? samples.size() - span : 0; i < samples.size(); ++i) {
    late_rss.push_back(samples[i].rss_kb / 1024.0);
    late_fds.push_back(static_cast<double>(samples[i].fds));
    late_p99.push_back(samples[i].p99_ms);
  }
  double rss0 = median(early_rss), rss1 = median(late_rss);
  double fd0 = median(early_fds), fd1 = median(late_fds);
  double rss_allowed = std::max(o.rss_tolerance_mb, rss0 * o.rss_tolerance_percent / 100);

  std::cerr << "soak: operations by answer:\n";
  uint64_t total = 0;
  for (const auto& [op, by_status] : shared.statuses)
    for (const auto& [status, n] : by_status) {
      std::cerr << "  " << op << ": HTTP " << status << " x " << n << "\n";
      total += n;
    }
  for (const auto& f : shared.failures) std::cerr << "soak: failure: " << f << "\n";
  bool ok = true;
  auto verdict = [&](bool pass, const std::string& what) {
    std::cerr << "soak: " << (pass ? "ok   " : "FAIL ") << what << "\n";
    ok &= pass;
  };
  char line[256];
  verdict(samples.size() >= 4 && samples.back().rss_kb > 0,
          std::to_string(samples.size()) + " samples, server alive to the end");
  verdict(shared.server_errors == 0, std::to_string(shared.server_errors) +
                                         " answers 5xx or none, of " + std::to_string(total) +
                                         " operations");
  verdict(shared.unexpected == 0, std::to_string(shared.unexpected) + " unexpected 4xx answers");
  std::snprintf(line, sizeof line,
                "resident memory %.1f MB after warm-up -> %.1f MB at the end (growth %.1f MB, "
                "allowed %.1f MB)",
                rss0, rss1, rss1 - rss0, rss_allowed);
  verdict(rss1 - rss0 <= rss_allowed, line);
  std::snprintf(line, sizeof line, "open descriptors %.0f -> %.0f (allowed growth %d)", fd0, fd1,
                o.fd_tolerance);
  verdict(fd1 - fd0 <= o.fd_tolerance, line);
  std::snprintf(line, sizeof line,
                "p99 latency %.1f ms after warm-up -> %.1f ms at the end (reported)",
                median(early_p99), median(late_p99));
  std::cerr << "soak: " << line << "\n";
  std::printf("soak|%.0f s|%llu operations|%.1f/s|rss %.1f->%.1f MB|fds %.0f->%.0f|5xx %llu|%s\n",
              elapsed, static_cast<unsigned long long>(total), total / elapsed, rss0, rss1, fd0,
              fd1, static_cast<unsigned long long>(shared.server_errors), ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
