#pragma once
// The subcommands behind main.cpp; each returns a process exit code.
#include <string>

#include "app/config.hpp"

namespace wolfix {

struct SeedOptions {
  bool if_empty = false;
  int products = 120;
};

int run_serve(Config config);
int run_sandbox(Config config);  // the payment sandbox on its own (docs/sandbox.md)
// Applies pending migrations, naming each; with status_only lists applied and pending ones.
int run_migrate(const Config& config, bool status_only = false);
int run_seed(const Config& config, const SeedOptions& options);
// A consistent copy of the live SQLite database / putting one back (refused while in use).
int run_backup(const Config& config, const std::string& file);
int run_restore(const Config& config, const std::string& file);
int run_create_superadmin(const Config& config, const std::string& email,
                          const std::string& password);

}  // namespace wolfix
