// PostgreSQL only: a transaction's BEGIN travels with its first statement, and its COMMIT with
// the statements left for later (Session::exec_later). A connection found dead by that first
// round trip (the server restarted or ended it after the pool's check) is replaced and the
// round trip sent again on a new one: the transaction succeeds once. A connection lost later in
// a transaction, or under its COMMIT, fails it with Unavailable and is never silently retried;
// so does one asked to commit in one round trip (Session::commit_in_one_round_trip).
// The database is reached through a TCP relay the test can cut: a cut connection is closed as
// soon as its client sends anything, which is what a server gone away looks like to libpq after
// the pool found the idle connection quiet.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <list>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "db/db.hpp"
#include "harness.hpp"
#include "serve_process.hpp"

namespace wolfix::test {
namespace {

class Relay {
 public:
  Relay(uint16_t upstream_port) : upstream_(upstream_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listener_, 16) != 0)
      throw std::runtime_error("relay: cannot listen");
    socklen_t len = sizeof a;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~Relay() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    std::lock_guard lock(mu_);
    for (auto& t : pipes_) t.join();
    ::close(listener_);
  }
  uint16_t port() const { return port_; }
  int connections() const { return accepted_.load(); }
  // Every connection open now is closed at the next bytes its client sends.
  void cut() { cut_below_ = accepted_.load() + 1; }

 private:
  void accept_loop() {
    for (;;) {
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0 || stop_) {
        if (client >= 0) ::close(client);
        return;
      }
      int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      a.sin_port = htons(upstream_);
      if (::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(server);
        ::close(client);
        continue;
      }
      int generation = ++accepted_;
      std::lock_guard lock(mu_);
      pipes_.emplace_back([this, client, server, generation] { pipe(client, server, generation); });
    }
  }

  void pipe(int client, int server, int generation) {
    char buf[16384];
    for (;;) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (::poll(fds, 2, 200) < 0) break;
      if (stop_) break;
      if (fds[0].revents) {
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0 || generation < cut_below_.load()) break;
        if (::send(server, buf, n, MSG_NOSIGNAL) != n) break;
      }
      if (fds[1].revents) {
        ssize_t n = ::recv(server, buf, sizeof buf, 0);
        if (n <= 0 || ::send(client, buf, n, MSG_NOSIGNAL) != n) break;
      }
    }
    ::close(client);
    ::close(server);
  }

  uint16_t upstream_;
  uint16_t port_ = 0;
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0}, cut_below_{0};
  std::mutex mu_;
  std::list<std::thread> pipes_;
  std::thread acceptor_;
};

class DbPipelinedBeginTest : public ::testing::Test {
 public:
  void SetUp() override {
    // postgres://user@127.0.0.1:PORT/db: the same database through the relay.
    std::string url = std::getenv("WOLFIX_TEST_POSTGRES_URL");
    auto at = url.find('@'), colon = url.find(':', at), slash = url.find('/', colon);
    relay_ = std::make_unique<Relay>(
        static_cast<uint16_t>(std::stoi(url.substr(colon + 1, slash - colon - 1))));
    direct_ = db::Database::open(url, 1);
    url.replace(colon + 1, slash - colon - 1, std::to_string(relay_->port()));
    db_ = db::Database::open(url, 1);
    table_ = "pipelined_begin_" + random_alnum(8);
    direct_->write([&](db::Session& s) {
      s.exec_script("CREATE TABLE " + table_ + " (id TEXT PRIMARY KEY)");
    });
  }
  void TearDown() override {
    direct_->write([&](db::Session& s) { s.exec_script("DROP TABLE " + table_); });
  }
  std::string insert() const { return "INSERT INTO " + table_ + " (id) VALUES (?)"; }
  int64_t rows(const std::string& id) {
    return direct_->read([&](db::Session& s) {
      return s.query_one("SELECT COUNT(*) FROM " + table_ + " WHERE id = ?", {id})->i64(0);
    });
  }

