#include <iostream>

#include "app/commands.hpp"

namespace wolfix {

// Replaced by the identity and seed modules.
int run_seed(const Config&, const SeedOptions&) { return 0; }
int run_create_superadmin(const Config&, const std::string&, const std::string&) { return 1; }

}  // namespace wolfix
