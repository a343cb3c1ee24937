// The `wolfix` command line: serve, migrate, seed, backup, restore, admin, version.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/config_reference.hpp"

int main(int argc, char** argv) {
  using namespace wolfix;
  CLI::App cli{"Wolfix: a marketplace backend that takes money online correctly"};
  cli.require_subcommand(1);
  Config config;
  try {
    config = Config::from_env();
  } catch (const std::exception& e) {
    std::cerr << "wolfix: " << e.what() << "\n";
    return 2;
  }
  // Options every subcommand understands; flags win over WOLFIX_* variables.
  auto common = [&](CLI::App* sub) {
    sub->add_option("--database-url", config.database_url,
                    "sqlite:PATH or postgres://... (WOLFIX_DATABASE_URL)");
    sub->add_option("--log-level", config.log_level, "debug|info|warn|error (WOLFIX_LOG_LEVEL)");
    sub->add_option("--env", config.env, "development|production (WOLFIX_ENV)");
  };

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server");
  common(serve);
  serve->add_option("--listen", config.listen, "HOST:PORT (WOLFIX_LISTEN)");
  serve->add_option("--tls-cert", config.tls_cert, "PEM certificate chain (WOLFIX_TLS_CERT)");
  serve->add_option("--tls-key", config.tls_key, "PEM private key (WOLFIX_TLS_KEY)");
  serve->add_flag("--behind-tls-proxy", config.behind_tls_proxy,
                  "A TLS-terminating proxy fronts this node (WOLFIX_BEHIND_TLS_PROXY)");
  serve->add_option("--io-threads", config.io_threads, "io threads, 0 = cores");
  serve->add_option("--worker-threads", config.worker_threads, "blocking pool size");

  auto* sandbox = cli.add_subcommand("sandbox", "Run the Stripe-compatible payment sandbox alone");
  common(sandbox);
  sandbox->add_option("--listen", config.listen, "HOST:PORT (WOLFIX_LISTEN)");
  sandbox->add_option("--webhook-url", config.sandbox_webhook_url,
                      "Where events are delivered (WOLFIX_SANDBOX_WEBHOOK_URL)");

  bool migrate_status = false;
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations");
  common(migrate);
  migrate->add_flag("--status", migrate_status, "List applied and pending migrations; apply none");

  std::string backup_file;
  auto* backup = cli.add_subcommand(
      "backup", "Copy the live SQLite database to FILE while the server keeps serving");
  common(backup);
  backup->add_option("file", backup_file, "the backup to write (never overwritten)")->required();
  auto* restore = cli.add_subcommand(
      "restore", "Replace the SQLite database with backup FILE (refused while it is in use)");
  common(restore);
  restore->add_option("file", backup_file, "a file written by wolfix backup")->required();

  SeedOptions seed_opts;
  auto* seed = cli.add_subcommand("seed", "Create demo data");
  common(seed);
  seed->add_flag("--if-empty", seed_opts.if_empty, "Do nothing when demo data already exists");
  seed->add_option("--products", seed_opts.products, "How many products to create")
      ->check(CLI::Range(0, 10'000'000));

  auto* admin = cli.add_subcommand("admin", "Administrative tasks");
  admin->require_subcommand(1);
  std::string email, password;
  auto* superadmin = admin->add_subcommand("create-superadmin", "Create the first SuperAdmin");
  common(superadmin);
  superadmin->add_option("--email", email, "e-mail address")->required();
  superadmin->add_option("--password", password, "password (or WOLFIX_SUPERADMIN_PASSWORD)");

  bool config_reference_flag = false;
  auto* config_cmd = cli.add_subcommand("config", "Show the configuration settings");
  config_cmd
      ->add_flag("--reference", config_reference_flag,
                 "Every WOLFIX_* variable with its flag, default and meaning (Markdown)")
      ->required();
  config_cmd->callback([] { std::cout << config_reference_markdown(); });

  cli.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "wolfix " << WOLFIX_VERSION << "\n";
  });

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*serve) return run_serve(config);
    if (*sandbox) return run_sandbox(config);
    if (*migrate) return run_migrate(config, migrate_status);
    if (*seed) return run_seed(config, seed_opts);
    if (*backup) return run_backup(config, backup_file);
    if (*restore) return run_restore(config, backup_file);
    if (*superadmin) {
      if (password.empty())
        if (const char* p = std::getenv("WOLFIX_SUPERADMIN_PASSWORD")) password = p;
      return run_create_superadmin(config, email, password);
    }
  } catch (const std::exception& e) {
    std::cerr << "wolfix: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
