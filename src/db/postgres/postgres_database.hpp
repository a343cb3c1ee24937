#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::db {

class PostgresSession;

// PostgreSQL through libpq: a bounded pool of connections, prepared statements per connection.
class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, int pool_size);
  ~PostgresDatabase() override;
  Dialect dialect() const override { return Dialect::postgres; }

 protected:
  std::unique_ptr<Lease> acquire(bool for_write) override;
  void begin(Lease& lease) override;
  void commit(Lease& lease) override;
  void rollback(Lease& lease) noexcept override;

 private:
  struct PoolLease;
  struct PinnedLease;
  std::unique_ptr<Lease> acquire_pooled();
  std::string url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PostgresSession>> idle_;
  int total_ = 0;
  int max_;
};

}  // namespace wolfix::db
