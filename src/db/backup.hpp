#pragma once
// Backups of the embedded SQLite database, taken while a server keeps serving, and restores.
// PostgreSQL has its own tools (pg_dump / pg_restore); these explain them instead.
#include <cstdint>
#include <optional>
#include <string>

namespace wolfix::db {

// The file of a "sqlite:PATH" URL; nullopt for any other database.
std::optional<std::string> sqlite_path_of(const std::string& url);

struct BackupResult {
  std::string file;
  int64_t bytes = 0;
  int64_t migrations = 0;  // rows of schema_migrations in the copy
};

// A consistent snapshot of the live database at `url` (SQLite's online backup API copies every
// page inside one read transaction: WAL lets the server keep writing meanwhile, and the copy holds
// exactly the transactions committed before it began). Written to FILE.partial, checked with
// PRAGMA integrity_check, made self-contained (journal_mode=DELETE), synced, then renamed to
// `file`. Refuses to overwrite an existing file. Throws db::Error.
BackupResult backup_sqlite(const std::string& url, const std::string& file);

struct RestoreResult {
  std::string database;  // the path restored into
  int64_t migrations = 0;
};

// Replaces the database at `url` with the backup `file` after checking the backup's integrity.
// Refuses while any wolfix process has the database open (UseLock) and keeps other wolfix
// processes out until it has finished. Throws db::Error.
RestoreResult restore_sqlite(const std::string& url, const std::string& file);

// What to run instead for a PostgreSQL database (no secrets: the URL stays in the variable).
std::string postgres_backup_help(const std::string& file);
std::string postgres_restore_help(const std::string& file);

}  // namespace wolfix::db
