#pragma once
// The five roles an account can hold. Tokens, the role table and the API carry their names
// ("Customer", ...); code compares and grants Role values and turns them into names only at
// those edges, with to_string and parse_role.
#include <array>
#include <optional>
#include <string_view>

namespace wolfix {

enum class Role { customer, seller, admin, super_admin, support };

inline constexpr std::array<Role, 5> kAllRoles{Role::customer, Role::seller, Role::admin,
                                               Role::super_admin, Role::support};

constexpr std::string_view to_string(Role r) {
  switch (r) {
    case Role::customer:
      return "Customer";
    case Role::seller:
      return "Seller";
    case Role::admin:
      return "Admin";
    case Role::super_admin:
      return "SuperAdmin";
    case Role::support:
      return "Support";
  }
  return "";
}

// The role a name stands for (exact, case-sensitive, as Wolfix.Server writes it); nullopt for
// anything else.
constexpr std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (to_string(r) == name) return r;
  return std::nullopt;
}

// Admin or SuperAdmin: the roles that moderate, refund any order and see every order.
constexpr bool is_admin(Role r) {
  return r == Role::admin || r == Role::super_admin;
}

}  // namespace wolfix
