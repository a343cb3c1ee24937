#pragma once
// Demo delivery methods for `wolfix seed`: Nova Poshta, Ukrposhta and Meest with a few cities,
// departments and post machines each, and courier delivery (70.00 per order, any city). Methods
// that already exist (by name) are left alone, so seeding twice adds nothing.
#include <cstdint>

#include "db/db.hpp"

namespace wolfix::delivery {

inline constexpr const char* kCourierMethodName = "Адресна доставка кур'єром";

// Returns how many methods were added.
int seed_delivery_methods(db::Session& s, int64_t now_ms);

}  // namespace wolfix::delivery
