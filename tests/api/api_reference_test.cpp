// The API reference: GET /openapi.json describes exactly the routes the server registered (each
// module's src/<module>/api.json), is cached like the storefront's files, and GET /docs shows it
// unless turned off. tests/openapi validates every recorded answer of this suite against it.
#include "harness.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

std::string listed(const std::vector<std::string>& routes) {
  std::string out;
  for (const auto& r : routes) out += "\n  " + r;
  return out;
}

class ApiReference : public PerTestSuite<ApiReference> {};

TEST_F(ApiReference, EveryRouteIsDescribedAndEveryDescriptionIsARoute) {
  // Development with the sandbox: every optional route (demo accounts, /docs, the sandbox's) on.
  auto& server = own_server();
  EXPECT_TRUE(server.app().undocumented_routes().empty())
      << "routes without a description in src/<module>/api.json:"
      << listed(server.app().undocumented_routes());
  EXPECT_TRUE(server.app().unrouted_descriptions().empty())
      << "descriptions of routes that are not registered:"
      << listed(server.app().unrouted_descriptions());
}

TEST_F(ApiReference, DocumentIsOpenApi31WithRevalidation) {
  auto& server = own_server();
  auto r = server.get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.headers["content-type"].starts_with("application/json"));
  auto doc = r.json().as_object();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version"), WOLFIX_VERSION);
  auto& paths = doc.at("paths").as_object();
  EXPECT_TRUE(paths.contains("/api/orders/{orderId}/refunds"));
  EXPECT_TRUE(paths.at("/api/orders").as_object().contains("post"));
  // The catch-all pattern "/media/{*path}" is an ordinary OpenAPI path parameter.
  EXPECT_TRUE(paths.contains("/media/{path}"));

  auto etag = r.headers["etag"];
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(r.headers["cache-control"], "no-cache");
  auto again = server.request("GET", "/openapi.json", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(ApiReference, RolesAndErrorCodesArePartOfEachOperation) {
  auto& server = own_server();
  auto doc = server.get("/openapi.json").json();
  auto& refund = doc.at("paths").at("/api/orders/{orderId}/refunds").at("post").as_object();
  EXPECT_EQ(refund.at("x-roles"), (boost::json::array{"Seller", "Admin", "SuperAdmin"}));
  EXPECT_TRUE(refund.at("responses").as_object().contains("401"));
  EXPECT_TRUE(refund.at("responses").as_object().contains("403"));
  auto& place = doc.at("paths").at("/api/orders/with-payment").at("post").as_object();
  bool idempotency = false;
  for (const auto& p : place.at("parameters").as_array())
    if (auto* r = p.as_object().if_contains("$ref"))
      idempotency |= r->as_string().starts_with("#/components/parameters/IdempotencyKey");
  EXPECT_TRUE(idempotency);
}

TEST_F(ApiReference, DevelopmentOnlyRoutesAreLeftOutWhenAbsent) {
  auto& server = own_server([](Config& c) { c.api_docs = false; });
  EXPECT_TRUE(server.app().undocumented_routes().empty())
      << listed(server.app().undocumented_routes());
  auto doc = server.get("/openapi.json").json();
  EXPECT_FALSE(doc.at("paths").as_object().contains("/docs"));
  EXPECT_EQ(server.get("/docs").status, 404);
}

TEST_F(ApiReference, DocsShowTheDocumentWithTheViewerInTheBinary) {
  auto& server = own_server();
  auto page = server.get("/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(page.headers["content-type"].starts_with("text/html"));
  EXPECT_NE(page.body.find("/openapi.json"), std::string::npos);
  EXPECT_EQ(page.body.find("http://"), std::string::npos)
      << "the page loads nothing from elsewhere";
  EXPECT_EQ(page.body.find("https://"), std::string::npos)
      << "the page loads nothing from elsewhere";
  auto viewer = server.get("/docs/redoc.standalone.js");
  EXPECT_EQ(viewer.status, 200);
  EXPECT_TRUE(viewer.headers["content-type"].starts_with("text/javascript") ||
              viewer.headers["content-type"].starts_with("application/javascript"));
  EXPECT_GT(viewer.body.size(), 100000u);
  EXPECT_EQ(server.get("/docs/nope.js").status, 404);
}

}  // namespace
}  // namespace wolfix::test
