// Every product listing is served by an index, never by scanning or sorting the products table:
// the plans of the exact statements the catalog runs (catalog/queries.hpp) are checked on the
// database under test. On PostgreSQL the planner is told to avoid sequential scans and sorts
// (a small test table would otherwise be scanned, index or not), so a Seq Scan or Sort left in
// the plan means no index can serve the query. WOLFIX_PRINT_PLANS=1 prints the plans
// (docs/query-plans.md was made that way).
#include <cstdlib>
#include <iostream>

#include "catalog/model.hpp"
#include "catalog/queries.hpp"
#include "catalog/seed.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "media/blob_store.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace q = catalog::queries;

class CatalogQueryPlanTest : public ServerSuite<CatalogQueryPlanTest> {
 public:
  // Plans are looked at over a few thousand seeded products with fresh statistics, as the
  // planners see a real catalog.
  static void prepare(TestServer& server) {
    auto seller = make_actor(server, "Seller");
    catalog::SeedOptions opts;
    opts.seller_ids = {seller.profile_id};
    opts.products = 3000;
    opts.defer_indexes_from = 1;  // the bulk load's path: the plans prove the indexes came back
    catalog::seed_catalog(server.app().database(), server.clock(),
                          media::BlobStore::from_config(server.config()), opts);
    server.probe().analyze();
  }

 protected:
  // The plan as text lines. `ordered`: the index must also deliver the order (no sort).
  static std::vector<std::string> plan(const std::string& sql, const db::Params& params,
                                       bool ordered = true) {
    auto lines = probe().plan(sql, params, ordered);
    if (const char* p = std::getenv("WOLFIX_PRINT_PLANS"); p && *p == '1') {
      std::cout << "\n-- " << sql << "\n";
      for (const auto& l : lines) std::cout << l << "\n";
    }
    return lines;
  }

  static bool mentions(const std::vector<std::string>& lines, const std::string& what) {
    for (const auto& l : lines)
      if (l.find(what) != std::string::npos) return true;
    return false;
  }

  // No full scan of products, no sort (unless allowed), and the named index is used.
  static void expect_indexed(const std::vector<std::string>& lines, const std::string& index,
                             bool ordered = true) {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    EXPECT_TRUE(mentions(lines, index)) << "expected index " << index << " in:\n" << all;
    if (testing_postgres()) {
      EXPECT_FALSE(mentions(lines, "Seq Scan on products")) << all;
      if (ordered) {
        for (const auto& l : lines) EXPECT_EQ(l.find("Sort  ("), std::string::npos) << all;
      }
    } else {
      for (const auto& l : lines) EXPECT_NE(l, "SCAN p") << all;
      if (ordered) {
        EXPECT_FALSE(mentions(lines, "TEMP B-TREE")) << all;
      }
    }
  }
};

const std::string kId = "0193a5c2-7d1e-7abc-8def-0123456789ab";

TEST_F(CatalogQueryPlanTest, CategoryPage) {
  expect_indexed(plan(q::category_page(), {kId, 20, 40}), "products_category_price");
}

// Deep pages (catalog/page_boundaries.hpp): a seek past a remembered sort key in the index, so
// page 500 reads what page 1 does plus fewer than 64 skipped entries; the keys are found by the
// same seek.
TEST_F(CatalogQueryPlanTest, DeepCategoryPagesSeekPastARememberedKey) {
  const std::string seek =
      testing_postgres() ? "ROW(final_price_minor, id) > ROW(" : "(final_price_minor,id)>(?,?)";
  auto page = plan(q::category_page_after(), {kId, int64_t{10000}, kId, 20, 40});
  expect_indexed(page, "products_category_price");
  EXPECT_TRUE(mentions(page, seek));
  auto next_key = plan(q::category_key_at(true), {kId, int64_t{10000}, kId, 1, 63});
  expect_indexed(next_key, "products_category_price");
  EXPECT_TRUE(mentions(next_key, seek));
  expect_indexed(plan(q::category_key_at(false), {kId, 1, 63}), "products_category_price");
}

