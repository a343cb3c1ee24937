// Session::exec_later on both drivers: a statement left for later runs, in order, before the
// transaction's next statement or its commit (PostgreSQL sends them in one pipeline); its
// failure fails the transaction where it surfaces; a rolled-back transaction drops it.
#include <string>
#include <tuple>
#include <vector>

#include "common/errors.hpp"
#include "db/db.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class DbExecLaterTest : public ServerSuite<DbExecLaterTest> {
 protected:
  static db::Database& database() { return probe().database(); }
  void SetUp() override {
    database().write([](db::Session& s) {
      s.exec_script("CREATE TABLE IF NOT EXISTS exec_later_probe (id TEXT PRIMARY KEY, n BIGINT)");
      s.exec("DELETE FROM exec_later_probe");
    });
  }
  void TearDown() override {
    database().write([](db::Session& s) { s.exec_script("DROP TABLE exec_later_probe"); });
  }
  static int64_t rows(const std::string& id) {
    return database().read([&](db::Session& s) {
      return s.query_one("SELECT COUNT(*) FROM exec_later_probe WHERE id = ?", {id})->i64(0);
    });
  }
};

TEST_F(DbExecLaterTest, TheNextStatementSeesWhatWasLeftForLater) {
  auto seen = database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"a", 1});
    s.exec_later("UPDATE exec_later_probe SET n = n + 1 WHERE id = ?", {"a"});
    return s.query_one("SELECT n FROM exec_later_probe WHERE id = ?", {"a"})->i64(0);
  });
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(rows("a"), 1);
}

TEST_F(DbExecLaterTest, TheCommitRunsWhatIsLeft) {
  database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"b", 1});
  });
  EXPECT_EQ(rows("b"), 1);
}

TEST_F(DbExecLaterTest, AFailureFailsTheTransactionWhereItSurfaces) {
  database().write([](db::Session& s) {
    s.exec("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"taken", 1});
  });
  EXPECT_THROW(database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"c", 1});
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"taken", 2});
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"d", 1});
    s.query("SELECT COUNT(*) FROM exec_later_probe");
  }),
               db::UniqueViolation);
  EXPECT_EQ(rows("c"), 0);
  EXPECT_EQ(rows("d"), 0);
  // The same at the commit.
  EXPECT_THROW(database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"e", 1});
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"taken", 2});
  }),
               db::UniqueViolation);
  EXPECT_EQ(rows("e"), 0);
  // Every connection is still good: a run of transactions uses them all.
  for (int i = 0; i < 20; ++i)
    database().write([&](db::Session& s) {
      s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)",
                   {"f" + std::to_string(i), i});
    });
  EXPECT_EQ(rows("f19"), 1);
}

TEST_F(DbExecLaterTest, ADeferredQueryIsAnsweredInOrderWithTheNextStatementOrAlone) {
  auto [before, after, alone] = database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"q", 1});
    auto before = s.query_later("SELECT n FROM exec_later_probe WHERE id = ?", {"q"});
    s.exec("UPDATE exec_later_probe SET n = 2 WHERE id = ?", {"q"});
    auto after = s.query_later("SELECT n FROM exec_later_probe WHERE id = ?", {"q"});
    // Nothing after it: reading it sends it.
    return std::make_tuple(
        before.rows().at(0).i64(0), after.rows().at(0).i64(0),
        s.query_later("SELECT COUNT(*) FROM exec_later_probe WHERE id = ?", {"q"})
            .rows()
            .at(0)
            .i64(0));
  });
  EXPECT_EQ(before, 1);  // read before the update that followed it
  EXPECT_EQ(after, 2);
  EXPECT_EQ(alone, 1);
  // A deferred query that fails fails the transaction where it surfaces.
  EXPECT_THROW(database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"r", 1});
    auto bad = s.query_later("SELECT no_such_column FROM exec_later_probe");
    s.query("SELECT COUNT(*) FROM exec_later_probe");
    bad.rows();
  }),
               db::Error);
  EXPECT_EQ(rows("r"), 0);
}

// Outside a write transaction nothing follows to carry it: it runs at once, and a failure is
// thrown right there.
TEST_F(DbExecLaterTest, OutsideAWriteTransactionItRunsAtOnce) {
  database().read([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"k", 1});
  });
  EXPECT_EQ(rows("k"), 1);
  auto n = database().read([](db::Session& s) {
    auto later = s.query_later("SELECT n FROM exec_later_probe WHERE id = ?", {"k"});
    s.exec_later("UPDATE exec_later_probe SET n = 5 WHERE id = ?", {"k"});
    return later.rows().at(0).i64(0);
  });
  EXPECT_EQ(n, 1);  // read before the update that followed it
  EXPECT_THROW(database().read([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"k", 2});
  }),
               db::UniqueViolation);
  // A write transaction after those on the same connections still defers and commits.
  database().write([](db::Session& s) {
    s.exec_later("UPDATE exec_later_probe SET n = n + 1 WHERE id = ?", {"k"});
  });
  EXPECT_EQ(database().read([](db::Session& s) {
    return s.query_one("SELECT n FROM exec_later_probe WHERE id = ?", {"k"})->i64(0);
  }),
            6);
}

