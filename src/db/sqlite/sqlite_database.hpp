#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::db {

class SqliteSession;

// SQLite in WAL mode: one writer connection (SQLite allows one writer at a time anyway, and
// queuing here is cheaper than busy-waiting in the library) and a pool of reader connections.
class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int readers);
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
  std::string path_;
  std::unique_ptr<SqliteSession> writer_;
  std::mutex writer_mu_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteSession>> idle_readers_;
  int readers_total_ = 0;
  int readers_max_;
};

}  // namespace wolfix::db
