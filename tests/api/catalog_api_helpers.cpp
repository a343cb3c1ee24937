#include "catalog_api_helpers.hpp"

#include <atomic>

#include "common/crypto.hpp"
#include "common/uuid.hpp"

namespace wolfix::test {

std::string unique_name(const std::string& hint) {
  static std::atomic<int> n{0};
  return hint + " " + std::to_string(++n) + random_alnum(5);
}

std::string category_id_by_name(TestServer& server, const std::string& name,
                                const std::string& parent_id) {
  auto r = server.get(parent_id.empty() ? "/api/categories/parent"
                                        : "/api/categories/child/" + parent_id);
  if (r.status != 200) return "";
  for (const auto& c : json_array(r))
    if (c.at("name").as_string() == name) return std::string(c.at("id").as_string());
  return "";
}

ApiCategory api_category(TestServer& server, const Actor& admin, const std::string& hint,
                         const std::vector<std::string>& attribute_keys,
                         const std::vector<std::string>& variant_keys) {
  ApiCategory c;
  std::string parent = unique_name(hint + " parent");
  auto r1 =
      MultipartBuilder().field("name", parent).send(server, "POST", "/api/categories", admin.token);
  EXPECT_EQ(r1.status, 204) << r1.body;
  c.parent_id = category_id_by_name(server, parent);
  std::string child = unique_name(hint);
  MultipartBuilder b;
  b.field("name", child).field("description", "Child category for tests");
  for (const auto& k : attribute_keys) b.field("attributeKeys", k);
  for (const auto& k : variant_keys) b.field("variantKeys", k);
  auto r2 = b.send(server, "POST", "/api/categories/" + c.parent_id, admin.token);
  EXPECT_EQ(r2.status, 204) << r2.body;
  c.id = category_id_by_name(server, child, c.parent_id);
  auto attrs = server.get("/api/categories/child/" + c.id + "/attributes", admin.token);
  if (attrs.status == 200)
    for (const auto& a : json_array(attrs)) c.attribute_ids.emplace_back(a.at("id").as_string());
  auto vars = server.get("/api/categories/child/" + c.id + "/variants", admin.token);
  if (vars.status == 200)
    for (const auto& a : json_array(vars)) c.variant_ids.emplace_back(a.at("id").as_string());
  return c;
}

void allow_category(TestServer& server, const Actor& seller, const std::string& category_id) {
  server.probe().allow_category(new_uuid_v7(), seller.profile_id, category_id,
                                server.clock().now_ms());
}

std::string api_product(TestServer& server, const Actor& seller, const std::string& category_id,
                        const std::string& title, const std::string& price,
                        const std::string& attributes_json, int stock, Reply* out) {
  allow_category(server, seller, category_id);
  MultipartBuilder b;
  b.field("title", title)
      .field("description", "Description of " + title)
      .field("price", price)
      .field("status", "InStock")
      .field("categoryId", category_id)
      .field("sellerId", seller.profile_id)
      .field("stock", std::to_string(stock));
  if (!attributes_json.empty()) b.field("attributes", attributes_json);
  auto r = b.send(server, "POST", "/api/products", seller.token);
  if (out) *out = r;
  if (r.status != 204) return "";
  auto loc = r.headers["location"];
  return loc.substr(loc.rfind('/') + 1);
}

}  // namespace wolfix::test
