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

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
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

struct Reply {
  int status = 0;
  std::string body;
};

// One keep-alive connection; reconnects when the server closes it.
class Conn {
 public:
  Conn(const Options& o) : opts_(o) {}

  Reply call(bhttp::verb method, const std::string& target, const std::string& body,
             const std::string& content_type,
             const std::vector<std::pair<std::string, std::string>>& headers) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!socket_.is_open()) connect();
        bhttp::request<bhttp::string_body> req{method, target, 11};
        req.set(bhttp::field::host, opts_.host);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
        req.body() = body;
        req.prepare_payload();
        bhttp::write(socket_, req);
        bhttp::response<bhttp::string_body> res;
        bhttp::read(socket_, buffer_, res);
        if (!res.keep_alive()) close();
        return {static_cast<int>(res.result_int()), std::move(res.body())};
      } catch (const std::exception&) {
        close();
        if (attempt >= 1) return {0, "connection failed"};
      }
    }
  }

 private:
  void connect() {
    tcp::resolver resolver(ioc_);
    asio::connect(socket_, resolver.resolve(opts_.host, opts_.port));
    socket_.set_option(tcp::no_delay(true));
    buffer_.clear();
  }
  void close() {
    boost::system::error_code ec;
    socket_.close(ec);
  }
  const Options& opts_;
  asio::io_context ioc_;
  tcp::socket socket_{ioc_};
  beast::flat_buffer buffer_;
};

Reply get(Conn& c, const std::string& target, const std::string& token = "") {
  std::vector<std::pair<std::string, std::string>> h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return c.call(bhttp::verb::get, target, "", "", h);
}

Reply post_json(Conn& c, bhttp::verb verb, const std::string& target, const std::string& body,
                const std::string& token, const std::string& idempotency_key = "") {
  std::vector<std::pair<std::string, std::string>> h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  if (!idempotency_key.empty()) h.emplace_back("Idempotency-Key", idempotency_key);
  return c.call(verb, target, body, body.empty() ? "" : "application/json", h);
}

struct Customer {
  std::string email, token, profile_id;
};

struct Product {
  std::string id, final_price;  // the price exactly as the catalog prints it
};

[[noreturn]] void die(const std::string& what, const Reply& r) {
  std::cerr << "loadgen: " << what << ": HTTP " << r.status << " " << r.body.substr(0, 300) << "\n";
  std::exit(2);
}

json::value parse_or_die(const std::string& what, const Reply& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec) die(what + " (not JSON)", r);
  return v;
}

Customer register_customer(Conn& c, const std::string& email) {
  json::object body{{"email", email}, {"password", "Bench-Password-1"}};
  auto r =
      post_json(c, bhttp::verb::post, "/api/account/customer/register", json::serialize(body), "");
  if (r.status != 200) die("register " + email, r);
  Customer cu;
  cu.email = email;
  cu.token = std::string(parse_or_die("register", r).as_string());
  auto me = get(c, "/api/account/me", cu.token);
  if (me.status != 200) die("GET /api/account/me", me);
  cu.profile_id = std::string(parse_or_die("me", me).as_object().at("profileId").as_string());
  return cu;
}

// Products in stock, from the first page of every child category, with their catalog price.
std::vector<Product> pick_products(Conn& c, std::size_t want) {
  auto cats = get(c, "/api/categories/child");
  if (cats.status != 200) die("GET /api/categories/child", cats);
  std::vector<Product> out;
  auto categories = parse_or_die("categories", cats).as_array();
  std::size_t per_category = want / std::max<std::size_t>(1, categories.size()) + 1;
  for (const auto& cat : categories) {
    std::string id(cat.as_object().at("id").as_string());
    auto page = get(c, "/api/products/category/" + id + "/page/1?pageSize=100");
    if (page.status != 200) continue;
    std::size_t taken = 0;
    auto listing = parse_or_die("page", page);
    for (const auto& item : listing.as_object().at("items").as_array()) {
      if (taken >= per_category || out.size() >= want) break;
      std::string pid(item.as_object().at("id").as_string());
      auto detail = get(c, "/api/products/product/" + pid);
      if (detail.status != 200) continue;
      auto d = parse_or_die("product", detail).as_object();
      // run.sh raises the stock of what is for sale, so a run never sells out.
      if (d.at("stock").to_number<int64_t>() < 1000 || d.at("status") != "InStock") continue;
      out.push_back({pid, json::serialize(d.at("finalPrice"))});
      ++taken;
    }
  }
  if (out.empty()) {
    std::cerr
        << "loadgen: no product with stock >= 1000 (bench/run.sh raises stock after seeding)\n";
    std::exit(2);
  }
  return out;
}

