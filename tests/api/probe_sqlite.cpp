// The probe's raw SQLite file operations (probe.hpp), for the outage suite.
#include <sqlite3.h>

#include "probe.hpp"

namespace wolfix::test {

Probe::SqliteWriteLock::SqliteWriteLock(const std::string& path) {
  sqlite3* c = nullptr;
  if (sqlite3_open(path.c_str(), &c) != SQLITE_OK) {
    sqlite3_close(c);
    return;
  }
  db_ = c;
  sqlite3_busy_timeout(c, 30000);
  held_ = sqlite3_exec(c, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

Probe::SqliteWriteLock::~SqliteWriteLock() {
  if (!db_) return;
  auto* c = static_cast<sqlite3*>(db_);
  if (held_) sqlite3_exec(c, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(c);
}

std::string Probe::sqlite_integrity(const std::string& path) {
  sqlite3* c = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &c, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(c, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK)
      while (sqlite3_step(st) == SQLITE_ROW)
        out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(c);
  return out;
}

bool Probe::sqlite_checkpoint(const std::string& path) {
  sqlite3* c = nullptr;
  bool opened = sqlite3_open(path.c_str(), &c) == SQLITE_OK;
  if (opened) sqlite3_exec(c, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close(c);
  return opened;
}

}  // namespace wolfix::test
