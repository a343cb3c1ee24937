// The API reference's assembly (apidoc/document.cpp): registrations against descriptions, and
// how a route's shorthand becomes an OpenAPI operation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "apidoc/document.hpp"

namespace wolfix::apidoc {
namespace {

constexpr std::string_view kHead = R"({"openapi": "3.1.0", "info": {"title": "t"},
  "components": {"schemas": {"Error": {"type": "object"}}}})";

boost::json::object op(const Built& b, const char* path, const char* method) {
  return boost::json::parse(b.json).at("paths").at(path).at(method).as_object();
}

TEST(ApiDocument, ReportsRoutesWithoutDescriptionsAndDescriptionsWithoutRoutes) {
  std::string module = R"({"routes": {
    "GET /a": {"summary": "A", "responses": {"200": null}},
    "GET /gone": {"summary": "Gone", "responses": {"200": null}}}})";
  auto b =
      build(kHead, "intro", {{"m/api.json", module}}, {{"GET", "/a"}, {"POST", "/new"}}, "1.2.3");
  EXPECT_EQ(b.undocumented, std::vector<std::string>{"POST /new"});
  EXPECT_EQ(b.unrouted, std::vector<std::string>{"GET /gone"});
  auto doc = boost::json::parse(b.json);
  EXPECT_EQ(doc.at("info").at("version"), "1.2.3");
  EXPECT_EQ(doc.at("info").at("description"), "intro");
  EXPECT_FALSE(doc.at("paths").as_object().contains("/gone"));
}

TEST(ApiDocument, WhoMayCallComesFromTheRegistration) {
  std::string module = R"({"routes": {"POST /o/{orderId}": {"summary": "S",
    "params": {"orderId": "uuid"}, "body": "Thing",
    "responses": {"201": "Thing", "403": ["not_owner"], "409": ["taken", "gone"]}}}})";
  auto b = build(kHead, "", {{"m/api.json", module}},
                 {{"POST", "/o/{orderId}", true, {"Seller", "Admin"}}}, "1");
  auto o = op(b, "/o/{orderId}", "post");
  EXPECT_EQ(o.at("x-roles"), (boost::json::array{"Seller", "Admin"}));
  EXPECT_EQ(o.at("security").as_array().size(), 1u);
  auto& r = o.at("responses").as_object();
  EXPECT_EQ(r.at("201").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/Thing");
  // 400 gathers what the path and the body may answer; 403 adds the role refusal; 401 is added.
  auto codes = [&](const char* status) {
    return r.at(status)
        .at("content")
        .at("application/json")
        .at("schema")
        .at("allOf")
        .at(1)
        .at("properties")
        .at("code")
        .at("enum");
  };
  EXPECT_EQ(codes("400"), (boost::json::array{"body_required", "invalid_id", "malformed_json"}));
  EXPECT_EQ(codes("403"), (boost::json::array{"forbidden", "not_owner"}));
  EXPECT_EQ(codes("409"), (boost::json::array{"gone", "taken"}));
  EXPECT_TRUE(r.contains("401"));
  EXPECT_TRUE(r.contains("413"));
  EXPECT_EQ(o.at("parameters").at(0).at("schema").at("$ref"), "#/components/schemas/Uuid");
}

TEST(ApiDocument, AnyoneHasNoSecurityAndCatchAllIsAPathParameter) {
  std::string module = R"({"routes": {"GET /media/{*path}": {"summary": "M",
    "responses": {"200": {"description": "A file"}}}}})";
  auto b = build(kHead, "", {{"m/api.json", module}}, {{"GET", "/media/{*path}"}}, "1");
  auto o = op(b, "/media/{path}", "get");
  EXPECT_FALSE(o.contains("security"));
  EXPECT_FALSE(o.at("responses").as_object().contains("401"));
  EXPECT_EQ(o.at("parameters").at(0).at("name"), "path");
  EXPECT_EQ(o.at("parameters").at(0).at("x-catch-all"), true);
  EXPECT_EQ(o.at("operationId"), "getMediaByPath");
}

TEST(ApiDocument, MalformedDescriptionsAreBuildErrors) {
  EXPECT_THROW(build(kHead, "", {{"m/api.json", "{"}}, {}, "1"), std::runtime_error);
  std::string twice = R"({"schemas": {"Error": {}}})";
  EXPECT_THROW(build(kHead, "", {{"m/api.json", twice}}, {}, "1"), std::runtime_error);
  std::string auth = R"({"routes": {"GET /a": {"auth": ["Admin"], "responses": {}}}})";
  EXPECT_THROW(build(kHead, "", {{"m/api.json", auth}}, {{"GET", "/a"}}, "1"), std::runtime_error);
  std::string stray = R"({"routes": {"GET /a": {"params": {"x": "uuid"}, "responses": {}}}})";
  EXPECT_THROW(build(kHead, "", {{"m/api.json", stray}}, {{"GET", "/a"}}, "1"), std::runtime_error);
}

}  // namespace
}  // namespace wolfix::apidoc
