#include "db/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_map>

namespace wolfix::db {

namespace {

// BUSY is returned only after the busy timeout: another process held the write lock all that
// time, and retrying the whole transaction would hold the request for that long again. FULL:
// no disk space for the write-ahead log or the database file.
[[noreturn]] void throw_failure(int rc, const std::string& msg) {
  if ((rc & 0xff) == SQLITE_BUSY) throw Unavailable("SQLite: " + msg, Unavailable::Reason::locked);
  if ((rc & 0xff) == SQLITE_FULL) throw Unavailable("SQLite: " + msg, Unavailable::Reason::full);
  if ((rc & 0xff) == SQLITE_LOCKED) throw RetryableError(msg);
  throw Error("SQLite: " + msg);
}

}  // namespace

class SqliteSession final : public Session {
 public:
  SqliteSession(const std::string& path, int cache_kib, int busy_timeout_ms) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    // WAL lets readers run beside the writer; FULL sync makes every commit durable. The page
    // cache is per connection: readers keep a small one (the OS caches the file for all of
    // them), else a pool of readers multiplies it into hundreds of MB of resident memory.
    exec_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-" +
        std::to_string(cache_kib) + ";");
  }
  ~SqliteSession() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Dialect dialect() const override { return Dialect::sqlite; }
  // False when SQLite rolled the transaction back by itself (some I/O and memory errors).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  void set_busy_timeout(int ms) { sqlite3_busy_timeout(db_, ms); }

  Rows query(std::string_view sql, const Params& params) override {
    auto* stmt = prepare(sql, params);
    Rows rows;
    int cols = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc, stmt);
      std::vector<Value> values;
      values.reserve(cols);
      for (int i = 0; i < cols; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER:
            values.emplace_back(int64_t{sqlite3_column_int64(stmt, i)});
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, i));
            break;
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          default: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  int64_t exec(std::string_view sql, const Params& params) override {
    auto* stmt = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) fail(rc, stmt);
    sqlite3_reset(stmt);
    return sqlite3_changes64(db_);
  }

  void exec_script(std::string_view sql) override {
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw_failure(rc, msg);
    }
  }

 private:
  // The statement for `sql`, prepared once per connection, with `params` bound. Text is bound
  // without a copy (SQLITE_STATIC): every caller steps and resets the statement while `params`
  // is alive, and the next use rebinds it.
  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    auto it = cache_.find(sql);  // no key string made for a hit
    sqlite3_stmt* stmt = nullptr;
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK)
        throw Error("SQLite prepare: " + std::string(sqlite3_errmsg(db_)) +
                    " in: " + std::string(sql));
      cache_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const auto& v = params[i].value;
      if (auto p = std::get_if<int64_t>(&v))
        sqlite3_bind_int64(stmt, idx, *p);
      else if (auto p = std::get_if<double>(&v))
        sqlite3_bind_double(stmt, idx, *p);
      else if (auto p = std::get_if<std::string>(&v))
        sqlite3_bind_text(stmt, idx, p->data(), static_cast<int>(p->size()), SQLITE_STATIC);
      else
        sqlite3_bind_null(stmt, idx);
    }
    return stmt;
  }

  [[noreturn]] void fail(int rc, sqlite3_stmt* stmt) {
    std::string msg = sqlite3_errmsg(db_);
    int ext = sqlite3_extended_errcode(db_);
    sqlite3_reset(stmt);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
      // "UNIQUE constraint failed: accounts.email" -> "accounts.email"
      auto pos = msg.find(": ");
      throw UniqueViolation(msg, pos == std::string::npos ? "" : msg.substr(pos + 2));
    }
    throw_failure(rc, msg);
  }

  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
};

namespace {
constexpr int kMaxBatch = 128;  // bounds the wait of the first member of a batch
// The writer checkpoints the log into the database file once it holds this many pages (SQLite's
// default is 1,000). A write rewrites the same few pages batch after batch (the tails of the
// order tables' indexes, a customer's index page, a popular product): a checkpoint copies each
// page once however often the log holds it, so a longer log copies (and fsyncs) far less per
// order, at the price of a log of up to ~40 MB and a longer pause when it runs.
constexpr int kCheckpointPages = 10000;
constexpr int kWriterCacheKib = 16000;
constexpr int kReaderCacheKib = 2000;
}  // namespace

struct SqliteDatabase::WriteLease : Lease {
  std::chrono::steady_clock::time_point arrived = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock;
  uint64_t batch = 0;
  bool in_savepoint = false;
  bool finished = false;  // counted out of writers_queued_
};

struct SqliteDatabase::ReadLease : Lease {
  SqliteDatabase* owner = nullptr;
  std::unique_ptr<SqliteSession> conn;
  ~ReadLease() override {
    if (!conn) return;
    std::lock_guard lock(owner->readers_mu_);
    owner->idle_readers_.push_back(std::move(conn));
    owner->readers_cv_.notify_one();
  }
};

SqliteDatabase::SqliteDatabase(std::string path, int readers, int busy_timeout_ms)
    : path_(std::move(path)),
      busy_timeout_ms_(std::max(0, busy_timeout_ms)),
      readers_max_(std::max(1, readers)) {
  auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  if (path_ != ":memory:" && !path_.empty())
    use_lock_ = std::make_unique<UseLock>(path_, UseLock::Mode::shared);
  writer_ = std::make_unique<SqliteSession>(path_, kWriterCacheKib, busy_timeout_ms_);
  writer_->exec_script("PRAGMA wal_autocheckpoint=" + std::to_string(kCheckpointPages));
}

SqliteDatabase::~SqliteDatabase() = default;

