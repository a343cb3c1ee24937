#include "db/sqlite/sqlite_database.hpp"

#include <semaphore.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "db/sqlite/wal_write_buffer.hpp"

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

// Before the library's first use in this process: no memory statistics, which SQLite otherwise
// keeps under a process-wide mutex taken on every allocation (several per statement, shared by
// the writer and every reader), Wolfix never asks for them; and the statement journal's size
// in memory (kStatementJournalBytes). Later calls are refused harmlessly.
// Each member of a group commit runs in a savepoint, and SQLite copies every page the member
// changes that existed before it into the savepoint's statement journal. Kept in memory
// (temp_store=MEMORY) that journal grows in 1 KB chunks through sqlite3_malloc, whose check that
// the library is initialised is a full memory barrier: ~5 allocations per page, ~2.5% of a COD
// order's CPU (perf, issue 12). The writer keeps it in memory in one chunk of this size instead
// (temp_store=FILE, below); a savepoint that outgrows it continues in a temporary file.
constexpr int kStatementJournalBytes = 256 << 10;

void configure_library() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalBytes);
    return true;
  }();
  (void)configured;
}

}  // namespace

class SqliteSession final : public Session {
 public:
  // `vfs`: null for SQLite's default.
  SqliteSession(const std::string& path, int cache_kib, int busy_timeout_ms,
                const char* vfs = nullptr) {
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
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
// The writer checkpoints the log into the database file once it holds this many pages (SQLite's
// default is 1,000). A write rewrites the same few pages batch after batch (the tails of the
// order tables' indexes, a customer's index page, a popular product): a checkpoint copies each
// page once however often the log holds it, so a longer log copies (and fsyncs) far less per
// order, at the price of a log of up to ~40 MB and a longer pause when it runs.
constexpr int kCheckpointPages = 10000;
// The writer's page cache: the pages every order touches (the b-trees' upper levels and tails, the
// hot products and customers) fit in a few MB. Larger costs CPU on every commit: SQLite ends each
// write transaction by dropping cached pages past the end of the database, a walk over the
// cache's whole hash table when it finds one, and with 16 MB that walk was ~7% of a COD order's
// CPU (perf, issue 12). Seeding raises it for its load (catalog/seed.cpp).
constexpr int kWriterCacheKib = 4000;
constexpr int kReaderCacheKib = 2000;

// What a batch member gets when the batch failed through no fault of its body: retried, unless
// the database is unavailable. A fresh exception object for each (they are thrown on in several
// threads at once).
std::exception_ptr batch_failure(const std::string& what,
                                 std::optional<Unavailable::Reason> unavailable) {
  if (unavailable) return std::make_exception_ptr(Unavailable(what, *unavailable));
  return std::make_exception_ptr(RetryableError(what));
}

}  // namespace

// One queued write: lives on its caller's stack until the caller returns. The caller sleeps on
// `wake` (a POSIX semaphore: sem_post never touches it after the waiter can see the post, so the
// waiter may return and free it at once, and the poster needs no lock the waiter must take
// again) until the leader that ran it sets `done` and posts, or a leader posts without `done`
// to hand it the lead.
struct SqliteDatabase::Job {
  explicit Job(WriteBody b) : body(b) { sem_init(&wake, 0, 0); }
  ~Job() { sem_destroy(&wake); }
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  void wait() {
    while (sem_wait(&wake) != 0) {
    }  // EINTR
  }
  void post() { sem_post(&wake); }

