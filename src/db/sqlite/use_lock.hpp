#pragma once
// Who is using a SQLite database file, between processes. Every wolfix process that opens the
// database (serve, migrate, seed, admin) holds a shared flock(2) on "PATH.lock" while it has it
// open; `wolfix restore` takes it exclusively, so it refuses while any of them runs, and none of
// them can open the file while it is being replaced. A separate file, because SQLite's own
// POSIX locks on the database would be dropped when any other descriptor of it is closed.
#include <string>

namespace wolfix::db {

class UseLock {
 public:
  enum class Mode { shared, exclusive };
  // Throws db::Error naming the conflict when the lock is held in a conflicting mode.
  UseLock(const std::string& db_path, Mode mode);
  ~UseLock();
  UseLock(const UseLock&) = delete;
  UseLock& operator=(const UseLock&) = delete;

  static std::string lock_path(const std::string& db_path) { return db_path + ".lock"; }

 private:
  int fd_ = -1;
};

}  // namespace wolfix::db
