#include "db/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "db/db.hpp"
#include "db/sqlite/use_lock.hpp"

namespace wolfix::db {

namespace fs = std::filesystem;

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Handle open_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle db(raw);
  if (rc != SQLITE_OK)
    throw Error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw Error(sql + ": " + msg);
  }
}

// The first column of every row of `sql`, as text.
std::vector<std::string> column(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw Error(sql + ": " + sqlite3_errmsg(db));
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    auto* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    out.emplace_back(t ? t : "");
  }
  std::string msg = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) throw Error(sql + ": " + msg);
  return out;
}

// PRAGMA integrity_check answers one row "ok", or the problems it found.
void check_integrity(sqlite3* db, const std::string& what) {
  auto rows = column(db, "PRAGMA integrity_check");
  if (rows.size() == 1 && rows[0] == "ok") return;
  std::string problems;
  for (std::size_t i = 0; i < rows.size() && i < 5; ++i) problems += "\n  " + rows[i];
  throw Error(what + " failed PRAGMA integrity_check:" + problems);
}

int64_t migrations_in(sqlite3* db, const std::string& what) {
  auto has =
      column(db, "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'");
  if (has.empty()) throw Error(what + " is not a Wolfix database (it has no schema_migrations)");
  return std::stoll(column(db, "SELECT COUNT(*) FROM schema_migrations").at(0));
}

// Copies every page of src's main database into dst's in one step (one read transaction on src).
void copy_pages(sqlite3* src, sqlite3* dst, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) throw Error(what + ": " + sqlite3_errmsg(dst));
  int rc;
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw Error(what + ": " + sqlite3_errstr(rc));
}

void fsync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::optional<std::string> sqlite_path_of(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) return std::nullopt;
  std::string path = url.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  if (auto q = path.find("?busy_timeout="); q != std::string::npos) path.resize(q);
  return path;
}

BackupResult backup_sqlite(const std::string& url, const std::string& file) {
  auto path = sqlite_path_of(url);
  if (!path) throw Error("not a SQLite database URL");
  if (file.empty()) throw Error("give the backup file's name");
  if (fs::exists(file)) throw Error(file + " already exists; backups never overwrite a file");
  if (!fs::exists(*path)) throw Error("no database at " + *path);
  std::string partial = file + ".partial";
  fs::remove(partial);
  try {
    // Read-write without CREATE: a live WAL database's shared memory must be writable to read.
    auto src = open_file(*path, SQLITE_OPEN_READWRITE);
    migrations_in(src.get(), *path);
    auto dst = open_file(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy_pages(src.get(), dst.get(), "backup of " + *path);
    src.reset();
    // One self-contained file (the copy inherits WAL mode from the source's header).
    exec(dst.get(), "PRAGMA journal_mode=DELETE");
    check_integrity(dst.get(), "the backup " + partial);
    BackupResult r;
    r.file = file;
    r.migrations = migrations_in(dst.get(), "the backup");
    dst.reset();
    fsync_path(partial, false);
    fs::rename(partial, file);
    auto dir = fs::path(file).parent_path();
    fsync_path(dir.empty() ? "." : dir.string(), true);
    r.bytes = static_cast<int64_t>(fs::file_size(file));
    return r;
  } catch (...) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw;
  }
}

RestoreResult restore_sqlite(const std::string& url, const std::string& file) {
  auto path = sqlite_path_of(url);
  if (!path) throw Error("not a SQLite database URL");
  if (!fs::is_regular_file(file)) throw Error("no backup file at " + file);
  auto src = open_file(file, SQLITE_OPEN_READONLY);
  check_integrity(src.get(), "the backup " + file);
  migrations_in(src.get(), "the backup " + file);
  auto parent = fs::path(*path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  UseLock exclusive(*path, UseLock::Mode::exclusive);
  auto dst = open_file(*path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // The live file keeps WAL mode; the backup API writes through SQLite's own locking, so even a
  // stray non-wolfix reader sees either the old database or the restored one.
  exec(dst.get(), "PRAGMA journal_mode=WAL");
  copy_pages(src.get(), dst.get(), "restore of " + file + " into " + *path);
  exec(dst.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
  check_integrity(dst.get(), "the restored database " + *path);
  RestoreResult r;
  r.database = *path;
  r.migrations = migrations_in(dst.get(), "the restored database");
  return r;
}

std::string postgres_backup_help(const std::string& file) {
  return "wolfix backup copies the embedded SQLite database only. This node uses PostgreSQL, "
         "whose own tool takes a consistent backup while the servers keep running:\n"
         "  pg_dump --format=custom --file=" +
         file +
         " \"$WOLFIX_DATABASE_URL\"\n"
         "and `wolfix restore` explains the matching pg_restore. No backup was written.";
}

std::string postgres_restore_help(const std::string& file) {
  return "wolfix restore restores the embedded SQLite database only. For PostgreSQL, stop every "
         "wolfix node, then:\n"
         "  pg_restore --clean --if-exists --no-owner --single-transaction "
         "--dbname=\"$WOLFIX_DATABASE_URL\" " +
         file + "\nNothing was restored.";
}

}  // namespace wolfix::db