  WriteBody body;
  std::chrono::steady_clock::time_point arrived = std::chrono::steady_clock::now();
  std::exception_ptr error;
  bool contributed = false;  // its body succeeded inside the open transaction
  bool done = false;         // the outcome is final (error or durable)
  sem_t wake;
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
  configure_library();
  auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  if (path_ != ":memory:" && !path_.empty())
    use_lock_ = std::make_unique<UseLock>(path_, UseLock::Mode::shared);
  // Only the writer writes the log: it gathers each commit's log writes into one
  // (wal_write_buffer.hpp); readers use the default VFS.
  writer_ = std::make_unique<SqliteSession>(path_, kWriterCacheKib, busy_timeout_ms_,
                                            wal_write_buffer_vfs());
  // temp_store=FILE: statement journals in one kStatementJournalBytes chunk (see there). Temporary
  // tables and sorts stay in the page cache until they outgrow it.
  writer_->exec_script("PRAGMA wal_autocheckpoint=" + std::to_string(kCheckpointPages) +
                       "; PRAGMA temp_store=FILE");
}

SqliteDatabase::~SqliteDatabase() = default;

uint64_t SqliteDatabase::batches() const {
  std::lock_guard lock(queue_mu_);
  return batches_;
}

std::size_t SqliteDatabase::queued_writes() const {
  std::lock_guard lock(queue_mu_);
  return queue_.size();
}

std::unique_ptr<Database::Lease> SqliteDatabase::acquire(bool for_write) {
  if (for_write) throw std::logic_error("SQLite writes go through run_write");
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

void SqliteDatabase::run_write(WriteBody body) {
  Job job(body);
  bool follow;
  {
    std::lock_guard lock(queue_mu_);
    queue_.push_back(&job);
    follow = leading_;
    leading_ = true;
  }
  if (follow) job.wait();  // posted once: done, or the lead is ours
  if (!job.done) lead(job);
  if (job.error) std::rethrow_exception(job.error);
}

// Runs one batch, which holds `own` (the leader's job is at the head of the queue when it takes
// the lead), then passes the lead on to the oldest job still queued.
void SqliteDatabase::lead(Job& own) {
  std::vector<Job*> batch;
  batch.reserve(kMaxBatch);  // taking a job never allocates, so never throws mid-transaction
  {
    std::lock_guard lock(queue_mu_);
    while (!queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
  }
  try {
    run_batch(batch);
  } catch (...) {
    // run_batch settles every job itself; this is a last resort (an allocation failure).
    for (Job* j : batch)
      if (!j->error) j->error = std::current_exception();
  }
  Job* next = nullptr;
  {
    std::lock_guard lock(queue_mu_);
    ++batches_;
    if (queue_.empty()) {
      leading_ = false;
    } else {
      next = queue_.front();
    }
  }
  own.done = true;
  for (Job* j : batch) {
    if (j == &own) continue;
    j->done = true;
    j->post();  // from here on *j may be gone
  }
  if (next) next->post();
}

// IMMEDIATE takes the write lock up front, so a transaction never fails half-way on upgrade.
// The control statements go through the prepared-statement cache: parsing them each time
// (sqlite3_exec) was ~5% of an order's CPU.
void SqliteDatabase::run_batch(std::vector<Job*>& batch) {
  auto& session = *writer_;
  // The busy timeout counts from the oldest member's arrival, not from this batch's turn:
  // writers queued behind one waiting on another process's lock would otherwise wait a
  // timeout each.
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - batch.front()->arrived)
                    .count();
  session.set_busy_timeout(
      static_cast<int>(std::max<int64_t>(busy_timeout_ms_ - waited, busy_timeout_ms_ / 10)));
  try {
    session.exec("BEGIN IMMEDIATE", {});
  } catch (const Unavailable& e) {
    for (Job* j : batch) j->error = batch_failure(e.what(), e.reason());
    return;
  } catch (const std::exception& e) {
    // Each member gets its own exception object: they are thrown on in other threads.
    for (Job* j : batch)
      j->error = dynamic_cast<const RetryableError*>(&e) ? batch_failure(e.what(), std::nullopt)
                                                         : std::make_exception_ptr(Error(e.what()));
    return;
  }
  int members = 0;
  constexpr int kMaxYields = 8;
  int yields = 0;
  for (std::size_t i = 0;; ++i) {
    if (i == batch.size()) {
      // Writers that queued while this batch ran join it rather than wait for a fsync of
      // their own.
      auto take = [&] {
        std::lock_guard lock(queue_mu_);
        while (!queue_.empty() && batch.size() < kMaxBatch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      };
      take();
      // Before committing, the other runnable threads get the CPU: on a busy core the writers
      // about to queue (a request a few microseconds from its write) join this batch instead of
      // paying a commit of their own, whose cost is mostly per batch (every b-tree page the
      // batch touched goes to the log whole, and a fsync). Again after running those who came,
      // up to kMaxYields; a yield that brings no one ends the batch, and with nothing else
      // runnable it returns at once. Card flow, server on one core: 0.48 -> ~0.3 commits per flow.
      if (i == batch.size() && yields < kMaxYields) {
        ++yields;
        std::this_thread::yield();
        take();
      }
      if (i == batch.size()) break;
    }
    Job& job = *batch[i];
    try {
      session.exec("SAVEPOINT wolfix_write", {});
      job.body(session);
      session.exec("RELEASE wolfix_write", {});
      job.contributed = true;
      ++members;
      continue;
    } catch (...) {
      job.error = std::current_exception();
    }
    try {
      session.exec("ROLLBACK TO wolfix_write", {});
      session.exec("RELEASE wolfix_write", {});
    } catch (...) {
    }
    if (!session.in_transaction()) {
      // SQLite gave up the whole transaction (some I/O and memory errors): the members before
      // this one lost their changes too, and those after it get a fresh attempt.
      for (std::size_t k = 0; k < batch.size(); ++k) {
        if (k == i) continue;
        if (k > i || batch[k]->contributed)
          batch[k]->error = batch_failure("the shared transaction was rolled back", std::nullopt);
        batch[k]->contributed = false;
      }
      return;
    }
  }
  if (members == 0) {
    try {
      session.exec("ROLLBACK", {});
    } catch (...) {
    }
    return;
  }
  std::string what;
  std::optional<Unavailable::Reason> unavailable;
  try {
    session.exec("COMMIT", {});
    return;
  } catch (const Unavailable& e) {
    what = std::string("commit failed: ") + e.what();
    unavailable = e.reason();
  } catch (const std::exception& e) {
    what = std::string("commit failed: ") + e.what();
  }
  try {
    if (session.in_transaction()) session.exec_script("ROLLBACK");
  } catch (...) {
  }
  for (Job* j : batch)
    if (j->contributed) {
      j->error = batch_failure(what, unavailable);
      j->contributed = false;
    }
}

}  // namespace wolfix::db
