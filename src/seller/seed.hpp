#pragma once
// Demo seller profiles for `wolfix seed` (the demo catalog's products belong to them).
#include <cstdint>
#include <string>
#include <vector>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::seller {

// Inside the caller's transaction (which also makes the account and grants the role): a seller
// profile with the demo phone, Lviv address and birth date, and no categories yet.
void add_demo_seller(db::Session& s, const std::string& id, const std::string& account_id,
                     const person::FullName& name, int64_t now_ms);

// Up to `limit` active sellers (a seed run over existing demo data spreads products over them).
std::vector<std::string> some_active_sellers(db::Database& db, int64_t limit);

}  // namespace wolfix::seller
