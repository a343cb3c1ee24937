// Cached catalog reads (product detail, search answers) never show a write's old state: every
// write that changes what a read shows is visible on the very next read, with the cache warmed
// before each write.
#include <chrono>
#include <thread>

#include "catalog_api_helpers.hpp"
#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class CatalogReadCacheTest : public ShopSuite<CatalogReadCacheTest, true> {
 public:
  static void prepare(TestServer& s) {
    ShopSuite<CatalogReadCacheTest, true>::prepare(s);
    admin = std::make_unique<Actor>(make_actor(s, "Admin"));
    super = std::make_unique<Actor>(make_actor(s, "SuperAdmin"));
  }
  static void finish() {
    admin.reset();
    super.reset();
    ShopSuite<CatalogReadCacheTest, true>::finish();
  }

 protected:
  static inline std::unique_ptr<Actor> admin;
  static inline std::unique_ptr<Actor> super;

  // A review of the product by the customer, written through another node.
  static void review_through(TestServer& node, const Actor& customer, const std::string& product_id,
                             const char* text, int rating) {
    ok(node.post("/api/products/" + product_id + "/reviews",
                 json::object{{"title", "Title"},
                              {"text", text},
                              {"rating", rating},
                              {"customerId", customer.profile_id}},
                 customer.token));
  }
  // The seller's product as an order names it (buy_body).
  static TestProduct sold(const std::string& id, const std::string& category_id,
                          int64_t price_minor) {
    TestProduct p;
    p.id = id;
    p.seller_id = seller->profile_id;
    p.category_id = category_id;
    p.price_minor = price_minor;
    return p;
  }
  static json::value detail(const std::string& id) {
    auto r = server->get("/api/products/product/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // Read twice: the second answer comes from the cache when the first was stored.
  static json::value warm(const std::string& id) {
    detail(id);
    return detail(id);
  }
  static std::vector<std::string> search(const std::string& query, const std::string& extra = "") {
    auto r = server->get("/api/products/search?searchQuery=" + query + extra);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    for (const auto& v : json_array(r)) ids.emplace_back(v.at("id").as_string());
    return ids;
  }
  static json::value search_item(const std::string& query, const std::string& id) {
    auto r = server->get("/api/products/search?searchQuery=" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& v : json_array(r))
      if (v.at("id") == id) return v;
    ADD_FAILURE() << id << " not found by " << query << ": " << r.body;
    return {};
  }
  static void ok(const Reply& r, int status = 204) { ASSERT_EQ(r.status, status) << r.body; }
};

TEST_F(CatalogReadCacheTest, ProductDetailShowsEveryWriteOnTheNextRead) {
  auto cat = api_category(*server, *admin, "Bikes", {"Brand"}, {"Color"});
  auto id = api_product(*server, *seller, cat.id, "Велосипед Cross 26", "100.00",
                        "[{\"id\":\"" + cat.attribute_ids[0] + "\",\"value\":\"Cross\"}]", 5);
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/products/product/" + id;
  const auto& t = seller->token;

  EXPECT_EQ(minor(warm(id).at("price")), 10000);
  ok(server->patch(path + "/price", json::object{{"price", "120.00"}}, t));
  EXPECT_EQ(minor(detail(id).at("price")), 12000);

  warm(id);
  ok(server->patch(path + "/stock", json::object{{"stock", 9}}, t), 200);
  EXPECT_EQ(detail(id).at("stock").as_int64(), 9);

  warm(id);
  ok(server->patch(
      path + "/general-info",
      json::object{{"title", "Велосипед Cross 28"}, {"description", "new"}, {"categoryId", cat.id}},
      t));
  EXPECT_EQ(detail(id).at("title"), "Велосипед Cross 28");

  // A discount shows at once, and leaves when it expires (application clock).
  warm(id);
  int64_t expires = server->clock().now_ms() + 3'600'000;
  ok(server->post(path + "/discount",
                  json::object{{"percent", 10}, {"expirationDateTime", iso8601_utc(expires)}}, t));
  auto d = detail(id);
  EXPECT_EQ(minor(d.at("finalPrice")), 10800);
  EXPECT_EQ(d.at("discount").at("percent").as_int64(), 10);
  warm(id);
  server->clock().advance_ms(3'600'001);
  d = detail(id);
  EXPECT_EQ(minor(d.at("finalPrice")), 12000);
  EXPECT_TRUE(d.at("discount").is_null());

  // Media: added, made main, deleted.
  warm(id);
  ok(MultipartBuilder()
         .field("productId", id)
         .file("media", "a.png", "image/png", test_png(10))
         .file("media", "b.jpg", "image/jpeg", test_jpeg())
         .send(*server, "PATCH", "/api/products/add-product-media", t));
  auto medias = detail(id).at("medias").as_array();
  ASSERT_EQ(medias.size(), 2u);
  std::string second = std::string(medias[1].at("id").as_string());
  std::string first = std::string(medias[0].at("id").as_string());
  ok(server->patch(path + "/new-main-photo/" + second, json::object{}, t));
  auto after = detail(id);
  for (const auto& m : after.at("medias").as_array())
    EXPECT_EQ(m.at("isMain").as_bool(), m.at("id") == second);
  ok(server->del(path + "/media/" + first, t));
  EXPECT_EQ(detail(id).at("medias").as_array().size(), 1u);

  // A review.
  warm(id);
  auto customer = make_actor(*server, "Customer");
  ok(server->post("/api/products/" + id + "/reviews",
                  json::object{{"title", "Title"},
                               {"text", "Rides well, arrived quickly."},
                               {"rating", 4},
                               {"customerId", customer.profile_id}},
                  customer.token));
  EXPECT_EQ(detail(id).at("reviewsCount").as_int64(), 1);

  // An order takes stock (the order module, not the product service).
  warm(id);
  auto p = sold(id, cat.id, 12000);
  ok(place(*server, customer, buy_body(customer, p, 2)));
  EXPECT_EQ(detail(id).at("stock").as_int64(), 7);

  // The seller's name and the category's name.
  warm(id);
  ok(server->patch("/api/sellers/" + seller->profile_id + "/full-name",
                   json::object{{"firstName", "Ivan"}, {"lastName", "Franko"}, {"middleName", ""}},
                   t),
     200);
  EXPECT_EQ(detail(id).at("seller").at("sellerFullName"), "Ivan Franko");
  warm(id);
  std::string renamed = unique_name("Cycles");
  ok(server->patch("/api/categories/child/" + cat.id, json::object{{"name", renamed}},
                   admin->token),
     200);
  EXPECT_EQ(detail(id).at("categories").at(0).at("categoryName"), renamed);

  // Deleted: gone at once.
  warm(id);
  ok(server->del("/api/products/" + id, t));
  EXPECT_EQ(server->get(path).status, 404);
}

// Another node sharing the database (a second server on it) changes what a detail shows: this
// node's cached detail follows within about its TTL, a second, with no write of its own. Its
// cached entries are renewed while a check finds the product's revision, stock and seller and the
// catalog revision unchanged (catalog/detail_cache.hpp), so each kind of write must move one.
TEST_F(CatalogReadCacheTest, AnotherNodesWritesShowOnThisNodesDetailWithinASecond) {
  auto& other = own_server([&](Config& c) { c.database_url = server->config().database_url; });
  other.clock().set_ms(server->clock().now_ms());
  auto cat = api_category(*server, *admin, "Lamps", {"Power"}, {});
  auto id = api_product(*server, *seller, cat.id, "Лампа Philips", "40.00",
                        "[{\"id\":\"" + cat.attribute_ids[0] + "\",\"value\":\"9W\"}]", 5);
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/products/product/" + id;
  const auto& t = seller->token;
  // Polled while read (reads are what keep an entry checked and renewed): the point is the lag
  // itself, about a second of real time.
  auto eventually = [&](const std::function<bool(const json::value&)>& shows) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!shows(detail(id)) && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return shows(detail(id));
  };

  warm(id);
  ok(other.patch(path + "/price", json::object{{"price", "45.00"}}, t));
  EXPECT_TRUE(eventually([](const json::value& d) { return minor(d.at("price")) == 4500; }));

  // An order on another node takes stock and bumps no revision (the order path writes nothing
  // more): the stock itself is checked. Written as that order writes it, since an order placed
  // through the other server here would also signal this one (the signal is process-wide).
  probe().set_stock(id, 3);
  EXPECT_TRUE(eventually([](const json::value& d) { return d.at("stock").as_int64() == 3; }));

  auto customer = make_actor(*server, "Customer");
  review_through(other, customer, id, "Bright and warm.", 5);
  EXPECT_TRUE(
      eventually([](const json::value& d) { return d.at("reviewsCount").as_int64() == 1; }));

  ok(MultipartBuilder()
         .field("productId", id)
         .file("media", "a.png", "image/png", test_png(10))
         .send(other, "PATCH", "/api/products/add-product-media", t));
  EXPECT_TRUE(
      eventually([](const json::value& d) { return d.at("medias").as_array().size() == 1; }));

  ok(other.patch("/api/sellers/" + seller->profile_id + "/full-name",
                 json::object{{"firstName", "Lesya"}, {"lastName", "Ukrainka"}, {"middleName", ""}},
                 t),
     200);
  EXPECT_TRUE(eventually([](const json::value& d) {
    return d.at("seller").at("sellerFullName") == "Lesya Ukrainka";
  }));

  std::string renamed = unique_name("Lights");
  ok(other.patch("/api/categories/child/" + cat.id, json::object{{"name", renamed}}, admin->token),
     200);
  EXPECT_TRUE(eventually([&](const json::value& d) {
    return d.at("categories").at(0).at("categoryName") == renamed;
  }));
  ok(other.del("/api/categories/child/" + cat.id + "/attributes/" + cat.attribute_ids[0],
               admin->token));
  EXPECT_TRUE(
      eventually([](const json::value& d) { return d.at("attributes").as_array().empty(); }));

  auto gone = api_product(*server, *seller, cat.id, "Лампа Osram", "30.00");
  ASSERT_FALSE(gone.empty());
  warm(gone);
  ok(other.del("/api/products/" + gone, t));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server->get("/api/products/product/" + gone).status != 404 &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(server->get("/api/products/product/" + gone).status, 404);

  // And an order through the other node.
  auto p = sold(id, cat.id, 4500);
  ok(place(other, customer, buy_body(customer, p, 2)));
  EXPECT_TRUE(eventually([](const json::value& d) { return d.at("stock").as_int64() == 1; }));
}

