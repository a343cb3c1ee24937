// PostgreSQL only: the group commit (src/db/postgres/postgres_database.cpp, GroupCommit). The
// one-round-trip transactions (Session::commit_in_one_round_trip) of concurrent requests that
// queue while a group is on its way are sent together as one transaction; when a statement of
// the group fails, its member runs again alone and gets its own answer while the others are
// sent again (once; then every one alone); when the group's
// connection is lost, every member gets Unavailable; asynchronous commits are merged only with
// asynchronous ones, and commits inside another open transaction of the same thread never.
//
// A group is held on its way deterministically: its statements wait for a row lock that a
// transaction of the test holds until the test has seen the others queue behind it.
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "db/db.hpp"
#include "db/postgres/postgres_database.hpp"
#include "harness.hpp"

namespace wolfix::test {
namespace {

using Counts = db::PostgresDatabase::GroupCommitCounts;

// A row lock held by a transaction of its own until release().
class Gate {
 public:
  Gate(db::Database& db, const std::string& table, const std::string& row) {
    std::promise<void> locked;
    auto is_locked = locked.get_future();
    holder_ = std::thread([&db, table, row, &locked, this] {
      db.write([&](db::Session& s) {
        s.exec("UPDATE " + table + " SET n = n + 1 WHERE id = ?", {row});
        locked.set_value();
        open_.get_future().wait();
      });
    });
    is_locked.wait();
  }
  ~Gate() { release(); }
  void release() {
    if (!holder_.joinable()) return;
    open_.set_value();
    holder_.join();
  }

 private:
  std::promise<void> open_;
  std::thread holder_;
};

class DbGroupCommitTest : public ::testing::Test {
 public:
  void SetUp() override {
    std::string url = fresh_database_url();
    db_ = db::Database::open(url, 16);
    db_->migrate();  // wolfix_expect()
    admin_ = db::Database::open(url, 4, 0);
    table_ = "group_commit_" + random_alnum(8);
    admin_->write([&](db::Session& s) {
      s.exec_script("CREATE TABLE " + table_ +
                    " (id TEXT PRIMARY KEY, n INT NOT NULL DEFAULT 0);"
                    "INSERT INTO " +
                    table_ + " (id) VALUES ('gate1'), ('gate2'), ('taken')");
    });
  }

  db::PostgresDatabase& pg() { return dynamic_cast<db::PostgresDatabase&>(*db_); }
  std::string insert() const { return "INSERT INTO " + table_ + " (id) VALUES (?)"; }
  std::string bump() const { return "UPDATE " + table_ + " SET n = n + 1 WHERE id = ?"; }
  bool exists(const std::string& id) {
    return admin_->read([&](db::Session& s) {
      return s.query_one("SELECT 1 FROM " + table_ + " WHERE id = ?", {id}).has_value();
    });
  }
  // The transaction that wrote a row (its xmin): rows written by one group share it.
  std::string writer(const std::string& id) {
    return admin_->read([&](db::Session& s) {
      return s.query_one("SELECT xmin::text FROM " + table_ + " WHERE id = ?", {id})->str(0);
    });
  }
  int lock_waiters() {
    return static_cast<int>(admin_->read([&](db::Session& s) {
      return s
          .query_one(
              "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND "
              "wait_event_type = 'Lock'")
          ->i64(0);
    }));
  }
  // Polls for an event the test cannot be told of (a backend waiting on a lock, a thread
  // queued in the group commit); the bound only turns a bug into a failure instead of a hang.
  void await(const char* what, const std::function<bool()>& done) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
      if (std::chrono::steady_clock::now() > give_up) throw std::runtime_error(what);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  // A group of one on its way, held by `gate` (a lock on row gate1): the transaction bumps gate1
  // and inserts `id`. Returns its thread.
  std::thread held_leader(const std::string& id, bool asynchronous = false) {
    int before = lock_waiters();
    std::thread leader([this, id, asynchronous] {
      db_->write([&](db::Session& s) {
        if (asynchronous) s.commit_asynchronously();
        s.exec_later(bump(), {"gate1"});
        s.exec_later(insert(), {id});
        s.commit_in_one_round_trip();
      });
    });
    await("the leader waits on the gate", [&] { return lock_waiters() == before + 1; });
    return leader;
  }

