#include <iostream>

#include "app/commands.hpp"

namespace wolfix {

// Replaced by the identity and seed modules.
int run_seed(const Config&, const SeedOptions&) { return 0; }

}  // namespace wolfix
