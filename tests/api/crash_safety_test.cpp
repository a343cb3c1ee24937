// Crash safety: `wolfix serve` as a real process under a write load (cash-on-delivery orders
// with Idempotency-Keys, card checkouts paid through the built-in sandbox with its webhooks,
// refunds), killed with SIGKILL twice in the middle of it and restarted on the same database.
// Afterwards: every acknowledged order exists, every Idempotency-Key made at most one order,
// each product's stock plus the units its live orders hold equals what it was given, every
// payment the provider took ends Paid exactly once (after the reconciler and the webhook
// retries have converged) and every refund settles and restocks. Runs on the database under
// test (api.sqlite, api.postgres).
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/crypto.hpp"
#include "common/form.hpp"
#include "db/db.hpp"
#include "order_fixtures.hpp"

extern char** environ;

namespace wolfix::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The wolfix binary next to this test binary (both are built into the build tree's root),
// unless WOLFIX_BIN names another.
std::string wolfix_binary() {
  if (const char* b = std::getenv("WOLFIX_BIN"); b && *b) return b;
  return (fs::read_symlink("/proc/self/exe").parent_path() / "wolfix").string();
}

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("no free port");
  ::close(fd);
  return ntohs(a.sin_port);
}

// One `wolfix serve` child process on a database; start() may be called again after a kill.
class ServeProcess {
 public:
  ServeProcess(std::string database_url, fs::path dir)
      : database_url_(std::move(database_url)), dir_(std::move(dir)) {}
  ~ServeProcess() {
    if (pid_ > 0) kill_hard();
  }

  void start() {
    port_ = free_port();
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
      if (std::string_view(*e).rfind("WOLFIX_", 0) != 0) env.emplace_back(*e);
    auto set = [&](const std::string& k, const std::string& v) { env.push_back(k + "=" + v); };
    set("WOLFIX_DATABASE_URL", database_url_);
    set("WOLFIX_LISTEN", "127.0.0.1:" + std::to_string(port_));
    set("WOLFIX_LOG_LEVEL", "warn");
    set("WOLFIX_PASSWORD_COST", "test");
    set("WOLFIX_MEDIA_DIR", (dir_ / "media").string());
    set("WOLFIX_MAIL_FILE", (dir_ / "outbox.jsonl").string());
    set("WOLFIX_WORKER_THREADS", "8");
    set("WOLFIX_IO_THREADS", "2");
    set("WOLFIX_DB_POOL", "8");
    set("WOLFIX_JOBS", "1");
    // Converge quickly after a restart: pending card orders are checked with the provider after
    // 1 s, webhook deliveries are retried from 200 ms on.
    set("WOLFIX_PAYMENT_RECONCILE_SECONDS", "1");
    set("WOLFIX_PAYMENT_JOBS_SECONDS", "1");
    set("WOLFIX_SANDBOX_RETRY_BASE_MS", "200");
    set("WOLFIX_SANDBOX_POLL_MS", "100");
    std::string bin = wolfix_binary();
    std::string log = (dir_ / "serve.log").string();
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      std::vector<char*> envp;
      for (auto& e : env) envp.push_back(e.data());
      envp.push_back(nullptr);
      char* argv[] = {bin.data(), const_cast<char*>("serve"), nullptr};
      ::execve(bin.c_str(), argv, envp.data());
      ::_exit(127);
    }
    pid_ = pid;
    ++starts_;
  }

  // Up to `seconds` for /ready to answer 200; false if the process died or never got ready.
  bool wait_ready(int seconds = 60) {
    auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      if (call("GET", "/ready").status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void kill_hard() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // status 0: no answer (refused, reset, timed out).
  Reply call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& token = "",
             std::vector<std::pair<std::string, std::string>> headers = {}) const {
    http::ClientRequest req;
    req.method = method;
    req.url = "http://127.0.0.1:" + std::to_string(port_) + path;
    req.body = body;
    req.headers = std::move(headers);
    req.connect_timeout_ms = 2000;
    req.timeout_ms = 20000;
    if (!body.empty() && req.headers.empty())
      req.headers.emplace_back("Content-Type", "application/json");
    if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
    try {
      auto res = http::send(req);
      return Reply{res.status, res.body, res.headers};
    } catch (const http::ConnectionError&) {
      return Reply{};
    }
  }

  std::string log_tail() const {
    std::ifstream in(dir_ / "serve.log");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.size() > 3000 ? all.substr(all.size() - 3000) : all;
  }

  int starts() const { return starts_; }

 private:
  std::string database_url_;
  fs::path dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  int starts_ = 0;
};