// The same for category pages: this node's cached pages are renewed while a check finds their
// category's revision and count unchanged (migration 0260), so every kind of write another node
// makes to what a page shows (title, price, discount, status, photo, rating, listing, removal)
// or to the category itself must move one of them.
TEST_F(CatalogReadCacheTest, AnotherNodesWritesShowOnThisNodesCategoryPageWithinASecond) {
  auto& other = own_server([&](Config& c) { c.database_url = server->config().database_url; });
  other.clock().set_ms(server->clock().now_ms());
  auto cat = api_category(*server, *admin, "Lanterns", {}, {});
  auto id = api_product(*server, *seller, cat.id, "Ліхтар Ray", "40.00", "", 5);
  auto cheap = api_product(*server, *seller, cat.id, "Ліхтар Mini", "10.00", "", 5);
  ASSERT_FALSE(id.empty());
  ASSERT_FALSE(cheap.empty());
  const std::string page_path = "/api/products/category/" + cat.id + "/page/1?pageSize=20";
  const std::string path = "/api/products/product/" + id;
  const auto& t = seller->token;
  auto page = [&] {
    auto r = server->get(page_path);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  auto item = [&](const json::value& p) -> json::value {
    for (const auto& i : p.at("items").as_array())
      if (i.at("id") == id) return i;
    return nullptr;
  };
  auto ids = [&](const json::value& p) {
    std::vector<std::string> out;
    for (const auto& i : p.at("items").as_array()) out.emplace_back(i.at("id").as_string());
    return out;
  };
  // Polled while read, as for details: the point is the lag itself, about a second.
  auto eventually = [&](const std::function<bool(const json::value&)>& shows) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!shows(page()) && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return shows(page());
  };
  auto warm = [&] {
    page();
    return page();
  };

  EXPECT_EQ(ids(warm()), (std::vector<std::string>{cheap, id}));
  ok(other.patch(path + "/price", json::object{{"price", "5.00"}}, t));
  EXPECT_TRUE(eventually([&](const json::value& p) {
    return ids(p) == std::vector<std::string>{id, cheap} && minor(item(p).at("price")) == 500;
  }));

  ok(other.patch(
      path + "/general-info",
      json::object{{"title", "Ліхтар Ray 2"}, {"description", "d"}, {"categoryId", cat.id}}, t));
  EXPECT_TRUE(
      eventually([&](const json::value& p) { return item(p).at("title") == "Ліхтар Ray 2"; }));

  int64_t expires = other.clock().now_ms() + 3'600'000;
  ok(other.post(path + "/discount",
                json::object{{"percent", 20}, {"expirationDateTime", iso8601_utc(expires)}}, t));
  EXPECT_TRUE(
      eventually([&](const json::value& p) { return minor(item(p).at("finalPrice")) == 400; }));

  ok(other.patch(path + "/stock", json::object{{"stock", 0}}, t), 200);
  EXPECT_TRUE(
      eventually([&](const json::value& p) { return item(p).at("status") == "NotAvailable"; }));
  ok(other.patch(path + "/stock", json::object{{"stock", 2}}, t), 200);
  EXPECT_TRUE(eventually([&](const json::value& p) { return item(p).at("status") == "InStock"; }));

  // Sold out and back as an order and a cancellation write it (only then does the order path
  // bump the category; the process-wide stock signal of an order placed here would reach this
  // node too).
  probe().set_stock(id, 0);
  EXPECT_TRUE(
      eventually([&](const json::value& p) { return item(p).at("status") == "NotAvailable"; }));
  probe().set_stock(id, 3);
  EXPECT_TRUE(eventually([&](const json::value& p) { return item(p).at("status") == "InStock"; }));

  ok(MultipartBuilder()
         .field("productId", id)
         .file("media", "a.png", "image/png", test_png(10))
         .send(other, "PATCH", "/api/products/add-product-media", t));
  EXPECT_TRUE(eventually([&](const json::value& p) { return !item(p).at("mainPhoto").is_null(); }));

  review_through(other, make_actor(*server, "Customer"), id, "Bright enough.", 4);
  EXPECT_TRUE(
      eventually([&](const json::value& p) { return item(p).at("reviewsCount").as_int64() == 1; }));

  // Moved to another category and back by the other node.
  auto elsewhere = api_category(*server, *admin, "Lamps", {}, {});
  allow_category(*server, *seller, elsewhere.id);
  auto move_to = [&](const std::string& category_id) {
    ok(other.patch(
        path + "/general-info",
        json::object{{"title", "Ліхтар Ray 2"}, {"description", "d"}, {"categoryId", category_id}},
        t));
  };
  move_to(elsewhere.id);
  EXPECT_TRUE(eventually([&](const json::value& p) {
    return ids(p) == std::vector<std::string>{cheap} && p.at("totalItems").as_int64() == 1;
  }));
  move_to(cat.id);
  EXPECT_TRUE(eventually([&](const json::value& p) { return !item(p).is_null(); }));

  // Listed and removed by the other node: the items and the count follow.
  auto fresh = api_product(other, *seller, cat.id, "Ліхтар Cheapest", "1.00", "", 5);
  ASSERT_FALSE(fresh.empty());
  EXPECT_TRUE(eventually([&](const json::value& p) {
    return ids(p) == std::vector<std::string>{fresh, id, cheap} &&
           p.at("totalItems").as_int64() == 3;
  }));
  ok(other.del("/api/products/" + cheap, t));
  ok(other.del("/api/products/" + fresh, t));
  EXPECT_TRUE(eventually([&](const json::value& p) {
    return ids(p) == std::vector<std::string>{id} && p.at("totalItems").as_int64() == 1;
  }));

  // The category itself removed by the other node (once empty): its page is gone.
  ok(other.del("/api/products/" + id, t));
  EXPECT_TRUE(eventually([&](const json::value& p) { return p.at("items").as_array().empty(); }));
  ok(other.del("/api/categories/" + cat.id, admin->token));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server->get(page_path).status != 404 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(server->get(page_path).status, 404);
}

