#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
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
// so concurrent write transactions share one. A write queues its body; the thread at the head
// of the queue becomes the leader: it opens one SQLite transaction, runs every queued body
// (those arriving meanwhile too, up to kMaxBatch) each inside its own SAVEPOINT, and commits
// them together. A body that throws rolls back only its savepoint and its caller gets the
// exception; the others are unaffected. Every caller returns only after the COMMIT holding its
// changes succeeded; if that COMMIT fails, each member gets RetryableError and Database::write
// runs it again (or Unavailable, when the disk is full). Then the leader hands the lead to the
// next queued writer and returns. The bodies run one after another on the leader's thread, so a
// batch costs its members no lock hand-overs (each used to wake the next thread in turn); a
// caller sleeps once, until its batch is durable. Without concurrency this is exactly one
// transaction per call.
class SqliteDatabase final : public Database {
 public:
  // How long a write waits for another process's lock before it fails as Unavailable (503);
  // the URL may say otherwise: sqlite:PATH?busy_timeout=MS.
  static constexpr int kDefaultBusyTimeoutMs = 10000;
  // Bounds how long the first member of a batch waits for the others.
  static constexpr std::size_t kMaxBatch = 128;
  SqliteDatabase(std::string path, int readers, int busy_timeout_ms = kDefaultBusyTimeoutMs);
  ~SqliteDatabase() override;
  Dialect dialect() const override { return Dialect::sqlite; }

  // Tests: how many batches have been committed (or rolled back) so far, and how many writes
  // are queued for the next one.
  uint64_t batches() const;
  std::size_t queued_writes() const;

 protected:
  void run_write(WriteBody body) override;
  std::unique_ptr<Lease> acquire(bool for_write) override;

 private:
  struct Job;
  struct ReadLease;
  void lead(Job& own);
  void run_batch(std::vector<Job*>& batch);

  std::string path_;
  int busy_timeout_ms_;
  std::unique_ptr<UseLock> use_lock_;      // declared before the connections: released after them
  std::unique_ptr<SqliteSession> writer_;  // used by the leader only
  // The write queue.
  mutable std::mutex queue_mu_;
  std::deque<Job*> queue_;  // not yet taken into a batch, oldest first
  bool leading_ = false;    // some thread is the leader
  uint64_t batches_ = 0;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteSession>> idle_readers_;
  int readers_total_ = 0;
  int readers_max_;
};

}  // namespace wolfix::db