// One Idempotency-Key'd checkout request and what became of it.
struct Attempt {
  std::string key;
  std::size_t customer = 0;
  std::string body;
  bool card = false;
  int status = 0;              // the last answer (0: none)
  std::string order_id;        // from a 2xx answer
  bool provider_took = false;  // card: the sandbox answered the confirmation "succeeded"
};

class CrashSafetyTest : public ::testing::Test {
 protected:
  static constexpr int kProducts = 4;
  static constexpr int kStock = 1000;
  static constexpr int kCustomers = 4;

  void SetUp() override {
    // The shop is made through the in-process server (fixtures write to the database), which
    // then stops; the child serves the same database.
    auto setup = std::make_unique<TestServer>();
    seed_delivery(*setup);
    auto seller = make_actor(*setup, "Seller");
    admin_ = make_actor(*setup, "Admin");
    for (int i = 0; i < kCustomers; ++i) customers_.push_back(make_actor(*setup, "Customer"));
    for (int i = 0; i < kProducts; ++i)
      products_.push_back(make_product(*setup, seller, 10000 + 100 * i, kStock));
    url_ = setup->config().database_url;
    setup.reset();
    dir_ = fs::temp_directory_path() / "wolfix-tests" / ("crash-" + random_alnum(8));
    fs::create_directories(dir_);
    serve_ = std::make_unique<ServeProcess>(url_, dir_);
    db_ = db::Database::open(url_, 2);
  }

