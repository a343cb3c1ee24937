#pragma once
// The demo accounts `wolfix seed` creates; README lists them and, in development only, the
// storefront shows them (GET /api/demo/accounts).
#include <array>

#include "common/role.hpp"

namespace wolfix {

struct DemoAccount {
  const char* email;
  const char* password;
  Role role;
  const char* first_name;
  const char* last_name;
};

inline constexpr std::array<DemoAccount, 7> kDemoAccounts = {{
    {"customer@wolfix.test", "Customer#Demo1", Role::customer, "Olena", "Kovalenko"},
    {"seller1@wolfix.test", "Seller#Demo1", Role::seller, "Taras", "Melnyk"},
    {"seller2@wolfix.test", "Seller#Demo1", Role::seller, "Iryna", "Bondarenko"},
    {"seller3@wolfix.test", "Seller#Demo1", Role::seller, "Andriy", "Shevchuk"},
    {"admin@wolfix.test", "Admin#Demo1", Role::admin, "Oksana", "Tkachenko"},
    {"superadmin@wolfix.test", "Super#Demo1", Role::super_admin, "Mykola", "Kravchenko"},
    {"support@wolfix.test", "Support#Demo1", Role::support, "Sofia", "Lysenko"},
}};

}  // namespace wolfix
