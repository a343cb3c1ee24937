// The demo catalog: believable categories and products that every listing can serve.
#include "catalog/seed.hpp"
#include "catalog_api_helpers.hpp"
#include "media/blob_store.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class CatalogSeedTest : public ServerSuite<CatalogSeedTest> {
 protected:
  static catalog::SeedResult seed(const std::vector<std::string>& sellers, int64_t products) {
    catalog::SeedOptions opts;
    opts.seller_ids = sellers;
    opts.products = products;
    opts.batch_rows = 37;  // odd sizes exercise partial batches
    opts.rows_per_transaction = 100;
    return catalog::seed_catalog(server->app().database(), server->clock(),
                                 media::BlobStore::from_config(server->config()), opts);
  }
};

TEST_F(CatalogSeedTest, FillsEveryListingConsistently) {
  auto s1 = make_actor(*server, "Seller");
  auto s2 = make_actor(*server, "Seller");
  auto result = seed({s1.profile_id, s2.profile_id}, 250);
  EXPECT_EQ(result.products, 250);
  EXPECT_EQ(result.parent_categories, 4);
  EXPECT_GE(result.child_categories, 8);
  EXPECT_GT(result.images, 0);

  auto parents = json_array(server->get("/api/categories/parent"));
  ASSERT_EQ(parents.size(), 4u);
  EXPECT_EQ(server->get(std::string(parents[0].at("photoUrl").as_string())).status, 200);
  int64_t total = 0;
  for (const auto& child : json_array(server->get("/api/categories/child"))) {
    std::string id(child.at("id").as_string());
    auto page = server->get("/api/products/category/" + id + "/page/1?pageSize=100");
    ASSERT_EQ(page.status, 200);
    auto j = page.json();
    total += j.at("totalItems").as_int64();
    EXPECT_EQ(static_cast<int64_t>(j.at("items").as_array().size()),
              std::min<int64_t>(100, j.at("totalItems").as_int64()));
    for (const auto& item : j.at("items").as_array()) EXPECT_FALSE(item.at("mainPhoto").is_null());
    auto values =
        json_array(server->get("/api/categories/child/" + id + "/attributes-with-values"));
    EXPECT_GE(values.size(), 2u);
  }
  EXPECT_EQ(total, 250);

  // Discounts are counted and listed.
  auto sale = server->get("/api/products/with-discount/page/1?pageSize=100").json();
  EXPECT_GT(sale.at("totalItems").as_int64(), 0);
  EXPECT_EQ(static_cast<int64_t>(sale.at("items").as_array().size()),
            sale.at("totalItems").as_int64());
  for (const auto& item : sale.at("items").as_array())
    EXPECT_LT(num(item.at("finalPrice")), num(item.at("price")));

  // Search finds the Ukrainian titles; full products read back with media and attributes.
  auto found = json_array(
      server->get("/api/products/search?searchQuery=%D1%81%D0%BC%D0%B0%D1%80%D1%82&pageSize=5"));
  ASSERT_FALSE(found.empty());
  auto full =
      server->get("/api/products/product/" + std::string(found[0].at("id").as_string())).json();
  EXPECT_EQ(full.at("medias").as_array().size(), 1u);
  EXPECT_GE(full.at("attributes").as_array().size(), 2u);
  EXPECT_EQ(full.at("categories").as_array().size(), 2u);
  EXPECT_EQ(json_array(server->get("/api/products/random?pageSize=20")).size(), 20u);

  // A second run reuses the categories and adds products.
  auto again = seed({s1.profile_id}, 40);
  EXPECT_EQ(again.parent_categories, 0);
  EXPECT_EQ(again.child_categories, 0);
  EXPECT_EQ(json_array(server->get("/api/categories/parent")).size(), 4u);
  int64_t after = 0;
  for (const auto& child : json_array(server->get("/api/categories/child")))
    after +=
        server->get("/api/products/category/" + std::string(child.at("id").as_string()) + "/page/1")
            .json()
            .at("totalItems")
            .as_int64();
  EXPECT_EQ(after, 290);
}

TEST_F(CatalogSeedTest, NeedsSellers) {
  EXPECT_THROW(seed({}, 10), std::invalid_argument);
}

}  // namespace
}  // namespace wolfix::test