std::string order_body(const Customer& cu, const Product& p) {
  // PlaceOrderDto as the web client sends it: one line at the catalog price, cash on delivery.
  std::string s;
  s.reserve(1024);
  s += R"({"order":{"customerFirstName":"Olena","customerLastName":"Kovalenko",)";
  s += R"("customerMiddleName":"Ivanivna","customerPhoneNumber":"+380501234567","customerEmail":")";
  s += cu.email;
  s += R"(","customerId":")";
  s += cu.profile_id;
  s +=
      R"(","recipientFirstName":"Petro","recipientLastName":"Kovalenko","recipientMiddleName":null,)";
  s += R"("recipientPhoneNumber":"+380671112233","deliveryMethodName":"Nova Poshta",)";
  s += R"("deliveryInfoNumber":1,"deliveryInfoCity":"Kyiv","deliveryInfoStreet":"Bench Street",)";
  s +=
      R"("deliveryInfoHouseNumber":9,"deliveryOption":0,"withBonuses":false,"usedBonusesAmount":0,)";
  s += R"("price":)";
  s += p.final_price;
  s += R"(},"orderItems":[{"sellerId":"0193a5c2-7d1e-7abc-8def-0123456789ab","productId":")";
  s += p.id;
  s += R"(","photoUrl":"https://example.com/p.jpg","title":"bench","quantity":1,"price":)";
  s += p.final_price;
  s += R"(,"cartItemId":null}]})";
  return s;
}

struct Stats {
  std::vector<double> latencies_ms;  // per completed operation (order or whole flow)
  uint64_t ok = 0, failed = 0;
  std::string first_failure;
};

double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--host")
      o.host = v;
    else if (k == "--port")
      o.port = v;
    else if (k == "--mode")
      o.mode = v;
    else if (k == "--connections")
      o.connections = std::stoi(v);
    else if (k == "--seconds")
      o.seconds = std::stoi(v);
    else if (k == "--products")
      o.products = std::stoul(v);
    else if (k == "--publishable-key")
      o.publishable_key = v;
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  if (o.port.empty() || (o.mode != "cod" && o.mode != "card")) {
    std::cerr << "usage: loadgen --port P --mode cod|card [--connections N] [--seconds S]\n";
    return 2;
  }

  // Setup: one customer per connection (registered in parallel), products in stock.
  std::vector<Product> products;
  {
    Conn c(o);
    products = pick_products(c, o.products);
  }
  std::vector<Customer> customers(o.connections);
  std::string tag = std::to_string(std::random_device{}()) +
                    std::to_string(Clock::now().time_since_epoch().count() % 100000);
  {
    std::vector<std::thread> ts;
    std::atomic<int> next{0};
    for (int t = 0; t < std::min(o.connections, 8); ++t)
      ts.emplace_back([&] {
        Conn c(o);
        for (int i; (i = next++) < o.connections;)
          customers[i] =
              register_customer(c, "bench-" + tag + "-" + std::to_string(i) + "@bench.test");
      });
    for (auto& t : ts) t.join();
  }
  std::cerr << "loadgen: " << o.mode << ", " << o.connections << " connections, " << products.size()
            << " products, " << o.seconds << " s\n";

  std::atomic<bool> go{false}, stop{false};
  std::vector<Stats> stats(o.connections);
  std::vector<std::thread> threads;
  for (int t = 0; t < o.connections; ++t)
    threads.emplace_back([&, t] {
      Conn c(o);
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