std::unique_ptr<Database::Lease> SqliteDatabase::acquire(bool for_write) {
  if (for_write) {
    auto lease = std::make_unique<WriteLease>();
    {
      std::lock_guard lock(batch_mu_);
      ++writers_queued_;
    }
    lease->lock = std::unique_lock(writer_mu_);
    lease->session = writer_.get();
    return lease;
  }
  auto lease = std::make_unique<ReadLease>();
  lease->owner = this;
  std::unique_lock lock(readers_mu_);
  if (idle_readers_.empty() && readers_total_ < readers_max_) {
    ++readers_total_;
    lock.unlock();
    try {
      lease->conn = std::make_unique<SqliteSession>(path_, kReaderCacheKib, busy_timeout_ms_);
    } catch (...) {
      std::lock_guard relock(readers_mu_);
      --readers_total_;
      throw;
    }
  } else {
    readers_cv_.wait(lock, [this] { return !idle_readers_.empty(); });
    lease->conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  lease->session = lease->conn.get();
  return lease;
}

// IMMEDIATE takes the write lock up front, so a transaction never fails half-way on upgrade.
// The control statements go through the prepared-statement cache: parsing them each time
// (sqlite3_exec) was ~5% of an order's CPU.
void SqliteDatabase::begin(Lease& lease) {
  auto& w = static_cast<WriteLease&>(lease);
  auto& session = static_cast<SqliteSession&>(*w.session);
  if (!open_) {
    // The busy timeout counts from this writer's arrival, not from its turn: writers queued
    // behind one waiting on another process's lock would otherwise wait a timeout each.
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - w.arrived)
                      .count();
    session.set_busy_timeout(
        static_cast<int>(std::max<int64_t>(busy_timeout_ms_ - waited, busy_timeout_ms_ / 10)));
    session.exec("BEGIN IMMEDIATE", {});
    open_ = true;
    ++open_batch_;
    members_ = 0;
  }
  session.exec("SAVEPOINT wolfix_write", {});
  w.in_savepoint = true;
  w.batch = open_batch_;
}

void SqliteDatabase::commit(Lease& lease) {
  auto& w = static_cast<WriteLease&>(lease);
  w.session->exec("RELEASE wolfix_write", {});
  w.in_savepoint = false;
  ++members_;
  finish_write(w, true);
}

void SqliteDatabase::rollback(Lease& lease) noexcept {
  auto& w = static_cast<WriteLease&>(lease);
  if (w.finished) return;  // the shared commit failed after this body had ended
  auto& session = static_cast<SqliteSession&>(*w.session);
  if (w.in_savepoint) {
    w.in_savepoint = false;
    try {
      session.exec("ROLLBACK TO wolfix_write", {});
      session.exec("RELEASE wolfix_write", {});
    } catch (...) {
    }
  }
  if (open_ && !session.in_transaction()) {
    // SQLite gave up the whole transaction: the batch's earlier members are lost too.
    open_ = false;
    settle(open_batch_, {"the shared transaction was rolled back", std::nullopt});
  }
  try {
    finish_write(w, false);
  } catch (...) {
  }
}

// Ends one transaction body: leaves the shared transaction open for a queued writer, or commits
// it; a member that contributed changes returns only once they are durable.
void SqliteDatabase::finish_write(WriteLease& w, bool contributed) {
  bool queued;
  {
    std::lock_guard lock(batch_mu_);
    --writers_queued_;
    w.finished = true;
    queued = writers_queued_ > 0;
  }
  if (open_ && queued && members_ < kMaxBatch) {
    uint64_t batch = w.batch;
    w.lock.unlock();
    if (!contributed) return;
    std::unique_lock lock(batch_mu_);
    batch_cv_.wait(lock, [&] { return settled_batch_ >= batch; });
    auto failed = failed_batches_.find(batch);
    if (failed != failed_batches_.end()) failed->second.raise();
    return;
  }
  if (!open_) {
    w.lock.unlock();
    return;
  }
  auto& session = static_cast<SqliteSession&>(*w.session);
  uint64_t batch = open_batch_;
  BatchFailure failure;
  try {
    session.exec(members_ > 0 ? "COMMIT" : "ROLLBACK", {});
  } catch (const Unavailable& e) {
    failure = {std::string("commit failed: ") + e.what(), e.reason()};
    try {
      if (session.in_transaction()) session.exec_script("ROLLBACK");
    } catch (...) {
    }
  } catch (const std::exception& e) {
    failure = {std::string("commit failed: ") + e.what(), std::nullopt};
    try {
      if (session.in_transaction()) session.exec_script("ROLLBACK");
    } catch (...) {
    }
  }
  open_ = false;
  // Settled while still holding the writer lock, so batches settle in order and a waiter of
  // this batch never wakes (on a later batch's news) before this batch's outcome is recorded.
  settle(batch, failure);
  w.lock.unlock();
  if (contributed && failure.failed()) failure.raise();
}

void SqliteDatabase::BatchFailure::raise() const {
  if (unavailable) throw Unavailable(what, *unavailable);
  throw RetryableError(what);
}

void SqliteDatabase::settle(uint64_t batch, const BatchFailure& failure) {
  {
    std::lock_guard lock(batch_mu_);
    if (failure.failed()) failed_batches_[batch] = failure;
    // Waiters of a batch have read its outcome long before a thousand more batches settled.
    while (!failed_batches_.empty() && failed_batches_.begin()->first + 1000 < batch)
      failed_batches_.erase(failed_batches_.begin());
    // Never backwards: going back to an older batch would leave a later batch's waiters
    // asleep for good.
    settled_batch_ = std::max(settled_batch_, batch);
  }
  batch_cv_.notify_all();
}

}  // namespace wolfix::db
