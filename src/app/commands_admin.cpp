// `wolfix admin create-superadmin`. Exit codes: 0 done (also when the account already was a
// SuperAdmin), 1 unexpected failure (database), 2 invalid input (missing or weak password, bad
// e-mail, bad configuration), 3 the e-mail belongs to an account with another password.
#include <iostream>

#include "app/commands.hpp"
#include "common/clock.hpp"
#include "common/errors.hpp"
#include "common/log.hpp"
#include "db/db.hpp"
#include "identity/accounts.hpp"
#include "identity/hashing.hpp"
#include "identity/superadmin.hpp"

namespace wolfix {

int run_create_superadmin(const Config& config, const std::string& email,
                          const std::string& password) {
  if (log::Level level; log::parse_level(config.log_level, level)) log::set_level(level);
  if (password.empty()) {
    std::cerr << "wolfix: a password is required (--password or WOLFIX_SUPERADMIN_PASSWORD)\n";
    return 2;
  }
  PasswordHashCost cost{};
  try {
    cost = identity::password_cost_named(config.password_cost);
  } catch (const std::exception& e) {
    std::cerr << "wolfix: " << e.what() << "\n";
    return 2;
  }
  auto db = db::Database::open(config.database_url, 2);
  db->migrate();
  SystemClock clock;
  identity::Accounts accounts(*db, clock, cost);
  try {
    auto admin = identity::create_super_admin(*db, clock, accounts, email, password);
    switch (admin.outcome) {
      case identity::SuperAdminOutcome::created:
        std::cout << "created SuperAdmin " << email << " (account " << admin.account_id << ")\n";
        break;
      case identity::SuperAdminOutcome::granted:
        std::cout << "granted SuperAdmin to the existing account " << email << " (account "
                  << admin.account_id << ")\n";
        break;
      case identity::SuperAdminOutcome::already:
        std::cout << email << " is already a SuperAdmin (account " << admin.account_id << ")\n";
        break;
    }
    return 0;
  } catch (const ApiError& e) {
    std::cerr << "wolfix: cannot create the SuperAdmin: " << e.what() << "\n";
    for (const auto& [field, messages] : e.errors())
      for (const auto& m : messages) std::cerr << "  " << field << ": " << m << "\n";
    return e.status() == 409 ? 3 : 2;
  }
}

}  // namespace wolfix