  std::unique_ptr<db::Database> db_, admin_;
  std::string table_;
};

// What one member does and what it got.
struct Outcome {
  std::string error;  // the exception's type, empty when committed
  std::string seen;   // its deferred row
};

void ConcurrentOneTripTransactionsShareOneTransaction(DbGroupCommitTest& t) {
  Counts before = t.pg().group_commits();
  Gate gate(*t.admin_, t.table_, "gate1");
  std::thread leader = t.held_leader("lead");
  constexpr int kMembers = 6;
  std::vector<Outcome> outcomes(kMembers);
  std::vector<std::thread> members;
  for (int i = 0; i < kMembers; ++i)
    members.emplace_back([&t, &outcomes, i] {
      std::string id = "m" + std::to_string(i);
      auto deferred = t.db_->write([&](db::Session& s) {
        s.exec_later(t.insert(), {id});
        auto d = s.query_later("SELECT ?::text || '-seen'", {id});
        s.commit_in_one_round_trip();
        return d;
      });
      outcomes[i].seen = deferred.rows().at(0).str(0);
    });
  t.await("the members queue", [&] { return t.pg().group_commits().waiting == kMembers; });
  gate.release();
  leader.join();
  for (auto& m : members) m.join();

  Counts after = t.pg().group_commits();
  EXPECT_EQ(after.groups - before.groups, 2) << "the leader alone, then every member in one";
  EXPECT_EQ(after.members - before.members, kMembers + 1);
  EXPECT_EQ(after.fell_back - before.fell_back, 0);
  EXPECT_EQ(after.waiting, 0);
  std::set<std::string> writers;
  for (int i = 0; i < kMembers; ++i) {
    std::string id = "m" + std::to_string(i);
    EXPECT_EQ(outcomes[i].seen, id + "-seen") << "each member gets its own deferred rows";
    ASSERT_TRUE(t.exists(id));
    writers.insert(t.writer(id));
  }
  EXPECT_EQ(writers.size(), 1u) << "the members' rows were written by one transaction";
  EXPECT_NE(*writers.begin(), t.writer("lead"));
}

// A group of six held members, of which those in `taken` insert a key that exists and those
// in `unexpected` state an expectation that does not hold; every member bumps one shared row.
struct MixedGroup {
  std::vector<Outcome> outcomes;
  std::vector<int> runs;
  Counts counts;  // what the group commit did meanwhile
};
MixedGroup run_mixed_group(DbGroupCommitTest& t, const std::set<int>& taken,
                           const std::set<int>& unexpected) {
  constexpr int kMembers = 6;
  MixedGroup g{std::vector<Outcome>(kMembers), std::vector<int>(kMembers, 0), {}};
  Counts before = t.pg().group_commits();
  Gate gate(*t.admin_, t.table_, "gate1");
  std::thread leader = t.held_leader("lead");
  std::vector<std::thread> members;
  for (int i = 0; i < kMembers; ++i)
    members.emplace_back([&t, &g, &taken, &unexpected, i] {
      std::string id = taken.count(i) ? "taken" : "m" + std::to_string(i);
      try {
        auto deferred = t.db_->write([&](db::Session& s) {
          ++g.runs[i];
          s.exec_later(t.bump(), {"gate2"});
          s.exec_later(t.insert(), {id});
          if (unexpected.count(i)) s.exec_later("SELECT wolfix_expect(false, 'the facts')");
          auto d = s.query_later("SELECT ?::text || '-seen'", {id});
          s.commit_in_one_round_trip();
          return d;
        });
        g.outcomes[i].seen = deferred.rows().at(0).str(0);
      } catch (const db::UniqueViolation&) {
        g.outcomes[i].error = "UniqueViolation";
      } catch (const db::ExpectationFailed&) {
        g.outcomes[i].error = "ExpectationFailed";
      } catch (const std::exception& e) {
        g.outcomes[i].error = e.what();
      }
    });
  t.await("the members queue", [&] { return t.pg().group_commits().waiting == kMembers; });
  gate.release();
  leader.join();
  for (auto& m : members) m.join();
  Counts after = t.pg().group_commits();
  g.counts.groups = after.groups - before.groups;
  g.counts.members = after.members - before.members;
  g.counts.fell_back = after.fell_back - before.fell_back;
  return g;
}

void check_mixed_group(DbGroupCommitTest& t, const MixedGroup& g, const std::set<int>& taken,
                       const std::set<int>& unexpected) {
  int committed = 0;
  for (int i = 0; i < static_cast<int>(g.outcomes.size()); ++i) {
    std::string id = "m" + std::to_string(i);
    if (taken.count(i)) {
      EXPECT_EQ(g.outcomes[i].error, "UniqueViolation") << i;
    } else if (unexpected.count(i)) {
      EXPECT_EQ(g.outcomes[i].error, "ExpectationFailed") << i;
      EXPECT_FALSE(t.exists(id));
    } else {
      ++committed;
      EXPECT_EQ(g.outcomes[i].error, "") << i;
      EXPECT_EQ(g.outcomes[i].seen, id + "-seen") << "its own deferred rows, of its commit";
      EXPECT_TRUE(t.exists(id));
      EXPECT_EQ(g.runs[i], 1) << "one attempt of the body";
    }
  }
  int64_t bumps = t.admin_->read([&](db::Session& s) {
    return s.query_one("SELECT n FROM " + t.table_ + " WHERE id = 'gate2'")->i64(0);
  });
  EXPECT_EQ(bumps, committed) << "a failed group left nothing; each committed member bumped once";
}

// One member fails: it alone gets its error (run alone), the others are sent again as a group
// and commit in one transaction.
void AFailingMemberGetsItsOwnErrorAndTheOthersCommitTogether(DbGroupCommitTest& t) {
  auto g = run_mixed_group(t, {4}, {});
  check_mixed_group(t, g, {4}, {});
  EXPECT_EQ(g.counts.groups, 2) << "the leader alone, then the members (sent twice)";
  EXPECT_EQ(g.counts.fell_back, 1);
  std::set<std::string> writers;
  for (int i : {0, 1, 2, 3, 5}) writers.insert(t.writer("m" + std::to_string(i)));
  EXPECT_EQ(writers.size(), 1u) << "the others committed in one transaction";
}

// Two members fail: after the second failure every member left runs alone, each with its own
// answer.
void TwoFailingMembersSendEveryMemberAloneWithItsOwnAnswer(DbGroupCommitTest& t) {
  auto g = run_mixed_group(t, {4}, {5});
  check_mixed_group(t, g, {4}, {5});
  EXPECT_EQ(g.counts.fell_back, 6) << "the group failed twice: all ran alone";
  std::set<std::string> writers;
  for (int i : {0, 1, 2, 3}) writers.insert(t.writer("m" + std::to_string(i)));
  EXPECT_EQ(writers.size(), 4u) << "each committed in a transaction of its own";
}

void ALostGroupConnectionFailsEveryMemberWithUnavailable(DbGroupCommitTest& t) {
  Counts before = t.pg().group_commits();
  Gate gate1(*t.admin_, t.table_, "gate1");
  Gate gate2(*t.admin_, t.table_, "gate2");
  std::thread leader = t.held_leader("lead");
  constexpr int kMembers = 4;
  std::vector<Outcome> outcomes(kMembers);
  std::vector<std::thread> members;
  for (int i = 0; i < kMembers; ++i)
    members.emplace_back([&t, &outcomes, i] {
      std::string id = "m" + std::to_string(i);
      try {
        t.db_->write([&](db::Session& s) {
          if (i == 0) s.exec_later(t.bump(), {"gate2"});  // holds the whole group on its way
          s.exec_later(t.insert(), {id});
          s.commit_in_one_round_trip();
        });
      } catch (const db::Unavailable&) {
        outcomes[i].error = "Unavailable";
      } catch (const std::exception& e) {
        outcomes[i].error = e.what();
      }
    });
  t.await("the members queue", [&] { return t.pg().group_commits().waiting == kMembers; });
  gate1.release();
  leader.join();
  // The group of the members is on its way, waiting on gate2: its connection is ended.
  t.await("the group waits on gate2", [&] {
    return t.pg().group_commits().groups == before.groups + 1 && t.lock_waiters() == 1;
  });
  t.admin_->read([&](db::Session& s) {
    s.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
        "current_database() AND wait_event_type = 'Lock'");
  });
  for (auto& m : members) m.join();
  gate2.release();
  for (int i = 0; i < kMembers; ++i) {
    EXPECT_EQ(outcomes[i].error, "Unavailable") << i;
    EXPECT_FALSE(t.exists("m" + std::to_string(i)));
  }
  Counts after = t.pg().group_commits();
  EXPECT_EQ(after.groups - before.groups, 2);
  EXPECT_EQ(after.fell_back - before.fell_back, 0) << "never run again: it may have committed";
  // The pool replaced the lost connection.
  t.db_->write([&](db::Session& s) {
    s.exec_later(t.insert(), {"after"});
    s.commit_in_one_round_trip();
  });
  EXPECT_TRUE(t.exists("after"));
}

// Neither an asynchronous commit nor one nested in another transaction queues behind a durable
// group.
void AsynchronousAndNestedCommitsAreNeverMergedWithDurableOnes(DbGroupCommitTest& t) {
  Gate gate(*t.admin_, t.table_, "gate1");
  std::thread leader = t.held_leader("lead");
  Counts before = t.pg().group_commits();
  // Both commit while the group is held: they did not queue behind it.
  std::atomic<int> done{0};
  std::thread async([&] {
    t.db_->write([&](db::Session& s) {
      s.commit_asynchronously();
      s.exec_later(t.insert(), {"async"});
      s.commit_in_one_round_trip();
    });
    ++done;
  });
  std::thread nested([&] {
    t.db_->write([&](db::Session& outer) {
      outer.exec(t.insert(), {"outer"});
      t.db_->write([&](db::Session& s) {
        s.exec_later(t.insert(), {"inner"});
        s.commit_in_one_round_trip();
      });
    });
    ++done;
  });
  t.await("both commit or queue", [&] { return done == 2 || t.pg().group_commits().waiting > 0; });
  EXPECT_EQ(done.load(), 2);
  Counts mid = t.pg().group_commits();
  EXPECT_EQ(mid.waiting, 0);
  EXPECT_EQ(mid.members - before.members, 0) << "neither went through the durable groups";
  gate.release();
  leader.join();
  async.join();
  nested.join();
  EXPECT_TRUE(t.exists("async"));
  EXPECT_TRUE(t.exists("outer"));
  EXPECT_TRUE(t.exists("inner"));
}

// Asynchronous commits queue behind an asynchronous group and are sent as one transaction with
// synchronous_commit off; a durable commit meanwhile does not queue behind them. A failing member
// gets its own error, the others commit together, and the connection that sent the failed block
// serves on.
void AsynchronousCommitsGroupAmongThemselves(DbGroupCommitTest& t) {
  Counts before = t.pg().group_commits(true);
  Counts durable_before = t.pg().group_commits();
  Gate gate(*t.admin_, t.table_, "gate1");
  std::thread leader = t.held_leader("lead", true);
  constexpr int kMembers = 5, kTaken = 3;
  std::vector<Outcome> outcomes(kMembers);
  std::vector<std::thread> members;
  for (int i = 0; i < kMembers; ++i)
    members.emplace_back([&t, &outcomes, i] {
      std::string id = i == kTaken ? "taken" : "m" + std::to_string(i);
      try {
        auto deferred = t.db_->write([&](db::Session& s) {
          s.commit_asynchronously();
          s.exec_later(t.insert(), {id});
          auto d = s.query_later("SELECT current_setting('synchronous_commit')");
          s.commit_in_one_round_trip();
          return d;
        });
        outcomes[i].seen = deferred.rows().at(0).str(0);
      } catch (const db::UniqueViolation&) {
        outcomes[i].error = "UniqueViolation";
      } catch (const std::exception& e) {
        outcomes[i].error = e.what();
      }
    });
  t.await("the members queue", [&] { return t.pg().group_commits(true).waiting == kMembers; });
  t.db_->write([&](db::Session& s) {
    s.exec_later(t.insert(), {"durable"});
    s.commit_in_one_round_trip();
  });
  EXPECT_TRUE(t.exists("durable")) << "committed while the asynchronous group is held";
  gate.release();
  leader.join();
  for (auto& m : members) m.join();

  Counts after = t.pg().group_commits(true);
  EXPECT_EQ(after.groups - before.groups, 2) << "the leader alone, then the members (sent twice)";
  EXPECT_EQ(after.fell_back - before.fell_back, 1);
  EXPECT_EQ(t.pg().group_commits().members - durable_before.members, 1);
  std::set<std::string> writers;
  for (int i = 0; i < kMembers; ++i) {
    if (i == kTaken) {
      EXPECT_EQ(outcomes[i].error, "UniqueViolation");
      continue;
    }
    std::string id = "m" + std::to_string(i);
    EXPECT_EQ(outcomes[i].error, "") << i;
    EXPECT_EQ(outcomes[i].seen, "off") << "inside the block, with synchronous_commit off";
    ASSERT_TRUE(t.exists(id));
    writers.insert(t.writer(id));
  }
  EXPECT_EQ(writers.size(), 1u) << "the others committed in one transaction";
  // Every connection still serves, the one that sent the failed block included.
  for (int i = 0; i < 20; ++i)
    t.db_->write([&](db::Session& s) {
      s.commit_asynchronously();
      s.exec_later(t.insert(), {"after-" + std::to_string(i)});
      s.commit_in_one_round_trip();
    });
  EXPECT_TRUE(t.exists("after-19"));
  auto setting = t.db_->write([&](db::Session& s) {
    return s.query_one("SELECT current_setting('synchronous_commit')")->str(0);
  });
  EXPECT_EQ(setting, "on") << "the setting stayed in its transactions";
}

// Many threads committing in one round trip at once, on a small pool: every transaction
// commits once, whatever groups formed; and a database opened without groups merges none.
void ManyConcurrentOneTripTransactionsAllCommitOnce(DbGroupCommitTest& t) {
  constexpr int kThreads = 12, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w)
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = "c-" + std::to_string(w) + "-" + std::to_string(i);
        try {
          auto d = t.db_->write([&](db::Session& s) {
            s.exec_later(t.insert(), {id});
            auto seen = s.query_later("SELECT ?::text", {id});
            s.commit_in_one_round_trip();
            return seen;
          });
          if (d.rows().at(0).str(0) != id) ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(t.admin_->read([&](db::Session& s) {
    return s.query_one("SELECT COUNT(*) FROM " + t.table_ + " WHERE id LIKE 'c-%'")->i64(0);
  }),
            kThreads * kEach);
  auto& alone = dynamic_cast<db::PostgresDatabase&>(*t.admin_);
  t.admin_->write([&](db::Session& s) {
    s.exec_later(t.insert(), {"no-group"});
    s.commit_in_one_round_trip();
  });
  EXPECT_EQ(alone.group_commits().members, 0);
  EXPECT_TRUE(t.exists("no-group"));
}

template <void (*Body)(DbGroupCommitTest&)>
class Case : public DbGroupCommitTest {
  void TestBody() override { Body(*this); }
};

template <void (*Body)(DbGroupCommitTest&)>
void add(const char* name) {
  ::testing::RegisterTest("DbGroupCommitTest", name, nullptr, nullptr, __FILE__, __LINE__,
                          []() -> DbGroupCommitTest* { return new Case<Body>(); });
}

const bool registered = [] {
  if (testing_postgres()) {
    add<ConcurrentOneTripTransactionsShareOneTransaction>(
        "ConcurrentOneTripTransactionsShareOneTransaction");
    add<AFailingMemberGetsItsOwnErrorAndTheOthersCommitTogether>(
        "AFailingMemberGetsItsOwnErrorAndTheOthersCommitTogether");
    add<TwoFailingMembersSendEveryMemberAloneWithItsOwnAnswer>(
        "TwoFailingMembersSendEveryMemberAloneWithItsOwnAnswer");
    add<ALostGroupConnectionFailsEveryMemberWithUnavailable>(
        "ALostGroupConnectionFailsEveryMemberWithUnavailable");
    add<AsynchronousAndNestedCommitsAreNeverMergedWithDurableOnes>(
        "AsynchronousAndNestedCommitsAreNeverMergedWithDurableOnes");
    add<AsynchronousCommitsGroupAmongThemselves>("AsynchronousCommitsGroupAmongThemselves");
    add<ManyConcurrentOneTripTransactionsAllCommitOnce>(
        "ManyConcurrentOneTripTransactionsAllCommitOnce");
  }
  return true;
}();

}  // namespace
}  // namespace wolfix::test
