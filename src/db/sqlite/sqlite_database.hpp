#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/sqlite/use_lock.hpp"

namespace wolfix::db {

class SqliteSession;

// SQLite in WAL mode: one writer connection (SQLite allows one writer at a time anyway, and
// queuing here is cheaper than busy-waiting in the library) and a pool of reader connections.
//
// Group commit: a durable commit (synchronous=FULL) costs an fsync, milliseconds on most disks,
// so concurrent write transactions share one. Each runs inside a SAVEPOINT of one open SQLite
// transaction; when it ends and another writer is already queued, it leaves the transaction
// open and waits; the last one in the queue (or the kMaxBatch-th) commits for everybody.
// Nobody returns before the COMMIT that holds its changes succeeded; a failed transaction rolls
// back only its savepoint; if the shared COMMIT fails, every member gets RetryableError and
// Database::write runs it again (or Unavailable, when the disk is full). Without concurrency this
// is exactly one transaction per call.
class SqliteDatabase final : public Database {
 public:
  // How long a write waits for another process's lock before it fails as Unavailable (503);
  // the URL may say otherwise: sqlite:PATH?busy_timeout=MS.
  static constexpr int kDefaultBusyTimeoutMs = 10000;
  SqliteDatabase(std::string path, int readers, int busy_timeout_ms = kDefaultBusyTimeoutMs);
  ~SqliteDatabase() override;
  Dialect dialect() const override { return Dialect::sqlite; }

 protected:
  std::unique_ptr<Lease> acquire(bool for_write) override;
  void begin(Lease& lease) override;
  void commit(Lease& lease) override;
  void rollback(Lease& lease) noexcept override;

 private:
  struct WriteLease;
  struct ReadLease;
  // How a shared COMMIT failed, for every member of its batch: retried, unless the database is
  // unavailable (out of space), which each member reports as such.
  struct BatchFailure {
    std::string what;
    std::optional<Unavailable::Reason> unavailable;
    bool failed() const { return !what.empty(); }
    [[noreturn]] void raise() const;
  };
  void finish_write(WriteLease& w, bool contributed);
  void settle(uint64_t batch, const BatchFailure& failure);

  std::string path_;
  int busy_timeout_ms_;
  std::unique_ptr<UseLock> use_lock_;  // declared before the connections: released after them
  std::unique_ptr<SqliteSession> writer_;
  std::mutex writer_mu_;  // held while one write transaction's body runs
  // Guarded by writer_mu_: the shared transaction on writer_.
  bool open_ = false;
  uint64_t open_batch_ = 0;
  int members_ = 0;
  // Guarded by batch_mu_.
  std::mutex batch_mu_;
  std::condition_variable batch_cv_;
  int writers_queued_ = 0;      // between acquire() and the end of the transaction body
  uint64_t settled_batch_ = 0;  // every batch up to this one is committed or failed
  std::map<uint64_t, BatchFailure> failed_batches_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteSession>> idle_readers_;
  int readers_total_ = 0;
  int readers_max_;
};

}  // namespace wolfix::db
