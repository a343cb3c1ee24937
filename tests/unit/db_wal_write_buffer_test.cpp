// The log-gathering VFS (db/sqlite/wal_write_buffer.hpp): a connection through it writes a
// commit's log frames in a few large writes, and what it commits is what other connections (the
// default VFS) and a reopened database read, whatever the size of the commit.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "db/sqlite/wal_write_buffer.hpp"

namespace wolfix::db {
namespace {

class WalWriteBuffer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wolfix-wal-gather-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  sqlite3* open(const char* vfs) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
    EXPECT_EQ(rc, SQLITE_OK) << (db ? sqlite3_errmsg(db) : "no memory");
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    return db;
  }
  static void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql;
    sqlite3_free(err);
  }
  static int64_t scalar(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  // Inserts `rows` rows of `bytes` random bytes each in one transaction.
  static void insert(sqlite3* db, int rows, int bytes) {
    exec(db, "BEGIN IMMEDIATE");
    exec(db, "INSERT INTO t (v) SELECT randomblob(" + std::to_string(bytes) +
                 ") FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                 "WHERE i < " +
                 std::to_string(rows) + ") SELECT i FROM n)");
    exec(db, "COMMIT");
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(WalWriteBuffer, CommitsOfEverySizeAreReadBackByOtherConnectionsAndAfterReopening) {
  sqlite3* writer = open(wal_write_buffer_vfs());
  exec(writer, "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
  sqlite3* reader = open(nullptr);
  int64_t expected_rows = 0, expected_bytes = 0;
  // One row; ~128 KB (the default VFS's largest single write); ~1 MB; ~12 MB (over the
  // gathering limit): each commit is visible to the other connection as soon as it returns.
  for (auto [rows, bytes] : {std::pair{1, 10}, {31, 4000}, {32, 4096}, {250, 4000}, {3000, 4000}}) {
    insert(writer, rows, bytes);
    expected_rows += rows;
    expected_bytes += static_cast<int64_t>(rows) * bytes;
    EXPECT_EQ(scalar(reader, "SELECT count(*) FROM t"), expected_rows);
    EXPECT_EQ(scalar(reader, "SELECT sum(length(v)) FROM t"), expected_bytes);
  }
  // Pages the writer reads back from its own log (its cache dropped) are the committed ones.
  exec(writer, "PRAGMA shrink_memory");
  EXPECT_EQ(scalar(writer, "SELECT sum(length(v)) FROM t"), expected_bytes);
  sqlite3_close(reader);
  // A checkpoint copies the log into the database file; a restarted log is written from its
  // start again.
  exec(writer, "PRAGMA wal_checkpoint(RESTART)");
  insert(writer, 100, 3000);
  expected_rows += 100;
  sqlite3_close(writer);

  sqlite3* again = open(nullptr);
  EXPECT_EQ(scalar(again, "SELECT count(*) FROM t"), expected_rows);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(again, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  sqlite3_close(again);
}

TEST_F(WalWriteBuffer, ARolledBackTransactionLeavesNothing) {
  sqlite3* writer = open(wal_write_buffer_vfs());
  exec(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
  insert(writer, 10, 100);
  exec(writer, "BEGIN IMMEDIATE; INSERT INTO t (v) VALUES (randomblob(100)); ROLLBACK");
  sqlite3* reader = open(nullptr);
  EXPECT_EQ(scalar(reader, "SELECT count(*) FROM t"), 10);
  sqlite3_close(reader);
  sqlite3_close(writer);
}

}  // namespace
}  // namespace wolfix::db
