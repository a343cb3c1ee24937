#include "db/sqlite/use_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "db/db.hpp"

namespace wolfix::db {

UseLock::UseLock(const std::string& db_path, Mode mode) {
  std::string path = lock_path(db_path);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0660);
  if (fd_ < 0) throw Error("cannot open " + path + ": " + std::strerror(errno));
  int op = (mode == Mode::shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  int rc;
  do rc = ::flock(fd_, op);
  while (rc != 0 && errno == EINTR);
  if (rc == 0) return;
  int err = errno;
  ::close(fd_);
  fd_ = -1;
  if (err != EWOULDBLOCK) throw Error("cannot lock " + path + ": " + std::strerror(err));
  if (mode == Mode::shared)
    throw Error("the database " + db_path + " is being restored (wolfix restore holds " + path +
                "); start again when it has finished");
  throw Error("a wolfix process (a server, or migrate/seed/admin) is using " + db_path +
              ": stop it first (`fuser " + path + "` shows which)");
}

UseLock::~UseLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace wolfix::db
