// Database outages: the database goes away in the middle of a load (tests/api/checkout_load.hpp)
// and comes back, the node is never restarted. While it is away Wolfix answers at once with 503
// (507 when out of disk space), Retry-After and the usual JSON error body, never hangs a request
// and never crashes; background jobs back off; once it is back, writes succeed again without a
// restart, and the accounting holds (every acknowledged order exists, no Idempotency-Key made
// two orders, stock plus live orders' units is what each product was given).
//  - PostgreSQL (api.postgres): the throwaway server is stopped (`pg_ctl stop -m fast`) and
//    started again; /ready says not ready meanwhile; the pool reconnects.
//  - SQLite (api.sqlite): another process holds the write lock beyond the busy timeout
//    ("database is locked"); reads, and so /ready, are still served (WAL).
//  - SQLite (api.sqlite): the disk fills up (a small tmpfs): 507, reads still served, no
//    corruption (integrity_check), writes succeed again once space returns.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "checkout_load.hpp"
#include "common/crypto.hpp"
#include "db/backup.hpp"

namespace wolfix::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A refusal for want of the database: the status, Retry-After and a JSON error code.
void expect_refusal(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_FALSE(r.headers.count("retry-after") == 0) << "no Retry-After on " << r.status;
  EXPECT_EQ(r.code(), code) << r.body;
  EXPECT_FALSE(r.message().empty()) << r.body;
}

// The number of `job_failed` lines per job in a JSON-lines log.
std::map<std::string, int> job_failures(const std::string& log) {
  std::map<std::string, int> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"event\":\"job_failed\"") == std::string::npos) continue;
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    if (!ec && v.is_object() && v.as_object().contains("job"))
      out[std::string(v.at("job").as_string())]++;
  }
  return out;
}

class DatabaseOutageTest : public CheckoutLoadTest {
 protected:
  void SetUp() override {}  // each test makes the shop with the settings it needs

  // While the database is away, a write through the node is refused at once, as it should be.
  void expect_write_refused(int status, const std::string& code) {
    Attempt probe;
    probe.key = "probe-" + random_alnum(8);
    probe.body = boost::json::serialize(buy_body(customers_[0], products_[0], 1));
    auto r = checkout(probe);
    expect_refusal(r, status, code);
    std::lock_guard lock(mu_);
    attempts_.push_back(probe);  // retried (and accounted for) like the load's own
  }

  // What every outage must have left: answers only, no 500, every refusal well-formed.
  void expect_clean_answers() {
    std::lock_guard lock(mu_);
    std::string seen;
    for (auto [status, n] : answers_)
      seen += std::to_string(status) + ":" + std::to_string(n) + " ";
    EXPECT_EQ(answers_[0], 0) << "requests without an answer; statuses " << seen;
    EXPECT_EQ(answers_[500], 0) << "statuses " << seen << "\n" << serve_->log_tail();
    EXPECT_TRUE(bad_refusals_.empty()) << bad_refusals_.front();
  }
};

std::string postgres_ctl() {
  const char* ctl = std::getenv("WOLFIX_TEST_POSTGRES_CTL");
  if (!ctl || !*ctl)
    throw std::runtime_error(
        "the outage test stops and starts the throwaway PostgreSQL: run it under "
        "scripts/with-postgres.sh, which sets WOLFIX_TEST_POSTGRES_CTL");
  return ctl;
}

bool postgres(const std::string& verb) {
  return std::system((postgres_ctl() + " " + verb + " >/dev/null 2>&1").c_str()) == 0;
}

TEST_F(DatabaseOutageTest, DatabaseAwayMidLoadAnswers503AndRecoversWithoutRestart) {
  // SQLite: a write waits 300 ms for another process's lock before it is refused.
  make_shop(testing_postgres() ? "" : "?busy_timeout=300");
  serve_->start();
  ASSERT_TRUE(serve_->wait_ready()) << serve_->log_tail();
  start_load(1);
  ASSERT_TRUE(wait_for_acks(15)) << serve_->log_tail();

  auto away = Clock::now();
  std::unique_ptr<Probe::SqliteWriteLock> locker;
  if (testing_postgres()) {
    ASSERT_TRUE(postgres("stop"));
  } else {
    // Another process's write transaction.
    auto path = db::sqlite_path_of(url_);
    locker = std::make_unique<Probe::SqliteWriteLock>(*path);
    ASSERT_TRUE(locker->held());
  }
  EXPECT_TRUE(wait_for_answers(503, 8)) << "the load was not refused; log:\n" << serve_->log_tail();
  expect_write_refused(503, "database_unavailable");
  EXPECT_EQ(serve_->call("GET", "/health").status, 200);
  auto ready = serve_->call("GET", "/ready");
  if (testing_postgres()) {
    EXPECT_EQ(ready.status, 503) << ready.body;
  } else {
    EXPECT_EQ(ready.status, 200) << "reads are still served: " << ready.body;
  }
  EXPECT_TRUE(serve_->alive());

  if (testing_postgres()) {
    ASSERT_TRUE(postgres("start"));
  } else {
    locker.reset();
  }
  ASSERT_TRUE(serve_->wait_ready()) << serve_->log_tail();
  double away_seconds = std::chrono::duration<double>(Clock::now() - away).count();
  EXPECT_TRUE(wait_for_acks(15)) << "no writes after the database came back; log:\n"
                                 << serve_->log_tail();
  stop_load();
  EXPECT_TRUE(serve_->alive());
  EXPECT_EQ(serve_->starts(), 1) << "recovered without a restart";
  expect_clean_answers();

  // Jobs run every second here; while their passes fail they back off (1, 2, 4 ... s), so an
  // outage of T seconds costs each at most about 2 + log2(1 + T) failed passes, never a loop.
  int bound = 2 + static_cast<int>(std::log2(1 + away_seconds));
  for (auto [job, n] : job_failures(serve_->log()))
    EXPECT_LE(n, bound) << job << " failed " << n << " times in " << away_seconds << " s";

  verify_accounting(testing_postgres() ? "pg down" : "locked  ");
}

