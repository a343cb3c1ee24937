#include "app/commands.hpp"

#include <chrono>
#include <iostream>

#include "app/app.hpp"
#include "app/payments.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "db/db.hpp"
#include "db/migrations.hpp"

namespace wolfix {

static bool prepare(const Config& config) {
  log::Level level;
  if (!log::parse_level(config.log_level, level)) {
    std::cerr << "wolfix: unknown log level " << config.log_level << "\n";
    return false;
  }
  log::set_level(level);
  auto problems = config.problems();
  for (const auto& p : problems) std::cerr << "wolfix: " << p << "\n";
  if (problems.empty() && config.production() && config.demo_payments)
    log::warn("demo_payments",
              {{"message",
                "WOLFIX_DEMO_PAYMENTS=1: this production node takes no money. The payment "
                "sandbox (or a Stripe test-mode key) is the provider, test cards pay orders. "
                "Never run a real shop like this."},
               {"provider", config.payment_provider()}});
  return problems.empty();
}

int run_serve(Config config) {
  if (!prepare(config)) return 2;
  auto t0 = std::chrono::steady_clock::now();
  App app(config);
  uint16_t port = app.start();
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  log::info("listening",
            {{"address", config.host()},
             {"port", port},
             {"env", config.env},
             {"database", config.database_url.substr(0, config.database_url.find(':'))},
             {"startup_ms", static_cast<int64_t>(ms)}});
  app.wait_for_signal();
  log::info("stopped");
  return 0;
}

int run_sandbox(Config config) {
  if (config.production() && !config.demo_payments) {
    std::cerr << "wolfix: production refuses to run the payment sandbox without "
                 "WOLFIX_DEMO_PAYMENTS=1\n";
    return 2;
  }
  if (!prepare(config)) return 2;
  return run_sandbox_server(config);
}

int run_migrate(const Config& config, bool status_only) {
  if (!prepare(config)) return 2;
  auto db = db::Database::open(config.database_url, 1);
  if (status_only) {
    int applied = 0, pending = 0;
    for (const auto& m : db::migration_status(*db)) {
      std::string state = !m.applied_at_ms ? "pending"
                          : !m.known       ? "unknown"
                          : m.edited       ? "EDITED"
                                           : "applied";
      std::cout << state << std::string(9 - state.size(), ' ') << m.version;
      if (m.applied_at_ms) std::cout << "  " << iso8601_utc(*m.applied_at_ms);
      if (!m.known) std::cout << "  (applied by a newer build)";
      if (m.edited) std::cout << "  (changed since it was applied: migrate will refuse)";
      std::cout << "\n";
      (m.applied_at_ms ? applied : pending) += 1;
    }
    std::cout << applied << " applied, " << pending << " pending\n";
    return 0;
  }
  auto versions = db::apply_migrations(*db);
  for (const auto& v : versions) std::cout << "applied " << v << "\n";
  std::cout << "migrations applied: " << versions.size() << "\n";
  return 0;
}

}  // namespace wolfix