  void TearDown() override {
    serve_.reset();
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Reply checkout(Attempt& a) {
    const auto& c = customers_[a.customer];
    return serve_->call("POST", a.card ? "/api/orders/with-payment" : "/api/orders", a.body,
                        c.token,
                        {{"Content-Type", "application/json"}, {"Idempotency-Key", a.key}});
  }

  // As Stripe.js does, with the publishable key and the client secret; true when it succeeded.
  bool confirm_card(const std::string& client_secret) {
    std::string intent = client_secret.substr(0, client_secret.find("_secret_"));
    auto r = serve_->call(
        "POST", "/sandbox/stripe/v1/payment_intents/" + intent + "/confirm",
        form_encode({{"client_secret", client_secret}, {"payment_method", "pm_card_visa"}}), "",
        {{"Content-Type", "application/x-www-form-urlencoded"},
         {"Authorization", "Bearer " + std::string(Config::kSandboxPublishableKey)}});
    if (r.status != 200) return false;
    auto v = boost::json::parse(r.body);
    return str(v.at("status")) == "succeeded";
  }

  // One load worker: checkouts of both kinds, half the card orders also marked paid by the
  // client, and refunds of paid ones, until `stop`.
  void worker(int round, std::size_t customer, std::atomic<bool>& stop) {
    for (int n = 0; !stop; ++n) {
      Attempt a;
      a.key = "crash-" + std::to_string(round) + "-" + std::to_string(customer) + "-" +
              std::to_string(n);
      a.customer = customer;
      a.card = n % 5 >= 3;
      const auto& p = products_[(customer + n) % kProducts];
      a.body = boost::json::serialize(buy_body(customers_[customer], p, 1 + n % 2));
      auto r = checkout(a);
      a.status = r.status;
      if (r.status / 100 == 2) {
        if (a.card) {
          auto v = boost::json::parse(r.body);
          a.order_id = str(v.at("orderId"));
          a.provider_took = confirm_card(str(v.at("clientSecret")));
          if (a.provider_took && n % 2 == 0 &&
              serve_->call("PATCH", "/api/orders/" + a.order_id + "/paid", "",
                           customers_[customer].token)
                      .status == 204) {
            std::lock_guard lock(mu_);
            refundable_.push_back(a.order_id);
          }
        } else {
          a.order_id = r.headers["x-order-id"];
        }
      }
      std::string to_refund;
      {
        std::lock_guard lock(mu_);
        attempts_.push_back(a);
        if (a.order_id.size()) ++acknowledged_;
        if (n % 2 == 1 && !refundable_.empty()) {
          to_refund = refundable_.back();
          refundable_.pop_back();
        }
      }
      if (!to_refund.empty()) {
        auto rr = serve_->call("POST", "/api/orders/" + to_refund + "/refunds", "", admin_.token);
        std::lock_guard lock(mu_);
        refund_answers_[rr.status]++;
      }
    }
  }

  // Runs the load until `acks` more checkouts were acknowledged, then kills the server with
  // SIGKILL while the workers are still sending, and restarts it.
  void load_then_kill(int round, int acks) {
    int target = 0;
    {
      std::lock_guard lock(mu_);
      target = acknowledged_ + acks;
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (std::size_t c = 0; c < customers_.size(); ++c)
      threads.emplace_back([&, c] { worker(round, c, stop); });
    auto deadline = Clock::now() + std::chrono::seconds(60);
    bool reached = false;
    while (Clock::now() < deadline && !reached) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::lock_guard lock(mu_);
      reached = acknowledged_ >= target;
    }
    serve_->kill_hard();
    stop = true;
    for (auto& t : threads) t.join();
    ASSERT_TRUE(reached) << "the load made no progress; server log:\n" << serve_->log_tail();
    serve_->start();
    ASSERT_TRUE(serve_->wait_ready()) << "no restart; server log:\n" << serve_->log_tail();
  }

  int64_t scalar(const std::string& sql, const db::Params& params = {}) {
    return db_->read([&](db::Session& s) { return s.query_one(sql, params)->i64(0); });
  }

  std::string url_;
  fs::path dir_;
  Actor admin_;
  std::vector<Actor> customers_;
  std::vector<TestProduct> products_;
  std::unique_ptr<ServeProcess> serve_;
  std::unique_ptr<db::Database> db_;

  std::mutex mu_;
  std::vector<Attempt> attempts_;
  std::vector<std::string> refundable_;
  std::map<int, int> refund_answers_;
  int acknowledged_ = 0;
  std::string retry_answers_;
};

TEST_F(CrashSafetyTest, KilledMidLoadLosesNothingAndDoublesNothing) {
  auto began = Clock::now();
  auto seconds = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began).count() /
           1000.0;
  };
  serve_->start();
  ASSERT_TRUE(serve_->wait_ready()) << serve_->log_tail();
  load_then_kill(1, 25);
  if (HasFatalFailure()) return;
  load_then_kill(2, 25);
  if (HasFatalFailure()) return;
  EXPECT_EQ(serve_->starts(), 3);
  double load_done = seconds();

  // Every key again, with its body, on the restarted server: an acknowledged one replays its
  // order; one whose answer was lost in the kill now gets a definite answer.
  std::set<std::string> answered;  // the orders the keys stand for
  int replayed = 0;
  // A key whose request died after committing its first step answers 409 "in progress" until
  // the reconcile delay has passed and the provider has let go of the intent request that died
  // with the server (the sandbox, like Stripe, holds one for 60 s), then finishes that
  // checkout: retried as a client would.
  auto deadline = Clock::now() + std::chrono::seconds(120);
  for (auto& a : attempts_) {
    auto r = checkout(a);
    while (r.status == 409 && r.code() == "idempotency_key_in_progress" &&
           Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      r = checkout(a);
    }
    ASSERT_NE(r.status, 0) << a.key << "\n" << serve_->log_tail();
    ASSERT_LT(r.status, 500) << a.key << ": " << r.body;
    std::string id;
    if (r.status / 100 != 2)
      retry_answers_ += a.key + " -> " + std::to_string(r.status) + " " + r.code() + "\n";
    if (r.status / 100 == 2)
      id = a.card ? str(boost::json::parse(r.body).at("orderId")) : r.headers["x-order-id"];
    if (!a.order_id.empty()) {
      EXPECT_EQ(id, a.order_id) << "an acknowledged key must replay its order: " << a.key;
      replayed += r.headers["idempotent-replayed"] == "true";
    }
    if (!id.empty()) EXPECT_TRUE(answered.insert(id).second) << "two keys, one order: " << id;
  }
  EXPECT_GT(replayed, 0);

  // Every acknowledged order exists, and the orders in the database are exactly those the keys
  // made: none lost, none doubled.
  int acked = 0;
  for (const auto& a : attempts_) {
    if (a.order_id.empty()) continue;
    ++acked;
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders WHERE id = ?", {a.order_id}), 1) << a.key;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), static_cast<int64_t>(answered.size())) << [&] {
    std::string out = retry_answers_;
    db_->read([&](db::Session& s) {
      for (const auto& row : s.query("SELECT id, payment_option, payment_status, delivery_status, "
                                     "created_at FROM orders"))
        if (!answered.count(row.str(0)))
          out += "unclaimed order " + row.str(0) + " option " + std::to_string(row.i64(1)) +
                 " payment " + std::to_string(row.i64(2)) + " delivery " +
                 std::to_string(row.i64(3)) + "\n";
    });
    return out;
  }();

  // The provider took these payments: once the reconciler and the webhook retries have
  // converged, each order is Paid (or Refunded, when the load refunded it), through exactly one
  // transition to Paid; no refund is left in flight.
  std::vector<std::string> taken;
  for (const auto& a : attempts_)
    if (a.provider_took) taken.push_back(a.order_id);
  ASSERT_FALSE(taken.empty());
  auto converged = [&] {
    for (const auto& id : taken) {
      auto status = scalar("SELECT payment_status FROM orders WHERE id = ?", {id});
      if (status != 2 && status != 4) return false;  // Paid, Refunded
    }
    return scalar("SELECT COUNT(*) FROM refunds WHERE status = 'pending'") == 0;
  };
  deadline = Clock::now() + std::chrono::seconds(90);
  while (!converged() && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(converged()) << serve_->log_tail();
  double converged_at = seconds();
  for (const auto& id : taken) {
    auto status = scalar("SELECT payment_status FROM orders WHERE id = ?", {id});
    EXPECT_TRUE(status == 2 || status == 4) << id << " ended in payment status " << status;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM (SELECT order_id FROM order_history WHERE what = "
                   "'paymentStatus' AND to_value = 2 GROUP BY order_id HAVING COUNT(*) > 1) t"),
            0)
      << "an order became Paid twice";
  for (const auto& id : taken)
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM order_history WHERE order_id = ? AND what = "
                     "'paymentStatus' AND to_value = 2",
                     {id}),
              1)
        << id;

  // A refunded order gave all its units back.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id "
                   "WHERE o.payment_status = 4 AND i.restocked_quantity <> i.quantity"),
            0);

  // Stock: what is on the shelf plus what live orders hold is what each product was given.
  for (const auto& p : products_) {
    auto shelf = scalar("SELECT stock FROM products WHERE id = ?", {p.id});
    auto held = scalar(
        "SELECT COALESCE(SUM(i.quantity - i.restocked_quantity), 0) FROM order_items i "
        "JOIN orders o ON o.id = i.order_id WHERE i.product_id = ? AND o.delivery_status <> 3",
        {p.id});
    EXPECT_EQ(shelf + held, kStock) << p.id;
  }

  int refunds = 0;
  for (auto [status, n] : refund_answers_) refunds += status / 100 == 2 ? n : 0;
  std::cout << "[ crash    ] " << serve_->starts() - 1 << " SIGKILLs survived, " << attempts_.size()
            << " checkouts (" << acked << " acknowledged before a kill, " << answered.size()
            << " orders in the end), " << taken.size() << " card payments taken, " << refunds
            << " refunds accepted; loads and restarts took " << load_done << " s, converged at "
            << converged_at << " s\n";
}

}  // namespace
}  // namespace wolfix::test