// SQLite only (registered below): the database on a small tmpfs that fills up.
class DiskFullTest : public DatabaseOutageTest {
 protected:
  void TestBody() override;
  void TearDown() override {
    if (server_) stop_server(*server_);  // off the tmpfs before it goes
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(mount_, ec);
  }

  std::string integrity() { return Probe::sqlite_integrity(db_path_); }

  fs::path mount_;
  std::string db_path_;
  bool mounted_ = false;
  TestServer* server_ = nullptr;
};

void DiskFullTest::TestBody() {
  mount_ = fs::temp_directory_path() / "wolfix-tests" / ("full-" + random_alnum(8));
  fs::create_directories(mount_);
  // A real ENOSPC needs a small filesystem of its own: a tmpfs, which needs root (CAP_SYS_ADMIN).
  if (::mount("tmpfs", mount_.c_str(), "tmpfs", 0, "size=24m") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                 << "): needs root, as `make test` runs in CI";
  mounted_ = true;
  db_path_ = (mount_ / "wolfix.db").string();
  server_ = &own_server([&](Config& c) { c.database_url = "sqlite:" + db_path_; });
  auto& server = *server_;
  seed_delivery(server);
  auto seller = make_actor(server, "Seller");
  auto customer = make_actor(server, "Customer");
  constexpr int kGiven = 1000;
  auto product = make_product(server, seller, 10000, kGiven);
  auto order = [&](const std::string& key) {
    return place(server, customer, buy_body(customer, product, 1), key);
  };
  ASSERT_EQ(order("full-0").status, 204);

  // The write-ahead log emptied, then every free byte taken: the next write has no room.
  ASSERT_TRUE(Probe::sqlite_checkpoint(db_path_));
  auto filler = mount_ / "filler";
  {
    int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    std::string block(64 * 1024, 'x');
    for (std::size_t size : {block.size(), std::size_t{4096}, std::size_t{1}})
      while (::write(fd, block.data(), size) == static_cast<ssize_t>(size)) {
      }
    ::close(fd);
  }

  std::vector<std::string> refused;
  int placed_while_full = 0;
  for (int i = 1; i <= 60 && refused.size() < 3; ++i) {
    std::string key = "full-" + std::to_string(i);
    auto r = order(key);
    ASSERT_TRUE(r.status == 204 || r.status == 507) << r.status << " " << r.body;
    if (r.status == 507) {
      expect_refusal(r, 507, "storage_full");
      refused.push_back(key);
    } else {
      ++placed_while_full;
    }
  }
  ASSERT_FALSE(refused.empty()) << "the disk never filled up";
  // Reads need no space: the product and readiness are still served.
  EXPECT_EQ(server.get("/api/products/product/" + product.id).status, 200);
  EXPECT_EQ(server.get("/ready").status, 200);
  EXPECT_EQ(integrity(), "ok");

  fs::remove(filler);
  for (const auto& key : refused) EXPECT_EQ(order(key).status, 204) << key;
  auto after = order("full-after");
  EXPECT_EQ(after.status, 204) << after.body;
  EXPECT_EQ(integrity(), "ok");

  // One order per key that succeeded, each holding one unit.
  auto db = Probe::open("sqlite:" + db_path_, 1);
  int64_t orders = db.orders_total(), stock = db.stock(product.id),
          held = db.units_held_by_all_orders();
  EXPECT_EQ(orders, 1 + placed_while_full + static_cast<int64_t>(refused.size()) + 1);
  EXPECT_EQ(stock + held, kGiven);
  std::cout << "[ full     ] " << refused.size() << " orders refused with 507 on a full disk ("
            << placed_while_full << " still fitted), all placed once space returned; " << orders
            << " orders, integrity ok\n";
}

const bool disk_full_registered = [] {
  if (!testing_postgres())
    ::testing::RegisterTest("DatabaseOutageTest", "SqliteDiskFullAnswers507AndRecovers", nullptr,
                            nullptr, __FILE__, __LINE__,
                            []() -> DatabaseOutageTest* { return new DiskFullTest(); });
  return true;
}();

}  // namespace
}  // namespace wolfix::test
