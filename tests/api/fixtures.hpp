#pragma once
// Test actors made directly in the database (account + role + profile + token), so a module's
// tests do not depend on the routes of other modules to get a Seller or an Admin.
#include <string>

#include "harness.hpp"

namespace wolfix::test {

struct Actor {
  std::string account_id;
  std::string profile_id;  // customers.id / sellers.id / admins.id / supports.id
  std::string email;
  std::string password;
  std::string role;
  std::string token;
};

inline constexpr const char* kTestPassword = "Passw0rd!";

// role: Customer, Seller, Admin, SuperAdmin or Support. Profiles get believable valid data.
Actor make_actor(TestServer& server, const std::string& role);

// A token for another role of the same account (after granting it).
std::string token_for(TestServer& server, const Actor& actor, const std::string& role,
                      const std::string& profile_id);

}  // namespace wolfix::test
