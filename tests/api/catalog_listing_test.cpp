// Product listings: category pages, discounts, recommended, random, a seller's own page,
// full-text search (Cyrillic included) and attribute filters, with their pagination edges.
#include <set>

#include "catalog_api_helpers.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

const std::string kNoSuchId = "0193a5c2-7d1e-7abc-8def-0123456789ab";

std::vector<std::string> ids_of(const boost::json::value& items) {
  std::vector<std::string> out;
  for (const auto& i : items.as_array()) out.emplace_back(i.at("id").as_string());
  return out;
}

class CatalogListingTest : public ServerSuite<CatalogListingTest> {
 public:
  static void prepare(TestServer&) {
    admin = new Actor(make_actor(*server, "Admin"));
    seller = new Actor(make_actor(*server, "Seller"));
    other_seller = new Actor(make_actor(*server, "Seller"));
    customer = new Actor(make_actor(*server, "Customer"));
  }
  static void finish() {
    for (auto* a : {admin, seller, other_seller, customer}) delete a;
  }

 protected:
  static std::string discount(const std::string& id, int percent, int hours) {
    auto r = server->post(
        "/api/products/product/" + id + "/discount",
        boost::json::object{
            {"percent", percent},
            {"expirationDateTime", iso8601_utc(server->clock().now_ms() + hours * 3600'000LL)}},
        seller->token);
    EXPECT_EQ(r.status, 204) << r.body;
    return id;
  }
  static Actor *admin, *seller, *other_seller, *customer;
};
Actor* CatalogListingTest::admin = nullptr;
Actor* CatalogListingTest::seller = nullptr;
Actor* CatalogListingTest::other_seller = nullptr;
Actor* CatalogListingTest::customer = nullptr;

TEST_F(CatalogListingTest, CategoryPagesAreSortedByFinalPriceWithTotals) {
  auto c = api_category(*server, *admin, "Paged");
  std::vector<std::string> ids;
  for (int i = 0; i < 25; ++i)
    ids.push_back(api_product(*server, *seller, c.id, "P" + std::to_string(i),
                              std::to_string(100 + i) + ".50"));
  // A discount moves the most expensive product to the front: 124.50 * 10% = 12.45.
  discount(ids[24], 90, 24);
  auto base = "/api/products/category/" + c.id + "/page/";
  auto p1 = server->get(base + "1?pageSize=10");
  ASSERT_EQ(p1.status, 200) << p1.body;
  auto j = p1.json();
  EXPECT_EQ(j.at("currentPage"), 1);
  EXPECT_EQ(j.at("totalPages"), 3);
  EXPECT_EQ(j.at("totalItems"), 25);
  auto items = j.at("items").as_array();
  ASSERT_EQ(items.size(), 10u);
  EXPECT_EQ(items[0].at("id"), ids[24]);
  EXPECT_EQ(num(items[0].at("finalPrice")), 12.45);
  EXPECT_EQ(num(items[0].at("price")), 124.5);
  EXPECT_EQ(items[1].at("id"), ids[0]);
  for (std::size_t i = 1; i + 1 < items.size(); ++i)
    EXPECT_LE(num(items[i].at("finalPrice")), num(items[i + 1].at("finalPrice")));
  // ProductShort shape.
  auto& first = items[1].as_object();
  for (const char* k :
       {"id", "title", "averageRating", "price", "finalPrice", "bonuses", "mainPhoto"})
    EXPECT_TRUE(first.contains(k)) << k;
  EXPECT_TRUE(first.at("averageRating").is_null());
  EXPECT_EQ(first.at("bonuses"), 1);

  auto p3 = server->get(base + "3?pageSize=10").json();
  EXPECT_EQ(p3.at("items").as_array().size(), 5u);
  auto p4 = server->get(base + "4?pageSize=10").json();
  EXPECT_EQ(p4.at("currentPage"), 4);
  EXPECT_EQ(p4.at("totalItems"), 25);
  EXPECT_TRUE(p4.at("items").as_array().empty());
  // Every product exactly once across the pages.
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page)
    for (auto& id :
         ids_of(server->get(base + std::to_string(page) + "?pageSize=10").json().at("items")))
      EXPECT_TRUE(seen.insert(id).second);
  EXPECT_EQ(seen.size(), 25u);
  // Default page size is 20.
  EXPECT_EQ(server->get(base + "1").json().at("items").as_array().size(), 20u);
}

TEST_F(CatalogListingTest, PaginationEdgesAre400) {
  auto c = api_category(*server, *admin, "Edges");
  auto base = "/api/products/category/" + c.id + "/page/";
  EXPECT_EQ(server->get(base + "0").status, 400);
  EXPECT_EQ(server->get(base + "-1").status, 400);
  EXPECT_EQ(server->get(base + "abc").status, 404);  // {page:int}: no route
  EXPECT_EQ(server->get(base + "1?pageSize=0").status, 400);
  EXPECT_EQ(server->get(base + "1?pageSize=101").status, 400);
  EXPECT_EQ(server->get(base + "1?pageSize=-5").status, 400);
  EXPECT_EQ(server->get(base + "1?pageSize=ten").status, 400);
  EXPECT_EQ(server->get(base + "1?pageSize=100").status, 200);
  auto empty = server->get(base + "1").json();
  EXPECT_EQ(empty.at("totalPages"), 0);
  EXPECT_EQ(empty.at("totalItems"), 0);
  EXPECT_EQ(server->get(base + "99999999999").status, 400);
  EXPECT_EQ(server->get("/api/products/category/" + kNoSuchId + "/page/1").status, 404);
  EXPECT_EQ(server->get("/api/products/category/zzz/page/1").status, 404);
  EXPECT_EQ(server->get("/api/products/with-discount/page/0").status, 400);
  EXPECT_EQ(server->get("/api/products/random?pageSize=0").status, 400);
  EXPECT_EQ(server->get("/api/products/search?searchQuery=a&pageSize=1000").status, 400);
}

TEST_F(CatalogListingTest, SearchIsCaseInsensitiveInCyrillicAndLatinAndMatchesPrefixes) {
  auto phones = api_category(*server, *admin, "Пошук телефони");
  auto cases = api_category(*server, *admin, "Пошук чохли");
  auto a = api_product(*server, *seller, phones.id, "Смартфон Samsung Galaxy A54 чорний", "459.98");
  auto b = api_product(*server, *seller, phones.id, "Смартфон Apple iPhone 15", "999");
  auto c = api_product(*server, *seller, cases.id, "Чохол для смартфона Samsung", "15");
  auto search = [&](const std::string& q, const std::string& extra = "") {
    auto r = server->get("/api/products/search?searchQuery=" + q + extra);
    EXPECT_EQ(r.status, 200) << r.body;
    auto ids = ids_of(r.json());
    return std::set<std::string>(ids.begin(), ids.end());
  };
  // Percent-encoded UTF-8, as a browser sends it: "СМАРТФОН", "смарт".
  // "СМАРТФОН" (a prefix of "смартфона" too) and "ЧОХОЛ".
  EXPECT_EQ(search("%D0%A1%D0%9C%D0%90%D0%A0%D0%A2%D0%A4%D0%9E%D0%9D"),
            (std::set<std::string>{a, b, c}));
  EXPECT_EQ(search("%D0%A7%D0%9E%D0%A5%D0%9E%D0%9B"), (std::set<std::string>{c}));
  EXPECT_EQ(search("%D1%81%D0%BC%D0%B0%D1%80%D1%82"), (std::set<std::string>{a, b, c}));
  EXPECT_EQ(search("GALAXY"), (std::set<std::string>{a}));
  EXPECT_EQ(search("samsung%20%D1%87%D0%BE%D1%85"),
            (std::set<std::string>{c}));  // all words, "чох" a prefix
  EXPECT_TRUE(search("nokia").empty());
  EXPECT_TRUE(search("%22%2A%28%29%3A%26%7C").empty());  // only operators: nothing, no error
  EXPECT_EQ(search("samsung", "&pageSize=1").size(), 1u);

  auto in_cat = server->get("/api/products/search/category/" + phones.id + "?searchQuery=samsung");
  ASSERT_EQ(in_cat.status, 200);
  EXPECT_EQ(ids_of(in_cat.json()), std::vector<std::string>{a});
  EXPECT_EQ(server->get("/api/products/search/category/" + kNoSuchId + "?searchQuery=x").status,
            404);
  EXPECT_EQ(server->get("/api/products/search?searchQuery=%20%20").status, 400);
  EXPECT_EQ(server->get("/api/products/search").status, 400);

  // Renames are searchable at once; deleted products never are.
  ASSERT_EQ(server
                ->patch("/api/products/product/" + b + "/general-info",
                        boost::json::object{{"title", "Телефон Apple iPhone 15 Pro"},
                                            {"description", "d"},
                                            {"categoryId", phones.id}},
                        seller->token)
                .status,
            204);
  EXPECT_EQ(search("%D1%82%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD"),
            (std::set<std::string>{b}));  // "телефон"
  ASSERT_EQ(server->del("/api/products/" + a, seller->token).status, 204);
  EXPECT_TRUE(search("galaxy").empty());
}

TEST_F(CatalogListingTest, FilterByAttributesAndPrice) {
  auto c = api_category(*server, *admin, "Filter", {"Brand", "Color"});
  auto brand = c.attribute_ids[0], color = c.attribute_ids[1];
  auto make = [&](const std::string& title, const std::string& price, const std::string& b,
                  const std::string& col) {
    return api_product(*server, *seller, c.id, title, price,
                       "[{\"id\":\"" + brand + "\",\"value\":\"" + b + "\"},{\"id\":\"" + color +
                           "\",\"value\":\"" + col + "\"}]");
  };
  auto apple_black = make("A", "300", "Apple", "Black");
  auto apple_white = make("B", "200", "Apple", "White");
  auto samsung_black = make("C", "100", "Samsung", "Black");
  auto xiaomi_black = make("D", "50", "Xiaomi", "Black");
  auto filter = [&](boost::json::object body) {
    body["categoryId"] = c.id;
    auto r = server->post("/api/products/filter-by-attributes", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return ids_of(r.json());
  };
  using boost::json::array;
  using boost::json::object;
  auto cond = [](const std::string& id, const std::string& value) {
    return object{{"attributeId", id}, {"key", "ignored"}, {"value", value}};
  };
  // OR within one attribute, AND across attributes, ordered by final price.
  EXPECT_EQ(filter({{"filtrationAttribute", array{cond(brand, "Apple"), cond(brand, "Samsung")}}}),
            (std::vector<std::string>{samsung_black, apple_white, apple_black}));
  EXPECT_EQ(filter({{"filtrationAttribute", array{cond(brand, "Apple"), cond(color, "Black")}}}),
            (std::vector<std::string>{apple_black}));
  EXPECT_EQ(filter({{"filtrationAttribute", array{}}, {"minPrice", 60}, {"maxPrice", "200.00"}}),
            (std::vector<std::string>{samsung_black, apple_white}));
  EXPECT_EQ(filter({{"filtrationAttribute", array{cond(color, "Black")}},
                    {"pageSize", 2},
                    {"pageNumber", 2}}),
            (std::vector<std::string>{apple_black}));
  EXPECT_EQ(filter({{"filtrationAttribute", array{cond(color, "black")}}}),
            std::vector<std::string>{});
  // The discounted price is what is filtered.
  discount(apple_black, 90, 1);  // 30.00
  EXPECT_EQ(filter({{"filtrationAttribute", array{}}, {"maxPrice", 40}}),
            (std::vector<std::string>{apple_black}));
  server->clock().advance_ms(2 * 3600'000LL);  // expired: 300.00 again
  EXPECT_EQ(filter({{"filtrationAttribute", array{}}, {"maxPrice", 60}}),
            (std::vector<std::string>{xiaomi_black}));

  auto other = api_category(*server, *admin, "Filter other", {"Size"});
  auto bad = [&](object body) {
    return server->post("/api/products/filter-by-attributes", body).status;
  };
  EXPECT_EQ(bad({{"categoryId", c.id},
                 {"filtrationAttribute", array{cond(other.attribute_ids[0], "x")}}}),
            400);
  EXPECT_EQ(bad({{"categoryId", kNoSuchId}, {"filtrationAttribute", array{}}}), 404);
  EXPECT_EQ(bad({{"categoryId", c.id}, {"minPrice", 10}, {"maxPrice", 5}}), 400);
  EXPECT_EQ(bad({{"categoryId", c.id}, {"minPrice", -1}}), 400);
  EXPECT_EQ(bad({{"categoryId", c.id}, {"pageSize", 0}}), 400);
  EXPECT_EQ(bad({{"categoryId", c.id}, {"pageNumber", 0}}), 400);
  EXPECT_EQ(bad({{"categoryId", c.id}, {"filtrationAttribute", "Brand"}}), 400);
  EXPECT_EQ(bad({{"filtrationAttribute", array{}}}), 400);
  EXPECT_EQ(server->request("POST", "/api/products/filter-by-attributes", "{oops").status, 400);
}

TEST_F(CatalogListingTest, RecommendedAndRandomProducts) {
  auto a = api_category(*server, *admin, "Rec A");
  auto b = api_category(*server, *admin, "Rec B");
  auto empty = api_category(*server, *admin, "Rec empty");
  std::set<std::string> in_a, in_b;
  for (int i = 0; i < 6; ++i)
    in_a.insert(api_product(*server, *seller, a.id, "RA" + std::to_string(i), "10"));
  for (int i = 0; i < 6; ++i)
    in_b.insert(api_product(*server, *seller, b.id, "RB" + std::to_string(i), "10"));
  auto r = server->get("/api/products/recommended?visitedCategoriesIds=" + a.id +
                       "&visitedCategoriesIds=" + b.id + "&pageSize=5");
  ASSERT_EQ(r.status, 200) << r.body;
  auto ids = ids_of(r.json());
  ASSERT_EQ(ids.size(), 5u);
  int from_a = 0, from_b = 0;
  for (auto& id : ids) {
    from_a += in_a.count(id);
    from_b += in_b.count(id);
  }
  EXPECT_EQ(from_a, 3);  // 5 / 2 each, the remainder to the first category
  EXPECT_EQ(from_b, 2);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 5u);
  EXPECT_EQ(server->get("/api/products/recommended").body, "[]");
  EXPECT_EQ(server->get("/api/products/recommended?visitedCategoriesIds=" + empty.id).status, 404);
  EXPECT_EQ(server->get("/api/products/recommended?visitedCategoriesIds=nope").status, 400);

  auto random = server->get("/api/products/random?pageSize=7");
  ASSERT_EQ(random.status, 200);
  auto rids = ids_of(random.json());
  EXPECT_EQ(rids.size(), 7u);
  EXPECT_EQ(std::set<std::string>(rids.begin(), rids.end()).size(), 7u);
  EXPECT_EQ(ids_of(server->get("/api/products/random").json()).size(), 12u);
}

TEST_F(CatalogListingTest, ASellerListsOnlyTheirOwnProductsByCategory) {
  auto c = api_category(*server, *admin, "Seller page");
  for (int i = 0; i < 3; ++i)
    api_product(*server, *seller, c.id, "Mine " + std::to_string(i), "10");
  api_product(*server, *other_seller, c.id, "Theirs", "10");
  auto path =
      "/api/products/seller/" + seller->profile_id + "/category/" + c.id + "/page/1?pageSize=2";
  auto r = server->get(path, seller->token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("totalItems"), 3);
  EXPECT_EQ(r.json().at("totalPages"), 2);
  EXPECT_EQ(r.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(r.json().at("items").as_array()[0].at("title"), "Mine 2");  // newest first
  EXPECT_EQ(server->get(path, other_seller->token).status, 403);
  EXPECT_EQ(server->get(path, customer->token).status, 403);
  EXPECT_EQ(server->get(path).status, 401);
  EXPECT_EQ(
      server
          ->get("/api/products/seller/" + seller->profile_id + "/category/" + kNoSuchId + "/page/1",
                seller->token)
          .status,
      404);
  EXPECT_EQ(
      server
          ->get("/api/products/seller/" + seller->profile_id + "/category/" + c.id + "/page/0",
                seller->token)
          .status,
      400);
}

// The discount page counts every discounted product, so it gets a server of its own.
class CatalogDiscountPageTest : public ServerSuite<CatalogDiscountPageTest> {
 protected:
};

TEST_F(CatalogDiscountPageTest, SortedByPercentAndExpiredDiscountsLeave) {
  auto admin = make_actor(*server, "Admin");
  auto seller = make_actor(*server, "Seller");
  auto c = api_category(*server, admin, "Sale");
  auto add = [&](const std::string& id, int percent, int hours) {
    auto r = server->post(
        "/api/products/product/" + id + "/discount",
        boost::json::object{
            {"percent", percent},
            {"expirationDateTime", iso8601_utc(server->clock().now_ms() + hours * 3600'000LL)}},
        seller.token);
    ASSERT_EQ(r.status, 204) << r.body;
  };
  auto p10 = api_product(*server, seller, c.id, "Ten", "100");
  auto p50 = api_product(*server, seller, c.id, "Fifty", "100");
  auto p30 = api_product(*server, seller, c.id, "Thirty", "100");
  api_product(*server, seller, c.id, "Full price", "100");
  add(p10, 10, 1);
  add(p50, 50, 48);
  add(p30, 30, 48);
  auto page = server->get("/api/products/with-discount/page/1").json();
  EXPECT_EQ(page.at("totalItems"), 3);
  EXPECT_EQ(page.at("totalPages"), 1);
  EXPECT_EQ(ids_of(page.at("items")), (std::vector<std::string>{p50, p30, p10}));
  EXPECT_EQ(num(page.at("items").as_array()[0].at("finalPrice")), 50);
  auto small = server->get("/api/products/with-discount/page/2?pageSize=2").json();
  EXPECT_EQ(ids_of(small.at("items")), std::vector<std::string>{p10});
  EXPECT_EQ(small.at("totalPages"), 2);

  server->clock().advance_ms(2 * 3600'000LL);
  page = server->get("/api/products/with-discount/page/1").json();
  EXPECT_EQ(page.at("totalItems"), 2);
  EXPECT_EQ(ids_of(page.at("items")), (std::vector<std::string>{p50, p30}));
  // A deleted product leaves the count too.
  ASSERT_EQ(server->del("/api/products/" + p30, seller.token).status, 204);
  page = server->get("/api/products/with-discount/page/1").json();
  EXPECT_EQ(page.at("totalItems"), 1);
  EXPECT_EQ(ids_of(page.at("items")), std::vector<std::string>{p50});
}

TEST_F(CatalogDiscountPageTest, ARemovedSellersProductsLeaveEveryListing) {
  auto admin = make_actor(*server, "Admin");
  auto leaving = make_actor(*server, "Seller");
  auto staying = make_actor(*server, "Seller");
  auto c = api_category(*server, admin, "Removed seller", {"Brand"});
  std::string attrs = "[{\"id\":\"" + c.attribute_ids[0] + "\",\"value\":\"Gone\"}]";
  std::vector<std::string> gone;
  for (int i = 0; i < 3; ++i)
    gone.push_back(
        api_product(*server, leaving, c.id, "Zxqv leaving " + std::to_string(i), "10", attrs));
  auto kept = api_product(*server, staying, c.id, "Zxqv staying", "10");
  auto before =
      server->get("/api/products/with-discount/page/1").json().at("totalItems").as_int64();
  ASSERT_EQ(server
                ->post("/api/products/product/" + gone[0] + "/discount",
                       boost::json::object{{"percent", 20},
                                           {"expirationDateTime",
                                            iso8601_utc(server->clock().now_ms() + 3600'000)}},
                       leaving.token)
                .status,
            204);
  auto removed =
      server->probe().remove_seller_products(leaving.profile_id, server->clock().now_ms());
  EXPECT_EQ(removed, 3);
  auto page = server->get("/api/products/category/" + c.id + "/page/1").json();
  EXPECT_EQ(page.at("totalItems"), 1);
  EXPECT_EQ(ids_of(page.at("items")), std::vector<std::string>{kept});
  EXPECT_EQ(server->get("/api/products/with-discount/page/1").json().at("totalItems").as_int64(),
            before);
  EXPECT_EQ(ids_of(server->get("/api/products/search?searchQuery=zxqv").json()),
            std::vector<std::string>{kept});
  EXPECT_TRUE(
      json_array(server->get("/api/categories/child/" + c.id + "/attributes-with-values"))[0]
          .at("values")
          .as_array()
          .empty());
  EXPECT_EQ(server->get("/api/products/product/" + gone[1]).status, 404);
}

}  // namespace
}  // namespace wolfix::test
