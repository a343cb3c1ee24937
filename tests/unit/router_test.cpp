#include "http/router.hpp"

#include <gtest/gtest.h>

namespace wolfix::http {
namespace {

Router make_router() {
  Router r;
  auto h = [](Request&) { return Response::no_content(); };
  r.add(Method::get, "/api/orders/{customerId}", Access::anyone(), h);
  r.add(Method::get, "/api/orders/{orderId}/details", Access::anyone(), h);
  r.add(Method::get, "/api/orders/sellers/{sellerId}", Access::anyone(), h);
  r.add(Method::post, "/api/orders", Access::anyone(), h);
  r.add(Method::patch, "/api/orders/{orderId}/paid", Access::anyone(), h);
  r.add(Method::get, "/web/{*path}", Access::anyone(), h);
  return r;
}

TEST(Router, LiteralSegmentsBeatParameters) {
  auto r = make_router();
  auto m = r.match(Method::get, "/api/orders/sellers/42");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/orders/sellers/{sellerId}");
  EXPECT_EQ(m.params["sellerId"], "42");
}

TEST(Router, ParametersAreCaptured) {
  auto r = make_router();
  auto m = r.match(Method::get, "/api/orders/abc/details");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params["orderId"], "abc");
  m = r.match(Method::get, "/api/orders/abc");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/orders/{customerId}");
}

TEST(Router, OtherMethodsAreReportedForA405) {
  auto r = make_router();
  auto m = r.match(Method::del, "/api/orders/x/paid");
  EXPECT_FALSE(m.route);
  ASSERT_EQ(m.allowed.size(), 1u);
  EXPECT_EQ(m.allowed[0], Method::patch);
}

TEST(Router, UnknownPathMatchesNothing) {
  auto r = make_router();
  auto m = r.match(Method::get, "/api/nothing/here/at/all");
  EXPECT_FALSE(m.route);
  EXPECT_TRUE(m.allowed.empty());
}

TEST(Router, CatchAllTakesTheRest) {
  auto r = make_router();
  auto m = r.match(Method::get, "/web/css/site.css");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params["path"], "css/site.css");
}

TEST(Router, HeadUsesGetRoutes) {
  auto r = make_router();
  EXPECT_TRUE(r.match(Method::head, "/api/orders/x").route);
}

}  // namespace
}  // namespace wolfix::http
