// SQLite group commit (db/sqlite/sqlite_database.hpp): concurrent write transactions share one
// SQLite transaction and one durable COMMIT, each inside its own savepoint.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db/sqlite/sqlite_database.hpp"

namespace wolfix::db {
namespace {

class GroupCommit : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wolfix-group-commit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<SqliteDatabase>((dir_ / "t.db").string(), 4);
    db_->write([](Session& s) { s.exec_script("CREATE TABLE t (id INTEGER PRIMARY KEY)"); });
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  // What another connection sees: only committed rows.
  std::vector<int64_t> committed_ids() {
    SqliteDatabase other((dir_ / "t.db").string(), 1);
    return other.read([](Session& s) {
      std::vector<int64_t> ids;
      for (const auto& r : s.query("SELECT id FROM t ORDER BY id")) ids.push_back(r.i64(0));
      return ids;
    });
  }
  // Runs `members` writes at once, all in one batch: the first one's body holds the batch open
  // until every other has queued behind it. Member i inserts row i, then fails when fails(i).
  // Returns, per member, whether its write() returned normally.
  template <class Fails>
  std::vector<bool> one_batch(int members, Fails fails) {
    std::vector<char> ok(members, 0);
    std::vector<char> visible_on_return(members, 0);
    std::atomic<bool> leading{false};
    auto member = [&](int i) {
      try {
        db_->write([&](Session& s) {
          if (i == 0) {
            leading = true;
            // Event, not time: wait until the others are queued for this batch.
            while (db_->queued_writes() < static_cast<std::size_t>(members - 1))
              std::this_thread::yield();
          }
          s.exec("INSERT INTO t (id) VALUES (?)", {i});
          if (fails(i)) throw std::runtime_error("member " + std::to_string(i) + " fails");
        });
        ok[i] = 1;
        // Answered only once committed: another connection sees the row already.
        auto ids = committed_ids();
        visible_on_return[i] = std::find(ids.begin(), ids.end(), i) != ids.end();
      } catch (const std::runtime_error&) {
      }
    };
    std::thread first(member, 0);
    while (!leading) std::this_thread::yield();  // member 0 leads, inside its body
    std::vector<std::thread> others;
    for (int i = 1; i < members; ++i) others.emplace_back(member, i);
    first.join();
    for (auto& t : others) t.join();
    std::vector<bool> out;
    for (int i = 0; i < members; ++i) {
      out.push_back(ok[i] != 0);
      if (ok[i]) EXPECT_TRUE(visible_on_return[i]) << "member " << i << " returned before commit";
    }
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteDatabase> db_;
  uint64_t batches_before_ = 0;
};

TEST_F(GroupCommit, AFailingMemberRollsBackAloneAndEveryoneReturnsAfterTheCommit) {
  batches_before_ = db_->batches();
  const int n = 12;
  auto returned = one_batch(n, [](int i) { return i % 3 == 1; });
  EXPECT_EQ(db_->batches(), batches_before_ + 1) << "the writes did not share one commit";
  std::vector<int64_t> expected;
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(returned[i], i % 3 != 1) << "member " << i;
    if (i % 3 != 1) expected.push_back(i);
  }
  EXPECT_EQ(committed_ids(), expected);
}

TEST_F(GroupCommit, TheLeadersOwnFailureLeavesTheOthersCommitted) {
  batches_before_ = db_->batches();
  auto returned = one_batch(5, [](int i) { return i == 0; });
  EXPECT_FALSE(returned[0]);
  EXPECT_EQ(committed_ids(), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST_F(GroupCommit, ARetryableMemberRunsAgainAndCommitsOnce) {
  std::atomic<int> runs{0};
  std::thread other;
  db_->write([&](Session& s) {
    // Queue a second write behind this one: the failed attempt shares its batch with a write
    // that commits.
    if (runs.fetch_add(1) == 0) {
      other = std::thread(
          [&] { db_->write([](Session& s2) { s2.exec("INSERT INTO t (id) VALUES (100)"); }); });
      while (db_->queued_writes() == 0) std::this_thread::yield();
      s.exec("INSERT INTO t (id) VALUES (1)");
      throw RetryableError("conflict (test)");
    }
    s.exec("INSERT INTO t (id) VALUES (1)");
  });
  other.join();
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(committed_ids(), (std::vector<int64_t>{1, 100}));
}

TEST_F(GroupCommit, AValueComesBackFromTheCommittedAttempt) {
  int attempt = 0;
  auto value = db_->write([&](Session& s) {
    s.exec("INSERT INTO t (id) VALUES (7)");
    if (++attempt == 1) throw RetryableError("conflict (test)");
    return std::string("attempt ") + std::to_string(attempt);
  });
  EXPECT_EQ(value, "attempt 2");
  EXPECT_EQ(committed_ids(), (std::vector<int64_t>{7}));
}

// The writer keeps a savepoint's copies of the pages it changes in memory up to 256 KB and in a
// temporary file beyond (written there in one go: the VFS splits it for the default one).
class GroupCommitLargeMember : public GroupCommit {
 protected:
  void SetUp() override {
    GroupCommit::SetUp();
    db_->write([](Session& s) {
      s.exec_script(
          "CREATE TABLE big (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
          "INSERT INTO big SELECT i, printf('%.3000c', 'a') FROM n;");
    });
  }
  // Rows of `big` whose body is all `letter`, as another connection sees them.
  int64_t bodies_of(char letter) {
    SqliteDatabase other((dir_ / "t.db").string(), 1);
    return other.read([&](Session& s) {
      return s
          .query_one("SELECT COUNT(*) FROM big WHERE body = printf('%.3000c', ?)",
                     {std::string(1, letter)})
          ->i64(0);
    });
  }
  // Runs `large` as the second member of a batch whose first inserts row 1 into t.
  template <class Body>
  void beside_a_small_member(Body large) {
    std::atomic<bool> leading{false};
    std::thread first([&] {
      db_->write([&](Session& s) {
        leading = true;
        while (db_->queued_writes() < 1) std::this_thread::yield();
        s.exec("INSERT INTO t (id) VALUES (1)");
      });
    });
    while (!leading) std::this_thread::yield();
    try {
      large();
    } catch (...) {
      first.join();
      throw;
    }
    first.join();
  }
};

TEST_F(GroupCommitLargeMember, ItRollsBackAlone) {
  std::string error;
  beside_a_small_member([&] {
    try {
      db_->write([](Session& s) {
        // ~3 MB of pages that existed before this member's savepoint.
        s.exec("UPDATE big SET body = printf('%.3000c', 'b')");
        s.exec("INSERT INTO t (id) VALUES (2)");
        throw std::runtime_error("fails after rewriting the table");
      });
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  EXPECT_EQ(error, "fails after rewriting the table");
  EXPECT_EQ(committed_ids(), (std::vector<int64_t>{1}));
  EXPECT_EQ(bodies_of('a'), 1000) << "the failed member's rewrite was kept";
}

TEST_F(GroupCommitLargeMember, ItCommits) {
  beside_a_small_member([&] {
    db_->write([](Session& s) {
      s.exec("UPDATE big SET body = printf('%.3000c', 'b')");
      s.exec("INSERT INTO t (id) VALUES (2)");
    });
  });
  EXPECT_EQ(committed_ids(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(bodies_of('b'), 1000);
}

TEST_F(GroupCommit, ManyConcurrentWritersAllCommit) {
  const int threads = 8, per_thread = 50;
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      for (int k = 0; k < per_thread; ++k)
        db_->write([&](Session& s) { s.exec("INSERT INTO t (id) VALUES (?)", {t * 1000 + k}); });
    });
  for (auto& t : ts) t.join();
  std::vector<int64_t> expected;
  for (int t = 0; t < threads; ++t)
    for (int k = 0; k < per_thread; ++k) expected.push_back(t * 1000 + k);
  EXPECT_EQ(committed_ids(), expected);
}

}  // namespace
}  // namespace wolfix::db
