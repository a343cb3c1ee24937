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
  // The migrator itself is under test: it runs on the server's database directly.
  static db::Database& database() { return probe().database(); }
  static int64_t unrecorded() { return probe().migrations_without_checksum(); }
  static std::string checksum(const std::string& version) {
    return probe().migration_checksum(version);
  }
};

TEST_F(MigrationChecksumTest, AFreshDatabaseRecordsEveryMigration) {
  EXPECT_GT(probe().applied_migrations(), 10);
  EXPECT_EQ(unrecorded(), 0);
  EXPECT_EQ(checksum("0004_catalog").size(), 64u);  // SHA-256, hex
  EXPECT_EQ(database().migrate(), 0);
}

TEST_F(MigrationChecksumTest, AnEditedMigrationStopsTheMigratorNamingTheFile) {
  auto good = checksum("0004_catalog");
  ASSERT_FALSE(good.empty());
  // As if 0004_catalog.sql had read differently when it was applied.
  probe().set_migration_checksum("0004_catalog", std::string(64, '0'));
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
  probe().set_migration_checksum("0004_catalog", good);
  EXPECT_EQ(database().migrate(), 0);
}

TEST_F(MigrationChecksumTest, ADatabaseFromBeforeChecksumsGetsThemRecorded) {
  int64_t applied = probe().applied_migrations();
  auto good = checksum("0004_catalog");
  // Undo the checksum migration: the database looks as it did before this feature.
  probe().forget_checksums_feature();
  EXPECT_EQ(database().migrate(), 1);
  EXPECT_EQ(probe().applied_migrations(), applied);
  EXPECT_EQ(unrecorded(), 0);
  EXPECT_EQ(checksum("0004_catalog"), good);
  // And a lost row is recorded again, from the file as it reads now.
  probe().forget_migration_checksum("0002_identity");
  EXPECT_EQ(database().migrate(), 0);
  EXPECT_EQ(unrecorded(), 0);
}

TEST_F(MigrationChecksumTest, ChecksumsOfMigrationsThisBuildDoesNotKnowAreLeftAlone) {
  // A newer node may have applied a migration this build lacks; that is not an edit.
  probe().record_unknown_migration("9999_future", "x");
  EXPECT_EQ(database().migrate(), 0);
  EXPECT_EQ(checksum("9999_future"), "x");
}

}  // namespace
}  // namespace wolfix::test
