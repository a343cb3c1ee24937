#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wolfix::db {

// A file from src/db/migrations, embedded at build time. "0002_identity.sql" runs on every
// driver; "0003_search.sqlite.sql" / "0003_search.postgres.sql" only on theirs.
struct MigrationFile {
  const char* name;
  const char* sql;
};
const std::vector<MigrationFile>& embedded_migrations();

class Database;

// One migration as a database knows it (wolfix migrate --status).
struct MigrationState {
  std::string version;                   // "0004_catalog"
  std::optional<int64_t> applied_at_ms;  // nullopt = pending
  bool edited = false;  // applied, but its text changed since (migrate refuses to run)
  bool known = true;    // false: applied by a newer build; this one has no such file
};

// Applies the embedded migrations not yet applied (Database::migrate); returns their versions.
std::vector<std::string> apply_migrations(Database& db);
// Every migration of this build and of the database, in order; changes nothing.
std::vector<MigrationState> migration_status(Database& db);

}  // namespace wolfix::db