// A discount another node gives ends on this node's cached page when it expires, though this
// node's discount sweep (due every minute at the latest) has not run: a renewed page never
// outlives a discount it shows.
TEST_F(CatalogReadCacheTest, AnotherNodesDiscountLeavesThisNodesCategoryPageWhenItEnds) {
  auto& other = own_server([&](Config& c) { c.database_url = server->config().database_url; });
  other.clock().set_ms(server->clock().now_ms());
  auto cat = api_category(*server, *admin, "Candles", {}, {});
  auto id = api_product(*server, *seller, cat.id, "Свічка", "40.00", "", 5);
  ASSERT_FALSE(id.empty());
  const std::string page_path = "/api/products/category/" + cat.id + "/page/1";
  auto final_price = [&] {
    auto r = server->get(page_path);
    EXPECT_EQ(r.status, 200) << r.body;
    return minor(r.json().at("items").at(0).at("finalPrice"));
  };
  EXPECT_EQ(final_price(), 4000);  // this node swept now: next due in a minute
  int64_t expires = server->clock().now_ms() + 30'000;
  ok(other.post("/api/products/product/" + id + "/discount",
                json::object{{"percent", 50}, {"expirationDateTime", iso8601_utc(expires)}},
                seller->token));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (final_price() != 2000 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(final_price(), 2000);
  server->clock().advance_ms(30'001);
  EXPECT_EQ(final_price(), 4000);
}

// The order path writes the category only when a sale changes a status its pages show: an order
// that leaves units (the COD hot path) bumps nothing, the one that takes the last unit does.
TEST_F(CatalogReadCacheTest, OnlyAnOrderThatSellsOutBumpsItsCategory) {
  auto cat = api_category(*server, *admin, "Torches", {}, {});
  auto id = api_product(*server, *seller, cat.id, "Ліхтарик", "10.00", "", 3);
  ASSERT_FALSE(id.empty());
  auto customer = make_actor(*server, "Customer");
  auto p = sold(id, cat.id, 1000);
  int64_t before = probe().category_revision(cat.id);
  ok(place(*server, customer, buy_body(customer, p, 2)));
  EXPECT_EQ(probe().stock(id), 1);
  EXPECT_EQ(probe().category_revision(cat.id), before);
  ok(place(*server, customer, buy_body(customer, p, 1)));
  EXPECT_EQ(probe().stock(id), 0);
  EXPECT_GT(probe().category_revision(cat.id), before);
}

TEST_F(CatalogReadCacheTest, ARemovedSellersProductDetailIsGoneAtOnce) {
  auto other = make_actor(*server, "Seller");
  auto cat = api_category(*server, *admin, "Scooters", {}, {});
  auto id = api_product(*server, other, cat.id, "Самокат Urban", "50.00");
  ASSERT_FALSE(id.empty());
  warm(id);
  ok(server->del("/api/sellers/" + other.profile_id, super->token));
  EXPECT_EQ(server->get("/api/products/product/" + id).status, 404);
}

TEST_F(CatalogReadCacheTest, SearchAnswersShowEditsOfTitleStockAndPriceOnTheNextSearch) {
  auto cat = api_category(*server, *admin, "Kettles", {}, {});
  auto id = api_product(*server, *seller, cat.id, "Чайник Zelmer Aqua", "30.00", "", 1);
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/products/product/" + id;
  const auto& t = seller->token;
  // Prefix as you type, cached answers included.
  for (const char* q : {"zel", "zelm", "Zelmer", "%D1%87%D0%B0%D0%B9"})  // "чай"
    EXPECT_EQ(search(q), (std::vector<std::string>{id})) << q;

  EXPECT_EQ(minor(search_item("zelmer", id).at("price")), 3000);
  ok(server->patch(path + "/price", json::object{{"price", "35.50"}}, t));
  EXPECT_EQ(minor(search_item("zelmer", id).at("price")), 3550);

  EXPECT_EQ(search_item("zelmer", id).at("status"), "InStock");
  ok(server->patch(path + "/stock", json::object{{"stock", 0}}, t), 200);
  EXPECT_EQ(search_item("zelmer", id).at("status"), "NotAvailable");
  ok(server->patch(path + "/stock", json::object{{"stock", 3}}, t), 200);
  EXPECT_EQ(search_item("zelmer", id).at("status"), "InStock");

  // Sold out by an order (the order module): the status follows.
  auto customer = make_actor(*server, "Customer");
  auto p = sold(id, cat.id, 3550);
  ok(place(*server, customer, buy_body(customer, p, 3)));
  EXPECT_EQ(search_item("zelmer", id).at("status"), "NotAvailable");

  EXPECT_EQ(search("bosch").size(), 0u);
  ok(server->patch(
      path + "/general-info",
      json::object{{"title", "Чайник Bosch Aqua"}, {"description", "d"}, {"categoryId", cat.id}},
      t));
  EXPECT_EQ(search("bosch"), (std::vector<std::string>{id}));
  EXPECT_TRUE(search("zelmer").empty());
}

// Deep pages start from remembered sort keys (every 64th product) instead of an OFFSET: every
// page size, across stride boundaries, ties on the price included, and after writes that move
// products in the order.
TEST_F(CatalogReadCacheTest, DeepCategoryPagesMatchThePriceOrderAcrossWrites) {
  auto cat = make_category(*server, "Deep");
  ProductSpec spec;
  spec.category_id = cat.id;
  auto made = make_products(*server, *seller, spec, 300);
  std::vector<std::pair<std::string, int64_t>> prices;
  for (const auto& p : made)  // 50 prices, six products each: ties are ordered by id
    prices.emplace_back(p.id, 100 + static_cast<int64_t>(prices.size() % 50) * 100);
  probe().set_prices(prices);
  probe().set_products_count(cat.id, 300);
  allow_category(*server, *seller, cat.id);
  auto expected = [&] { return probe().products_by_price(cat.id); };
  auto pages = [&](int page_size) {
    std::vector<std::string> ids;
    for (int page = 1;; ++page) {
      auto r = server->get("/api/products/category/" + cat.id + "/page/" + std::to_string(page) +
                           "?pageSize=" + std::to_string(page_size));
      EXPECT_EQ(r.status, 200) << r.body;
      auto items = r.json().at("items").as_array();
      if (items.empty()) break;
      for (const auto& i : items) ids.emplace_back(i.at("id").as_string());
    }
    return ids;
  };
  auto want = expected();
  ASSERT_EQ(want.size(), 300u);
  for (int size : {7, 20, 64, 100}) EXPECT_EQ(pages(size), want) << size;

  // A write that moves a product deep in the order, then one that removes a product before it.
  const auto& t = seller->token;
  ok(server->patch("/api/products/product/" + want[5] + "/price", json::object{{"price", "45.00"}},
                   t));
  ok(server->del("/api/products/" + want[100], t));
  want = expected();
  ASSERT_EQ(want.size(), 299u);
  for (int size : {7, 20}) EXPECT_EQ(pages(size), want) << size;
  // A product added at the cheapest end shifts every deep page by one.
  auto fresh = api_product(*server, *seller, cat.id, "Cheapest", "0.50");
  ASSERT_FALSE(fresh.empty());
  want = expected();
  ASSERT_EQ(want.front(), fresh);
  EXPECT_EQ(pages(7), want);
}

}  // namespace
}  // namespace wolfix::test
