// `wolfix backup FILE` and `wolfix restore FILE` (README "Backups").
#include <iostream>

#include "app/commands.hpp"
#include "db/backup.hpp"
#include "db/db.hpp"

namespace wolfix {

int run_backup(const Config& config, const std::string& file) {
  if (!db::sqlite_path_of(config.database_url)) {
    std::cerr << db::postgres_backup_help(file) << "\n";
    return 2;
  }
  try {
    auto r = db::backup_sqlite(config.database_url, file);
    std::cout << "backup written to " << r.file << " (" << r.bytes << " bytes, " << r.migrations
              << " migrations, integrity ok)\n";
    return 0;
  } catch (const db::Error& e) {
    std::cerr << "wolfix: backup failed: " << e.what() << "\n";
    return 1;
  }
}

int run_restore(const Config& config, const std::string& file) {
  if (!db::sqlite_path_of(config.database_url)) {
    std::cerr << db::postgres_restore_help(file) << "\n";
    return 2;
  }
  try {
    auto r = db::restore_sqlite(config.database_url, file);
    std::cout << "restored " << file << " into " << r.database << " (" << r.migrations
              << " migrations, integrity ok); `wolfix serve` applies newer migrations on start\n";
    return 0;
  } catch (const db::Error& e) {
    std::cerr << "wolfix: restore refused: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace wolfix
