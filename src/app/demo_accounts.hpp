#pragma once
// The demo accounts `wolfix seed` creates; README lists them and, in development only, the
// storefront shows them (GET /api/demo/accounts).
#include <array>

namespace wolfix {

struct DemoAccount {
  const char* email;
  const char* password;
  const char* role;
  const char* first_name;
  const char* last_name;
};

inline constexpr std::array<DemoAccount, 7> kDemoAccounts = {{
    {"customer@wolfix.test", "Customer#Demo1", "Customer", "Olena", "Kovalenko"},
    {"seller1@wolfix.test", "Seller#Demo1", "Seller", "Taras", "Melnyk"},
    {"seller2@wolfix.test", "Seller#Demo1", "Seller", "Iryna", "Bondarenko"},
    {"seller3@wolfix.test", "Seller#Demo1", "Seller", "Andriy", "Shevchuk"},
    {"admin@wolfix.test", "Admin#Demo1", "Admin", "Oksana", "Tkachenko"},
    {"superadmin@wolfix.test", "Super#Demo1", "SuperAdmin", "Mykola", "Kravchenko"},
    {"support@wolfix.test", "Support#Demo1", "Support", "Sofia", "Lysenko"},
}};

}  // namespace wolfix
