// /api/categories: the parent/child tree, attributes and variants, admin management.
#include "catalog_api_helpers.hpp"
#include "catalog_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class CatalogCategoriesTest : public ServerSuite<CatalogCategoriesTest> {
 public:
  static void prepare(TestServer&) {
    admin = new Actor(make_actor(*server, "Admin"));
    seller = new Actor(make_actor(*server, "Seller"));
    customer = new Actor(make_actor(*server, "Customer"));
  }
  static void finish() {
    delete admin;
    delete seller;
    delete customer;
  }

 protected:
  static Reply create_parent(const std::string& name, const std::string& token) {
    return MultipartBuilder().field("name", name).send(*server, "POST", "/api/categories", token);
  }
  static Actor* admin;
  static Actor* seller;
  static Actor* customer;
};
Actor* CatalogCategoriesTest::admin = nullptr;
Actor* CatalogCategoriesTest::seller = nullptr;
Actor* CatalogCategoriesTest::customer = nullptr;

TEST_F(CatalogCategoriesTest, AdminCreatesAParentWithAPhotoServedFromTheBlobStore) {
  auto name = unique_name("Електроніка");
  auto png = test_png(16);
  auto r = MultipartBuilder()
               .field("Name", name)
               .field("Description", "Phones and laptops")
               .file("Photo", "cat.png", "image/png", png)
               .send(*server, "POST", "/api/categories", admin->token);
  ASSERT_EQ(r.status, 204) << r.body;
  auto list = server->get("/api/categories/parent");
  ASSERT_EQ(list.status, 200);
  std::string photo;
  for (const auto& c : json_array(list))
    if (c.at("name").as_string() == name) photo = std::string(c.at("photoUrl").as_string());
  ASSERT_FALSE(photo.empty());
  auto img = server->get(photo);
  EXPECT_EQ(img.status, 200);
  EXPECT_EQ(img.body, png);
  EXPECT_EQ(img.headers["content-type"], "image/png");
}

TEST_F(CatalogCategoriesTest, CreatingNeedsTheAdminRole) {
  EXPECT_EQ(create_parent(unique_name("x"), "").status, 401);
  EXPECT_EQ(create_parent(unique_name("x"), customer->token).status, 403);
  EXPECT_EQ(create_parent(unique_name("x"), seller->token).status, 403);
  auto super = make_actor(*server, "SuperAdmin");
  EXPECT_EQ(create_parent(unique_name("x"), super.token).status, 204);
}

TEST_F(CatalogCategoriesTest, NamesAreRequiredAndUniqueIgnoringCase) {
  auto blank = create_parent("   ", admin->token);
  EXPECT_EQ(blank.status, 400);
  EXPECT_EQ(blank.code(), "validation_failed");
  auto missing = MultipartBuilder()
                     .field("description", "d")
                     .send(*server, "POST", "/api/categories", admin->token);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(create_parent(std::string(101, 'n'), admin->token).status, 400);

  std::string name = unique_name("Одяг");
  ASSERT_EQ(create_parent(name, admin->token).status, 204);
  std::string upper = name;
  upper.replace(0, std::string("Одяг").size(), "ОДЯГ");
  auto dup = create_parent(upper, admin->token);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "category_exists");
}

TEST_F(CatalogCategoriesTest, PhotoUploadsAreCheckedByContentAndSize) {
  auto pdf = MultipartBuilder()
                 .field("name", unique_name("pdf"))
                 .file("photo", "x.png", "image/png", test_pdf())
                 .send(*server, "POST", "/api/categories", admin->token);
  EXPECT_EQ(pdf.status, 415);
  EXPECT_EQ(pdf.code(), "unsupported_media_type");
  auto big = MultipartBuilder()
                 .field("name", unique_name("big"))
                 .file("photo", "x.jpg", "image/jpeg", test_jpeg((10u << 20) + 1))
                 .send(*server, "POST", "/api/categories", admin->token);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.code(), "file_too_large");
  auto json = server->post("/api/categories", boost::json::object{{"name", "x"}}, admin->token);
  EXPECT_EQ(json.status, 415);
  auto broken = server->request("POST", "/api/categories", "--b\r\nno end", admin->token,
                                {{"Content-Type", "multipart/form-data; boundary=b"}});
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.code(), "malformed_multipart");
}

