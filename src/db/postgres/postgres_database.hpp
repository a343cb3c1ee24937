#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::db {

class PostgresSession;
class GroupCommit;

// PostgreSQL through libpq: a bounded pool of connections, prepared statements per connection.
class PostgresDatabase final : public Database {
 public:
  // group_commits: how many groups of one-round-trip commits may be on their way at once
  // (GroupCommit); 0: none, every transaction commits alone.
  PostgresDatabase(std::string url, int pool_size, int group_commits = 1);
  ~PostgresDatabase() override;
  Dialect dialect() const override { return Dialect::postgres; }

  // What the group commit did since the database was opened (tests, diagnostics).
  struct GroupCommitCounts {
    int64_t groups = 0;     // sent, of one member or more
    int64_t members = 0;    // transactions in them
    int64_t fell_back = 0;  // members of a failed group of several, run again alone
    int waiting = 0;        // transactions queued behind a group on its way, now
  };
  // asynchronous: of the groups of asynchronous commits (Session::commit_asynchronously).
  GroupCommitCounts group_commits(bool asynchronous = false) const;

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
  std::unique_ptr<GroupCommit> group_;  // before the sessions, which point to them
  std::unique_ptr<GroupCommit> async_group_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PostgresSession>> idle_;
  int total_ = 0;
  int max_;
};

}  // namespace wolfix::db
