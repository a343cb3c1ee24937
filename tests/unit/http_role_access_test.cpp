// A route's roles are Role values; the dispatcher admits a caller whose token names one of them,
// unless the profile behind the role is gone (identity/role_checks.hpp marks it no_role).
#include <gtest/gtest.h>

#include "http/dispatcher.hpp"
#include "http/router.hpp"

namespace wolfix::http {
namespace {

Router make_router() {
  Router r;
  auto ok = [](Request& req) { return Response::raw_json("\"" + req.caller().profile_id + "\""); };
  r.add(Method::get, "/sellers-only", only({Role::seller}), ok);
  r.add(Method::get, "/staff", only({Role::admin, Role::support}), ok);
  r.add(Method::get, "/anyone-signed-in", Access::authenticated(), ok);
  return r;
}

Authenticator make_auth() {
  return [](std::string_view token, std::string& reason) -> std::optional<Principal> {
    if (token == "seller") return Principal{"a1", "s@x.y", Role::seller, "seller-1"};
    if (token == "removed") return Principal{"a2", "r@x.y", Role::seller, "seller-2", true};
    if (token == "customer") return Principal{"a3", "c@x.y", Role::customer, "customer-1"};
    if (token == "support") return Principal{"a4", "h@x.y", Role::support, "support-1"};
    reason = "bad";
    return std::nullopt;
  };
}

class RoleAccess : public ::testing::Test {
 protected:
  int status(const std::string& path, const std::string& token) {
    Request req;
    req.method = Method::get;
    req.target = req.path = path;
    req.request_id = "rid";
    req.headers["authorization"] = "Bearer " + token;
    return dispatcher.handle(req).status;
  }
  Router router = make_router();
  Metrics metrics;
  Dispatcher dispatcher{router, make_auth(), metrics, DispatcherOptions{{"*"}}};
};

TEST_F(RoleAccess, OnlyTheNamedRolesAreAdmitted) {
  EXPECT_EQ(status("/sellers-only", "seller"), 200);
  EXPECT_EQ(status("/sellers-only", "customer"), 403);
  EXPECT_EQ(status("/staff", "support"), 200);
  EXPECT_EQ(status("/staff", "seller"), 403);
  EXPECT_EQ(status("/sellers-only", "nobody"), 401);
}

TEST_F(RoleAccess, ARemovedProfileKeepsNoRoleButStaysSignedIn) {
  EXPECT_EQ(status("/sellers-only", "removed"), 403);
  EXPECT_EQ(status("/anyone-signed-in", "removed"), 200);
}

}  // namespace
}  // namespace wolfix::http