TEST_F(CatalogCategoriesTest, ChildCategoriesWithAttributesAndVariants) {
  auto c = api_category(*server, *admin, "Смартфони", {"Бренд", "Пам'ять"}, {"Колір"});
  ASSERT_FALSE(c.id.empty());
  ASSERT_EQ(c.attribute_ids.size(), 2u);
  ASSERT_EQ(c.variant_ids.size(), 1u);
  auto attrs = server->get("/api/categories/child/" + c.id + "/attributes", seller->token);
  ASSERT_EQ(attrs.status, 200);
  EXPECT_EQ(attrs.json().as_array()[0].at("key"), "Бренд");

  auto children = server->get("/api/categories/child/" + c.parent_id);
  ASSERT_EQ(children.status, 200);
  ASSERT_EQ(children.json().as_array().size(), 1u);
  EXPECT_EQ(children.json().as_array()[0].at("id"), c.id);
  EXPECT_TRUE(children.json().as_array()[0].as_object().contains("photoUrl"));

  // All child categories (a 500 in Wolfix.Server: S16).
  auto all = server->get("/api/categories/child");
  ASSERT_EQ(all.status, 200);
  bool found = false;
  for (const auto& x : json_array(all)) found |= x.at("id") == c.id;
  EXPECT_TRUE(found);
  // Parents are not children.
  for (const auto& x : json_array(all)) EXPECT_NE(x.at("id"), c.parent_id);
}

TEST_F(CatalogCategoriesTest, ChildCreationFailures) {
  auto c = api_category(*server, *admin, "Ноутбуки");
  auto post = [&](const std::string& parent, MultipartBuilder b) {
    return b.send(*server, "POST", "/api/categories/" + parent, admin->token);
  };
  // As in Wolfix.Server ({parentId:guid}): a path whose id is not a GUID is no route at all.
  EXPECT_EQ(post("not-a-guid", MultipartBuilder().field("name", unique_name("c"))).status, 404);
  EXPECT_EQ(post("0193a5c2-7d1e-7abc-8def-0123456789ab",
                 MultipartBuilder().field("name", unique_name("c")))
                .status,
            404);
  auto grandchild = post(c.id, MultipartBuilder().field("name", unique_name("c")));
  EXPECT_EQ(grandchild.status, 409);
  EXPECT_EQ(grandchild.code(), "not_a_parent");
  auto dup_keys = post(c.parent_id, MultipartBuilder()
                                        .field("name", unique_name("c"))
                                        .field("attributeKeys[0]", "Brand")
                                        .field("attributeKeys[1]", "Brand"));
  EXPECT_EQ(dup_keys.status, 409);
  auto blank_key = post(
      c.parent_id, MultipartBuilder().field("name", unique_name("c")).field("variantKeys", " "));
  EXPECT_EQ(blank_key.status, 400);
  EXPECT_EQ(post(c.parent_id, MultipartBuilder().field("name", unique_name("c"))).status, 204);
  EXPECT_EQ(server->get("/api/categories/child/0193a5c2-7d1e-7abc-8def-0123456789ab").status, 404);
  EXPECT_EQ(server->get("/api/categories/child/nope").status, 404);
}

TEST_F(CatalogCategoriesTest, AttributesNeedASellerOrAdminAndAChildCategory) {
  auto c = api_category(*server, *admin, "Навушники");
  EXPECT_EQ(server->get("/api/categories/child/" + c.id + "/attributes").status, 401);
  EXPECT_EQ(server->get("/api/categories/child/" + c.id + "/attributes", customer->token).status,
            403);
  EXPECT_EQ(server->get("/api/categories/child/" + c.id + "/attributes", admin->token).status, 200);
  EXPECT_EQ(
      server->get("/api/categories/child/" + c.parent_id + "/attributes", seller->token).status,
      404);
  EXPECT_EQ(server
                ->get("/api/categories/child/0193a5c2-7d1e-7abc-8def-0123456789ab/attributes",
                      seller->token)
                .status,
            404);
}