  std::unique_ptr<Relay> relay_;
  std::unique_ptr<db::Database> direct_, db_;
  std::string table_;
};

void FirstRoundTripOnADeadConnectionRunsOnceOnANewOne(DbPipelinedBeginTest& t) {
  auto& db = *t.db_;
  db.write([&](db::Session& s) { s.exec(t.insert(), {"warm"}); });
  ASSERT_EQ(t.relay_->connections(), 1);

  // BEGIN, a statement left for later and a query in the first round trip.
  t.relay_->cut();
  auto seen = db.write([&](db::Session& s) {
    s.exec_later(t.insert(), {"a"});
    return s.query_one("SELECT COUNT(*) FROM " + t.table_ + " WHERE id = ?", {"a"})->i64(0);
  });
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(t.rows("a"), 1);
  EXPECT_EQ(t.relay_->connections(), 2);

  // BEGIN alone, before a script.
  t.relay_->cut();
  db.write(
      [&](db::Session& s) { s.exec_script("INSERT INTO " + t.table_ + " (id) VALUES ('b')"); });
  EXPECT_EQ(t.rows("b"), 1);
  EXPECT_EQ(t.relay_->connections(), 3);

  // A transaction of statements left for later only: they carry BEGIN.
  t.relay_->cut();
  db.write([&](db::Session& s) { s.exec_later(t.insert(), {"c"}); });
  EXPECT_EQ(t.rows("c"), 1);
  EXPECT_EQ(t.relay_->connections(), 4);
}

void ALaterRoundTripOnADeadConnectionFailsTheTransaction(DbPipelinedBeginTest& t) {
  auto& db = *t.db_;
  // Lost after the first round trip: the transaction fails and nothing of it stays.
  int runs = 0;
  EXPECT_THROW(db.write([&](db::Session& s) {
    ++runs;
    s.exec(t.insert(), {"d"});
    t.relay_->cut();
    s.exec(t.insert(), {"e"});
  }),
               db::Unavailable);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(t.rows("d"), 0);
  EXPECT_EQ(t.rows("e"), 0);

  // Lost under the COMMIT (sent with the statements left for later): not retried either; here
  // the COMMIT never reached the server.
  runs = 0;
  EXPECT_THROW(db.write([&](db::Session& s) {
    ++runs;
    s.exec(t.insert(), {"f"});
    s.exec_later(t.insert(), {"g"});
    t.relay_->cut();
  }),
               db::Unavailable);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(t.rows("f"), 0);
  EXPECT_EQ(t.rows("g"), 0);

  // The pool replaces the lost connection: the next transaction succeeds.
  db.write([&](db::Session& s) { s.exec(t.insert(), {"h"}); });
  EXPECT_EQ(t.rows("h"), 1);

  // Committed in one round trip (BEGIN, the statements left for later, COMMIT): never sent
  // again, not even when the connection was dead before it went out (as here).
  runs = 0;
  EXPECT_THROW(db.write([&](db::Session& s) {
    ++runs;
    s.exec_later(t.insert(), {"i"});
    s.commit_in_one_round_trip();
    t.relay_->cut();
  }),
               db::Unavailable);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(t.rows("i"), 0);
  db.write([&](db::Session& s) {
    s.exec_later(t.insert(), {"j"});
    s.commit_in_one_round_trip();
  });
  EXPECT_EQ(t.rows("j"), 1);

  // A statement failing in that round trip rolls back every one of it (they share one implicit
  // transaction), and the connection serves the next transaction.
  int opened = t.relay_->connections();
  EXPECT_THROW(db.write([&](db::Session& s) {
    s.exec_later(t.insert(), {"k"});
    s.exec_later(t.insert(), {"j"});  // taken
    s.exec_later(t.insert(), {"l"});
    s.commit_in_one_round_trip();
  }),
               db::UniqueViolation);
  EXPECT_EQ(t.rows("k"), 0);
  EXPECT_EQ(t.rows("l"), 0);
  db.write([&](db::Session& s) {
    s.exec_later(t.insert(), {"m"});
    s.exec_later(t.insert(), {"n"});
    s.commit_in_one_round_trip();
  });
  EXPECT_EQ(t.rows("m"), 1);
  EXPECT_EQ(t.rows("n"), 1);
  EXPECT_EQ(t.relay_->connections(), opened) << "the connection was kept after the failure";
}

