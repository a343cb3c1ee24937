// Migration hygiene: every applied migration's checksum is recorded, an applied migration whose
// text changed stops the migrator with an error naming the file, and databases migrated before
// checksums existed get them recorded.
#include <string>

#include "db/db.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class MigrationChecksumTest : public ServerSuite<MigrationChecksumTest> {
 protected:
  static db::Database& database() { return server->app().database(); }
  static int64_t count(const std::string& sql) {
    return database().read([&](db::Session& s) { return s.query_one(sql)->i64(0); });
  }
  static int64_t unrecorded() {
    return count(
        "SELECT COUNT(*) FROM schema_migrations m WHERE NOT EXISTS (SELECT 1 FROM "
        "schema_migration_checksums c WHERE c.version = m.version)");
  }
  static std::string checksum(const std::string& version) {
    return database().read([&](db::Session& s) {
      auto r = s.query_one("SELECT checksum FROM schema_migration_checksums WHERE version = ?",
                           {version});
      return r ? r->str(0) : std::string();
    });
  }
  static void exec(const std::string& sql, const db::Params& params = {}) {
    database().write([&](db::Session& s) { s.exec(sql, params); });
  }
};

TEST_F(MigrationChecksumTest, AFreshDatabaseRecordsEveryMigration) {
  EXPECT_GT(count("SELECT COUNT(*) FROM schema_migrations"), 10);
  EXPECT_EQ(unrecorded(), 0);
  EXPECT_EQ(checksum("0004_catalog").size(), 64u);  // SHA-256, hex
  EXPECT_EQ(database().migrate(), 0);
}

TEST_F(MigrationChecksumTest, AnEditedMigrationStopsTheMigratorNamingTheFile) {
  auto good = checksum("0004_catalog");
  ASSERT_FALSE(good.empty());
  // As if 0004_catalog.sql had read differently when it was applied.
  exec("UPDATE schema_migration_checksums SET checksum = ? WHERE version = ?",
       {std::string(64, '0'), std::string("0004_catalog")});
  try {
    database().migrate();
    ADD_FAILURE() << "migrate() accepted an edited migration";
  } catch (const db::Error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("0004_catalog.sql was changed after it was applied"), std::string::npos)
        << what;
    EXPECT_NE(what.find("new, higher-numbered migration file"), std::string::npos) << what;
  }
  // Nothing was recorded over the mismatch.
  EXPECT_EQ(checksum("0004_catalog"), std::string(64, '0'));
  exec("UPDATE schema_migration_checksums SET checksum = ? WHERE version = ?",
       {good, std::string("0004_catalog")});
  EXPECT_EQ(database().migrate(), 0);
}

TEST_F(MigrationChecksumTest, ADatabaseFromBeforeChecksumsGetsThemRecorded) {
  int64_t applied = count("SELECT COUNT(*) FROM schema_migrations");
  auto good = checksum("0004_catalog");
  // Undo the checksum migration: the database looks as it did before this feature.
  exec("DROP TABLE schema_migration_checksums");
  exec("DELETE FROM schema_migrations WHERE version = '0005_migration_checksums'");
  EXPECT_EQ(database().migrate(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), applied);
  EXPECT_EQ(unrecorded(), 0);
  EXPECT_EQ(checksum("0004_catalog"), good);
  // And a lost row is recorded again, from the file as it reads now.
  exec("DELETE FROM schema_migration_checksums WHERE version = '0002_identity'");
  EXPECT_EQ(database().migrate(), 0);
  EXPECT_EQ(unrecorded(), 0);
}

TEST_F(MigrationChecksumTest, ChecksumsOfMigrationsThisBuildDoesNotKnowAreLeftAlone) {
  // A newer node may have applied a migration this build lacks; that is not an edit.
  exec("INSERT INTO schema_migrations (version, applied_at) VALUES ('9999_future', 1)");
  exec("INSERT INTO schema_migration_checksums (version, checksum) VALUES ('9999_future', 'x')");
  EXPECT_EQ(database().migrate(), 0);
  EXPECT_EQ(checksum("9999_future"), "x");
}

}  // namespace
}  // namespace wolfix::test