TEST_F(CatalogCategoriesTest, RenamingParentsAndChildren) {
  auto c = api_category(*server, *admin, "Rename");
  auto other = api_category(*server, *admin, "Taken");
  std::string new_name = unique_name("Renamed parent");
  auto r = server->patch("/api/categories/" + c.parent_id,
                         boost::json::object{{"name", new_name}, {"description", "New text"}},
                         admin->token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("name"), new_name);
  EXPECT_EQ(r.json().at("description"), "New text");
  EXPECT_EQ(category_id_by_name(*server, new_name), c.parent_id);
  // Only the name: the description stays; null removes it.
  auto keep = server->patch("/api/categories/" + c.parent_id,
                            boost::json::object{{"name", new_name}}, admin->token);
  EXPECT_EQ(keep.json().at("description"), "New text");
  auto cleared = server->patch("/api/categories/" + c.parent_id,
                               boost::json::object{{"name", new_name}, {"description", nullptr}},
                               admin->token);
  EXPECT_TRUE(cleared.json().at("description").is_null());

  EXPECT_EQ(
      server->patch("/api/categories/" + c.id, boost::json::object{{"name", "x"}}, admin->token)
          .status,
      409);  // a child through the parent route
  EXPECT_EQ(server
                ->patch("/api/categories/child/" + c.parent_id, boost::json::object{{"name", "x"}},
                        admin->token)
                .status,
            409);
  auto child =
      server->patch("/api/categories/child/" + c.id,
                    boost::json::object{{"name", unique_name("Renamed child")}}, admin->token);
  EXPECT_EQ(child.status, 200);
  auto taken_name =
      server->get("/api/categories/child/" + other.parent_id).json().as_array()[0].at("name");
  auto taken = server->patch("/api/categories/child/" + c.id,
                             boost::json::object{{"name", taken_name}}, admin->token);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(server
                ->patch("/api/categories/" + c.parent_id, boost::json::object{{"name", " "}},
                        admin->token)
                .status,
            400);
  EXPECT_EQ(server
                ->patch("/api/categories/" + c.parent_id,
                        boost::json::object{{"name", "ok"}, {"description", "  "}}, admin->token)
                .status,
            400);
  EXPECT_EQ(server
                ->patch("/api/categories/0193a5c2-7d1e-7abc-8def-0123456789ab",
                        boost::json::object{{"name", unique_name("n")}}, admin->token)
                .status,
            404);
  EXPECT_EQ(server
                ->patch("/api/categories/" + c.parent_id, boost::json::object{{"name", "x"}},
                        seller->token)
                .status,
            403);
}

TEST_F(CatalogCategoriesTest, AddingAndRemovingAttributesAndVariants) {
  auto c = api_category(*server, *admin, "Keys", {}, {});
  auto base = "/api/categories/child/" + c.id;
  EXPECT_EQ(server->post(base + "/attributes", boost::json::object{{"key", "Brand"}}, admin->token)
                .status,
            204);
  auto dup =
      server->post(base + "/attributes", boost::json::object{{"key", "Brand"}}, admin->token);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(
      server->post(base + "/attributes", boost::json::object{{"key", ""}}, admin->token).status,
      400);
  EXPECT_EQ(server->post(base + "/attributes", boost::json::object{}, admin->token).status, 400);
  EXPECT_EQ(server
                ->post("/api/categories/child/" + c.parent_id + "/attributes",
                       boost::json::object{{"key", "X"}}, admin->token)
                .status,
            409);
  EXPECT_EQ(server
                ->post("/api/categories/child/0193a5c2-7d1e-7abc-8def-0123456789ab/attributes",
                       boost::json::object{{"key", "X"}}, admin->token)
                .status,
            404);
  EXPECT_EQ(
      server->post(base + "/attributes", boost::json::object{{"key", "X"}}, seller->token).status,
      403);
  EXPECT_EQ(
      server->post(base + "/variants", boost::json::object{{"key", "Size"}}, admin->token).status,
      204);
  EXPECT_EQ(
      server->post(base + "/variants", boost::json::object{{"key", "Size"}}, admin->token).status,
      409);

  auto attrs = server->get(base + "/attributes", admin->token).json().as_array();
  ASSERT_EQ(attrs.size(), 1u);
  std::string attr_id(attrs[0].at("id").as_string());
  auto vars = server->get(base + "/variants", admin->token).json().as_array();
  ASSERT_EQ(vars.size(), 1u);
  std::string var_id(vars[0].at("id").as_string());

  auto other = api_category(*server, *admin, "Other keys");
  EXPECT_EQ(
      server->del("/api/categories/child/" + other.id + "/attributes/" + attr_id, admin->token)
          .status,
      404);  // not this category's attribute
  EXPECT_EQ(server->del(base + "/attributes/" + attr_id, seller->token).status, 403);
  EXPECT_EQ(server->del(base + "/attributes/" + attr_id, admin->token).status, 204);
  EXPECT_EQ(server->del(base + "/attributes/" + attr_id, admin->token).status, 404);
  EXPECT_EQ(server->del(base + "/variants/" + var_id, admin->token).status, 204);
  EXPECT_EQ(server->del(base + "/variants/" + var_id, admin->token).status, 404);
  EXPECT_EQ(server->del(base + "/variants/bad-id", admin->token).status, 404);  // no route
  EXPECT_TRUE(server->get(base + "/attributes", admin->token).json().as_array().empty());
}