// The pool hands a connection given back straight to the first thread waiting for one, and a
// lost connection's slot too: many threads on two connections all get through, the two are
// opened once and reused, and connections lost meanwhile are replaced without a failed request
// (each thread's first round trip finds them dead and runs again on a new one).
void ManyThreadsShareASmallPoolAndLostConnectionsAreReplaced(DbPipelinedBeginTest& t) {
  std::string url = std::getenv("WOLFIX_TEST_POSTGRES_URL");
  auto at = url.find('@'), colon = url.find(':', at), slash = url.find('/', colon);
  url.replace(colon + 1, slash - colon - 1, std::to_string(t.relay_->port()));
  auto pool = db::Database::open(url, 2);
  int before = t.relay_->connections();  // the one opened by open()
  auto load = [&](const std::string& tag, int threads, int each) {
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < threads; ++w)
      workers.emplace_back([&, w] {
        for (int i = 0; i < each; ++i) {
          std::string id = tag + "-" + std::to_string(w) + "-" + std::to_string(i);
          try {
            pool->write([&](db::Session& s) { s.exec_later(t.insert(), {id}); });
            bool seen = pool->read([&](db::Session& s) {
              return s.query_one("SELECT 1 FROM " + t.table_ + " WHERE id = ?", {id}).has_value();
            });
            if (!seen) ++failures;
          } catch (const std::exception&) {
            ++failures;
          }
        }
      });
    for (auto& th : workers) th.join();
    return failures.load();
  };
  EXPECT_EQ(load("a", 16, 40), 0);
  int opened = t.relay_->connections() - before;
  EXPECT_LE(opened, 1) << "at most two connections, each opened once";
  t.relay_->cut();
  EXPECT_EQ(load("b", 16, 20), 0);
  int after = t.relay_->connections();
  EXPECT_GE(after - before, opened + 1);  // the cut connections were replaced, once each
  EXPECT_LE(after - before, 3);
  EXPECT_EQ(t.direct_->read([&](db::Session& s) {
    return s.query_one("SELECT COUNT(*) FROM " + t.table_)->i64(0);
  }),
            16 * 40 + 16 * 20);

  // A transaction that loses its connection gives its slot to whoever waits for the one
  // connection of this pool: that thread opens a new one and gets through.
  auto single = db::Database::open(url, 1);
  std::atomic<bool> inside{false};
  std::thread other;
  EXPECT_THROW(single->write([&](db::Session& s) {
    s.exec(t.insert(), {"c-held"});
    if (!inside.exchange(true))
      other = std::thread(
          [&] { single->write([&](db::Session& o) { o.exec(t.insert(), {"c-next"}); }); });
    t.relay_->cut();
    s.exec(t.insert(), {"c-lost"});
  }),
               db::Unavailable);
  other.join();
  EXPECT_EQ(t.rows("c-held"), 0);
  EXPECT_EQ(t.rows("c-lost"), 0);
  EXPECT_EQ(t.rows("c-next"), 1);
}