TEST_F(DbExecLaterTest, ARollbackDropsWhatWasNotSent) {
  EXPECT_THROW(database().write([](db::Session& s) {
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"g", 1});
    throw conflict("test", "rolled back");
  }),
               ApiError);
  EXPECT_EQ(rows("g"), 0);
  database().write([](db::Session& s) {
    s.exec("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"h", 1});
  });
  EXPECT_EQ(rows("g"), 0);
  EXPECT_EQ(rows("h"), 1);
}

// The sandbox's transactions commit without waiting for the disk (PostgreSQL's
// synchronous_commit off), for that transaction only: the pool's next transaction on any
// connection waits again. SQLite has no such setting: the call changes nothing there.
TEST_F(DbExecLaterTest, AnAsynchronousCommitCommitsAndStaysInItsTransaction) {
  auto setting = [](db::Session& s) -> std::string {
    if (!s.is_postgres()) return "-";
    return s.query_one("SELECT current_setting('synchronous_commit')")->str(0);
  };
  auto inside = database().write([&](db::Session& s) {
    s.commit_asynchronously();
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"async", 1});
    return setting(s);
  });
  EXPECT_EQ(rows("async"), 1);
  bool postgres = database().dialect() == db::Dialect::postgres;
  EXPECT_EQ(inside, postgres ? "off" : "-");
  // The next transactions (the pool hands out the connection used last first) wait again.
  std::vector<std::string> after;
  for (int i = 0; i < 4; ++i) after.push_back(database().write(setting));
  for (const auto& a : after) EXPECT_EQ(a, postgres ? "on" : "-");
  // Asked for after the transaction's first statement, it is sent on its own, and still holds.
  auto late = database().write([&](db::Session& s) {
    s.exec("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"async-late", 1});
    s.commit_asynchronously();
    return setting(s);
  });
  EXPECT_EQ(late, postgres ? "off" : "-");
  EXPECT_EQ(rows("async-late"), 1);
}

// exec_expecting_change: at once it answers whether the row changed; in a transaction committing
// in one round trip PostgreSQL answers true and checks at the commit, where a miss rolls the
// whole transaction back (ExpectationFailed). SQLite answers at once there too.
TEST_F(DbExecLaterTest, AnExpectedChangeIsAnsweredAtOnceOrCheckedAtTheOneRoundTripCommit) {
  const char* bump = "UPDATE exec_later_probe SET n = n + 1 WHERE id = ? AND n = ?";
  database().write([](db::Session& s) {
    s.exec("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"x", 1});
  });
  auto at_once = database().write([&](db::Session& s) {
    bool hit = s.exec_expecting_change(bump, {"x", 1}, "x at 1");
    bool miss = s.exec_expecting_change(bump, {"x", 1}, "x at 1");
    return std::pair{hit, miss};
  });
  EXPECT_TRUE(at_once.first);
  EXPECT_FALSE(at_once.second);
  auto n = [](db::Session& s) {
    return s.query_one("SELECT n FROM exec_later_probe WHERE id = ?", {"x"})->i64(0);
  };
  EXPECT_EQ(database().read(n), 2);

  // One round trip, expectation met: committed.
  auto answered = database().write([&](db::Session& s) {
    s.commit_in_one_round_trip();
    s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"met", 1});
    return s.exec_expecting_change(bump, {"x", 2}, "x at 2");
  });
  EXPECT_TRUE(answered);
  EXPECT_EQ(database().read(n), 3);
  EXPECT_EQ(rows("met"), 1);

  // One round trip, expectation missed: nothing of the transaction happened.
  bool postgres = database().dialect() == db::Dialect::postgres;
  bool threw = false, answer = true;
  try {
    answer = database().write([&](db::Session& s) {
      s.commit_in_one_round_trip();
      s.exec_later("INSERT INTO exec_later_probe (id, n) VALUES (?, ?)", {"missed", 1});
      return s.exec_expecting_change(bump, {"x", 2}, "x at 2");
    });
  } catch (const db::ExpectationFailed& e) {
    threw = true;
    EXPECT_NE(std::string(e.what()).find("x at 2"), std::string::npos) << e.what();
  }
  EXPECT_EQ(threw, postgres);
  if (!postgres) {
    EXPECT_FALSE(answer);
  }
  EXPECT_EQ(database().read(n), 3);
  EXPECT_EQ(rows("missed"), postgres ? 0 : 1);
}

}  // namespace
}  // namespace wolfix::test
