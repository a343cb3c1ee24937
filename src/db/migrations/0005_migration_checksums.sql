-- The SHA-256 of each applied migration's text, so a migration edited after it ran is caught at
-- startup instead of silently diverging between databases. A separate table (not a column of
-- schema_migrations) so databases migrated before it need no ALTER: the migrator fills in the
-- checksums of migrations that were applied before this table existed.
CREATE TABLE schema_migration_checksums (
  version TEXT PRIMARY KEY,
  checksum TEXT NOT NULL
);