// A Pin keeps one connection for the thread's reads and transactions in a row (one inside
// another's body takes its own), gives it back when it ends, and replaces one lost meanwhile.
void APinSharesOneConnectionBetweenUsesInARow(DbPipelinedBeginTest& t) {
  std::string url = std::getenv("WOLFIX_TEST_POSTGRES_URL");
  auto at = url.find('@'), colon = url.find(':', at), slash = url.find('/', colon);
  url.replace(colon + 1, slash - colon - 1, std::to_string(t.relay_->port()));
  auto pool = db::Database::open(url, 2);
  auto backend = [](db::Session& s) { return s.query_one("SELECT pg_backend_pid()")->i64(0); };
  int64_t other_pid = 0;
  std::set<int64_t> pinned;
  {
    db::Database::Pin pin(*pool);
    pinned.insert(pool->read(backend));
    pinned.insert(pool->write([&](db::Session& s) {
      s.exec(t.insert(), {"pin-a"});
      // Nested: a connection of its own, while the pinned one is in this transaction.
      other_pid = pool->read(backend);
      return backend(s);
    }));
    pinned.insert(pool->read(backend));
    EXPECT_EQ(pinned.size(), 1u);
    EXPECT_NE(other_pid, *pinned.begin());
    // The pinned connection is lost: the next use takes another, which the pin keeps.
    t.relay_->cut();
    pool->write([&](db::Session& s) { s.exec(t.insert(), {"pin-b"}); });
    int64_t replaced = pool->read(backend);
    EXPECT_EQ(pool->read(backend), replaced);
    EXPECT_EQ(pool->write([&](db::Session& s) { return backend(s); }), replaced);
  }
  EXPECT_EQ(t.rows("pin-a"), 1);
  EXPECT_EQ(t.rows("pin-b"), 1);
  // Given back: another thread gets both of the pool's connections at once.
  std::thread([&] {
    pool->write([&](db::Session& s) {
      s.exec(t.insert(), {"pin-c"});
      pool->write([&](db::Session& o) { o.exec(t.insert(), {"pin-d"}); });
    });
  }).join();
  EXPECT_EQ(t.rows("pin-c"), 1);
  EXPECT_EQ(t.rows("pin-d"), 1);
  // An inactive pin changes nothing: each use takes a connection from the pool.
  db::Database::Pin off(*pool, false);
  pool->write([&](db::Session& s) {
    pool->write([&](db::Session& o) { o.exec(t.insert(), {"pin-e"}); });
    s.exec(t.insert(), {"pin-f"});
  });
  EXPECT_EQ(t.rows("pin-e"), 1);
  EXPECT_EQ(t.rows("pin-f"), 1);
}

template <void (*Body)(DbPipelinedBeginTest&)>
class Case : public DbPipelinedBeginTest {
  void TestBody() override { Body(*this); }
};

const bool registered = [] {
  if (testing_postgres()) {
    ::testing::RegisterTest("DbPipelinedBeginTest",
                            "FirstRoundTripOnADeadConnectionRunsOnceOnANewOne", nullptr, nullptr,
                            __FILE__, __LINE__, []() -> DbPipelinedBeginTest* {
                              return new Case<FirstRoundTripOnADeadConnectionRunsOnceOnANewOne>();
                            });
    ::testing::RegisterTest(
        "DbPipelinedBeginTest", "ALaterRoundTripOnADeadConnectionFailsTheTransaction", nullptr,
        nullptr, __FILE__, __LINE__, []() -> DbPipelinedBeginTest* {
          return new Case<ALaterRoundTripOnADeadConnectionFailsTheTransaction>();
        });
    ::testing::RegisterTest("DbPipelinedBeginTest", "APinSharesOneConnectionBetweenUsesInARow",
                            nullptr, nullptr, __FILE__, __LINE__, []() -> DbPipelinedBeginTest* {
                              return new Case<APinSharesOneConnectionBetweenUsesInARow>();
                            });
    ::testing::RegisterTest(
        "DbPipelinedBeginTest", "ManyThreadsShareASmallPoolAndLostConnectionsAreReplaced", nullptr,
        nullptr, __FILE__, __LINE__, []() -> DbPipelinedBeginTest* {
          return new Case<ManyThreadsShareASmallPoolAndLostConnectionsAreReplaced>();
        });
  }
  return true;
}();

}  // namespace
}  // namespace wolfix::test
