#pragma once
// Demo customer profiles for `wolfix seed`: the demo customer's, and the one each demo seller
// shops with (as an approved applicant has).
#include <cstdint>
#include <string>
#include <vector>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::customer {

// Inside the caller's transaction (which also makes the account and grants the role): a profile
// with the demo phone and Kyiv address, and `bonuses_minor` to spend.
void add_demo_customer(db::Session& s, const std::string& id, const std::string& account_id,
                       const person::FullName& name, int64_t bonuses_minor, int64_t now_ms);

// The first `limit` customers in id order (the demo reviews' authors).
std::vector<std::string> first_customers(db::Database& db, int64_t limit);

}  // namespace wolfix::customer
