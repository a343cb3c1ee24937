#pragma once
// The route table: "/api/orders/{orderId}/details" patterns with typed access rules. Literal
// segments win over parameters, so "/api/orders/sellers/{id}" beats "/api/orders/{id}".
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/role.hpp"
#include "http/types.hpp"

namespace wolfix::http {

// Who may call a route.
struct Access {
  bool needs_token = false;
  std::vector<Role> roles;  // empty = any authenticated role

  static Access anyone() { return {}; }
  static Access authenticated() { return {true, {}}; }
  static Access roles_of(std::initializer_list<Role> r) { return {true, r}; }
};

// A handler that may run on an io thread: it must never block (no database, no hashing, no
// waiting on a long lock). It answers, or returns nullopt for "run the route's Handler on the
// worker pool instead" (a cache miss, say).
using InlineHandler = std::function<std::optional<Response>(Request&)>;

struct Route {
  Method method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" is a parameter, "{*name}" swallows the rest
  Handler handler;                    // on the worker pool
  InlineHandler try_inline;           // empty: always on the worker pool
  Access access;
  bool uploads = false;  // may take a multipart body up to the server's upload limit
  int specificity = 0;
};

class Router {
 public:
  void add(Method method, std::string pattern, Access access, Handler handler);
  // try_inline first, on the io thread; `handler` on the worker pool when it declines.
  void add(Method method, std::string pattern, Access access, InlineHandler try_inline,
           Handler handler);
  // A handler that never blocks: answered on the io thread.
  void add_non_blocking(Method method, std::string pattern, Access access, Handler handler);
  // A route taking multipart uploads: a caller it admits may send a body up to the server's
  // upload limit; everyone else is refused before such a body is read.
  void add_upload(Method method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<Method> allowed;  // filled when the path exists under other methods
  };
  Match match(Method method, std::string_view path) const;

  struct Registered {
    Method method;
    std::string pattern;
    Access access;
  };
  // Every route added, for the API reference to be checked against (apidoc/).
  std::vector<Registered> registered() const;

 private:
  void insert(Method method, std::string pattern, Access access, InlineHandler try_inline,
              Handler handler, bool uploads);
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace wolfix::http

namespace wolfix {

// A route open to these roles only: `only({Role::admin, Role::super_admin})`.
inline http::Access only(std::initializer_list<Role> roles) {
  return http::Access::roles_of(roles);
}

}  // namespace wolfix