TEST_F(CatalogQueryPlanTest, CategoryPageByRating) {
  expect_indexed(plan(q::category_page_rated(true, false), {kId, 20, 40}),
                 "products_category_rating");
  expect_indexed(plan(q::category_page_rated(true, true), {kId, 4.5, 20, 0}),
                 "products_category_rating");
  expect_indexed(plan(q::category_rated_count(), {kId, 4.5}), "products_category_rating", false);
}

TEST_F(CatalogQueryPlanTest, DiscountPage) {
  expect_indexed(plan(q::discount_page(), {int64_t{1}, 4, 0}), "products_discount");
}

TEST_F(CatalogQueryPlanTest, RandomAndRecommended) {
  expect_indexed(plan(q::random_from(false, false), {"8000abcd", 12}), "products_shuffle");
  expect_indexed(plan(q::random_from(false, true), {"8000abcd", 12}), "products_shuffle");
  expect_indexed(plan(q::random_from(true, false), {"8000abcd", kId, 12}),
                 "products_category_shuffle");
  expect_indexed(plan(q::random_from(true, true), {"8000abcd", kId, 12}),
                 "products_category_shuffle");
}

TEST_F(CatalogQueryPlanTest, SellerPage) {
  expect_indexed(plan(q::seller_count(), {kId, kId}), "products_seller_category", false);
  expect_indexed(plan(q::seller_page(), {kId, kId, 20, 0}), "products_seller_category");
}

TEST_F(CatalogQueryPlanTest, Filter) {
  auto lines = plan(q::filter(true, true, {2, 1}), {kId, int64_t{100}, int64_t{900}, kId, "Apple",
                                                    "Samsung", kId, "Black", 30, 0});
  expect_indexed(lines, "products_category_price");
  if (testing_postgres()) {
    // Checked per product in price order, never joined from all products with the value.
    EXPECT_TRUE(mentions(lines, "SubPlan 1"));
    EXPECT_TRUE(mentions(lines, "SubPlan 2"));
  } else {
    // Each attribute condition is a primary-key lookup per product.
    int lookups = 0;
    for (const auto& l : lines)
      lookups += l.find("SEARCH v USING") != std::string::npos &&
                 l.find("product_id=? AND attribute_id=?") != std::string::npos;
    EXPECT_EQ(lookups, 2);
  }
}

// Search finds its candidates in memory (catalog/search_index.hpp); the database serves the
// index's look at the products written since its last one, and the ranked page's rows.
TEST_F(CatalogQueryPlanTest, SearchReadsRecentWritesAndItsPageByIndex) {
  expect_indexed(plan(q::written_since(), {int64_t{1}}, false), "products_updated", false);
  if (testing_postgres()) {
    expect_indexed(plan(q::products_by_ids(2), {kId, kId}), "products_pkey", false);
  } else {
    EXPECT_TRUE(mentions(plan(q::products_by_ids(2), {kId, kId}, false),
                         "SEARCH p USING INDEX sqlite_autoindex_products_1 (id=?)"));
  }
}

// A product's page, and the check of cached details (catalog/detail_cache.hpp): primary keys
// only, whatever the size of the catalog.
TEST_F(CatalogQueryPlanTest, ProductDetailAndItsCheckReadByPrimaryKey) {
  db::Params ids;
  for (int i = 0; i < 8; ++i) ids.emplace_back(kId);
  if (testing_postgres()) {
    expect_indexed(plan(q::detail_stamps(8), ids, false), "products_pkey", false);
    expect_indexed(plan(q::product_detail(), {kId, kId, kId, kId}, false), "products_pkey", false);
  } else {
    EXPECT_TRUE(mentions(plan(q::detail_stamps(8), ids, false),
                         "SEARCH p USING INDEX sqlite_autoindex_products_1 (id=?)"));
    EXPECT_TRUE(mentions(plan(q::product_detail(), {kId, kId, kId, kId}, false),
                         "SEARCH p USING INDEX sqlite_autoindex_products_1 (id=?)"));
  }
}

}  // namespace
}  // namespace wolfix::test
