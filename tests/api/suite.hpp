#pragma once
// The one base of every API suite. By default a TestServer per suite (built in SetUpTestSuite,
// shared by the suite's tests, which keeps the run fast) on the database WOLFIX_TEST_DB selects
// (harness.hpp), its HTTP client, and the probe (probe.hpp) for what the API does not say. Each
// suite derives as `class MyTest : public ServerSuite<MyTest>` (so every suite has its own
// statics) and may define configure(Config&) (settings before the server starts),
// prepare(TestServer&) (what it adds once) and finish().
//
// What one test needs for itself it starts through the base, which stops it when the test ends
// (the fixture's destructor, after the suite's own TearDown): own_server(tweak), a server of the
// test's own configuration beside the suite's; own_database(), a migrated database with no
// server (the outbox); serve(url, env), `wolfix serve` as a child process on a database (the
// crash-safety and database-outage suites, checkout_load.hpp). A suite whose tests all start
// their own derives from PerTestSuite<MyTest> (kSharedServer = false): no shared `server`.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/crypto.hpp"
#include "db/db.hpp"
#include "fixtures.hpp"
#include "order_fixtures.hpp"
#include "serve_process.hpp"

namespace wolfix::test {

template <class Suite>
class ServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if constexpr (Suite::kSharedServer) {
      server = std::make_unique<TestServer>([](Config& c) { Suite::configure(c); });
      Suite::prepare(*server);
    }
  }
  static void TearDownTestSuite() {
    if constexpr (Suite::kSharedServer) {
      Suite::finish();
      server.reset();
    }
  }
  static Probe probe() { return server->probe(); }

  // A server of this test's own configuration (`tweak` adjusts it before it starts), on a fresh
  // database.
  TestServer& own_server(const std::function<void(Config&)>& tweak = {}) {
    return *own_servers_.emplace_back(std::make_unique<TestServer>(tweak));
  }
  // Stops one of them before the test ends (a restart, a backup restored under it).
  void stop_server(TestServer& own) {
    std::erase_if(own_servers_, [&](const auto& s) { return s.get() == &own; });
  }
  // A fresh database, migrated, with no server on it.
  db::Database& own_database() {
    own_databases_.push_back(db::Database::open(fresh_database_url(), 4));
    own_databases_.back()->migrate();
    return *own_databases_.back();
  }
  // `wolfix serve` on `database_url` (`env` added to its settings), not started yet; its log
  // and media live in a directory of this test's, removed when the test ends.
  ServeProcess& serve(const std::string& database_url,
                      std::vector<std::pair<std::string, std::string>> env = {}) {
    auto dir =
        std::filesystem::temp_directory_path() / "wolfix-tests" / ("load-" + random_alnum(8));
    std::filesystem::create_directories(dir);
    child_dirs_.emplace_back(dir);
    children_.push_back(std::make_unique<ServeProcess>(database_url, dir, std::move(env)));
    return *children_.back();
  }

  ~ServerSuite() override {
    children_.clear();  // killed before their directories go
    for (const auto& dir : child_dirs_) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
    own_servers_.clear();
  }

 public:
  // Hidden by a derived suite's own.
  static constexpr bool kSharedServer = true;
  static void configure(Config&) {}
  static void prepare(TestServer&) {}
  static void finish() {}

 protected:
  static inline std::unique_ptr<TestServer> server;

 private:
  std::vector<std::unique_ptr<TestServer>> own_servers_;
  std::vector<std::unique_ptr<db::Database>> own_databases_;
  std::vector<std::filesystem::path> child_dirs_;
  std::vector<std::unique_ptr<ServeProcess>> children_;
};

// A suite whose tests each start what they need (own_server, own_database, serve): no shared
// server.
template <class Suite>
class PerTestSuite : public ServerSuite<Suite> {
 public:
  static constexpr bool kSharedServer = false;
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
