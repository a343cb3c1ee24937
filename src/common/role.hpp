#pragma once
// The five roles an account can hold. Tokens, the role table and the API carry their names
// ("Customer", ...); code compares and grants Role values and turns them into names at the edge.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.hpp"

namespace wolfix {

enum class Role { customer, seller, admin, super_admin, support };

constexpr std::string_view name_of(Role r) {
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

inline std::optional<Role> role_named(std::string_view name) {
  for (Role r : {Role::customer, Role::seller, Role::admin, Role::super_admin, Role::support})
    if (name_of(r) == name) return r;
  return std::nullopt;
}

// Admin or SuperAdmin: the roles that moderate, refund any order and see every order.
inline bool is_admin_role(std::string_view name) {
  auto r = role_named(name);
  return r == Role::admin || r == Role::super_admin;
}

// A route open to these roles only (http/ itself knows no role names).
inline http::Access only(std::initializer_list<Role> roles) {
  std::vector<std::string> names;
  for (Role r : roles) names.emplace_back(name_of(r));
  return http::Access::roles_of(std::move(names));
}

}  // namespace wolfix
