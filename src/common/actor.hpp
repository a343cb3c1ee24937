#pragma once
// Who acts in a use case: a signed-in account in one of its roles (with that role's profile id),
// or the system (an expiry job, a webhook, the payment flow) under a name. Routes make one from
// the verified caller (http::Request::actor()); services decide with it and record its label.
#include <optional>
#include <string>
#include <utility>

#include "common/role.hpp"

namespace wolfix {

struct Actor {
  std::optional<Role> role;  // nullopt: the system
  std::string id;            // the role's profile id; empty for the system
  std::string system_name;   // which part of the system ("System", "Payments"); empty otherwise

  static Actor user(Role role, std::string profile_id) {
    return Actor{role, std::move(profile_id), ""};
  }
  static Actor system(std::string name = "System") {
    return Actor{std::nullopt, "", std::move(name)};
  }

  bool is_system() const { return !role.has_value(); }
  bool is(Role r) const { return role == r; }
  // Admin or SuperAdmin.
  bool is_admin() const { return role && wolfix::is_admin(*role); }
  // How records name who acted (an order's history, a refund's requester): the role's name, or
  // the system part's.
  std::string label() const { return role ? std::string(to_string(*role)) : system_name; }
};

}  // namespace wolfix
