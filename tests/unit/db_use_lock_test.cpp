// The lock that keeps `wolfix restore` and running wolfix processes apart.
#include <gtest/gtest.h>

#include <filesystem>

#include "db/db.hpp"
#include "db/sqlite/use_lock.hpp"

namespace wolfix::db {
namespace {

TEST(UseLock, SharedUsersCoexistAndExcludeARestore) {
  auto path = (std::filesystem::temp_directory_path() / "wolfix-use-lock-test.db").string();
  {
    UseLock a(path, UseLock::Mode::shared);
    UseLock b(path, UseLock::Mode::shared);
    EXPECT_THROW(UseLock(path, UseLock::Mode::exclusive), Error);
  }
  {
    UseLock restore(path, UseLock::Mode::exclusive);
    try {
      UseLock server(path, UseLock::Mode::shared);
      ADD_FAILURE() << "a server opened the database during a restore";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("is being restored"), std::string::npos);
    }
  }
  UseLock after(path, UseLock::Mode::exclusive);  // released when the holders are gone
}

}  // namespace
}  // namespace wolfix::db
