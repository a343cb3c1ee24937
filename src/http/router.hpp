#pragma once
// The route table: "/api/orders/{orderId}/details" patterns with typed access rules. Literal
// segments win over parameters, so "/api/orders/sellers/{id}" beats "/api/orders/{id}".
#include <memory>
#include <string>
#include <vector>

#include "http/types.hpp"

namespace wolfix::http {

// Who may call a route.
struct Access {
  bool needs_token = false;
  std::vector<std::string> roles;  // empty = any authenticated role

  static Access anyone() { return {}; }
  static Access authenticated() { return {true, {}}; }
  static Access roles_of(std::vector<std::string> r) { return {true, std::move(r)}; }
};

struct Route {
  Method method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" is a parameter, "{*name}" swallows the rest
  Handler handler;
  Access access;
  int specificity = 0;
};

class Router {
 public:
  void add(Method method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<Method> allowed;  // filled when the path exists under other methods
  };
  Match match(Method method, std::string_view path) const;

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace wolfix::http
