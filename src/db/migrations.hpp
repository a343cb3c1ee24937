#pragma once
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

}  // namespace wolfix::db