TEST_F(CatalogCategoriesTest, AttributesWithValuesListDistinctValuesOfLiveProducts) {
  auto c = api_category(*server, *admin, "Values", {"Brand", "Color"});
  auto& brand = c.attribute_ids[0];
  auto& color = c.attribute_ids[1];
  auto attrs = [&](const std::string& b, const std::string& col) {
    return "[{\"id\":\"" + brand + "\",\"value\":\"" + b + "\"},{\"id\":\"" + color +
           "\",\"value\":\"" + col + "\"}]";
  };
  api_product(*server, *seller, c.id, "A", "10", attrs("Apple", "Black"));
  api_product(*server, *seller, c.id, "B", "20", attrs("Samsung", "Black"));
  auto gone = api_product(*server, *seller, c.id, "C", "30", attrs("Xiaomi", "White"));
  ASSERT_EQ(server->del("/api/products/" + gone, seller->token).status, 204);

  auto r = server->get("/api/categories/child/" + c.id + "/attributes-with-values");
  ASSERT_EQ(r.status, 200) << r.body;
  auto arr = r.json().as_array();
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[0].at("attributeId"), brand);
  EXPECT_EQ(arr[0].at("key"), "Brand");
  EXPECT_EQ(arr[0].at("values"), (boost::json::array{"Apple", "Samsung"}));
  EXPECT_EQ(arr[1].at("values"), (boost::json::array{"Black"}));

  EXPECT_EQ(server->get("/api/categories/child/" + c.parent_id + "/attributes-with-values").status,
            400);
  EXPECT_EQ(
      server
          ->get("/api/categories/child/0193a5c2-7d1e-7abc-8def-0123456789ab/attributes-with-values")
          .status,
      404);
}

TEST_F(CatalogCategoriesTest, DeletingIsRefusedWhileChildrenOrProductsRemain) {
  auto c = api_category(*server, *admin, "Delete me");
  auto product = api_product(*server, *seller, c.id, "Last product", "10");
  auto parent = server->del("/api/categories/" + c.parent_id, admin->token);
  EXPECT_EQ(parent.status, 409);
  EXPECT_EQ(parent.code(), "category_has_children");
  auto child = server->del("/api/categories/" + c.id, admin->token);
  EXPECT_EQ(child.status, 409);
  EXPECT_EQ(child.code(), "category_has_products");
  EXPECT_EQ(server->del("/api/categories/" + c.id, seller->token).status, 403);

  ASSERT_EQ(server->del("/api/products/" + product, seller->token).status, 204);
  auto child_name =
      server->get("/api/categories/child/" + c.parent_id).json().as_array()[0].at("name");
  EXPECT_EQ(server->del("/api/categories/" + c.id, admin->token).status, 204);
  EXPECT_TRUE(server->get("/api/categories/child/" + c.parent_id).json().as_array().empty());
  EXPECT_EQ(server->get("/api/products/category/" + c.id + "/page/1").status, 404);
  EXPECT_EQ(server->del("/api/categories/" + c.id, admin->token).status, 404);
  EXPECT_EQ(server->del("/api/categories/" + c.parent_id, admin->token).status, 204);
  for (const auto& x : json_array(server->get("/api/categories/parent")))
    EXPECT_NE(x.at("id"), c.parent_id);
  // The names are free again.
  EXPECT_EQ(create_parent(std::string(child_name.as_string()), admin->token).status, 204);
  // No new products in a deleted category.
  Reply reply;
  EXPECT_EQ(api_product(*server, *seller, c.id, "Late", "10", "", 1, &reply), "");
  EXPECT_EQ(reply.status, 404);
}

}  // namespace
}  // namespace wolfix::test
