// Issue 11 (catalog): clients written for Wolfix.Server work unchanged. Each test sends the
// request exactly as such a client does (SannidoOrg/Wolfix.Client's product form, its category
// browsing), so a later change cannot silently break those clients.
#include <map>
#include <set>

#include "catalog/seed.hpp"
#include "catalog_api_helpers.hpp"
#include "common/crypto.hpp"
#include "media/blob_store.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

const std::string kNoSuchId = "0193a5c2-7d1e-7abc-8def-0123456789ab";

// A seller approved for a "Смартфони" category with two attributes, an admin and a customer.
template <class Suite>
class CatalogCompatSuite : public ServerSuite<Suite> {
 public:
  static void prepare(TestServer& server) {
    seed_delivery(server);
    admin = std::make_unique<Actor>(make_actor(server, "Admin"));
    seller = std::make_unique<Actor>(make_actor(server, "Seller"));
    customer = std::make_unique<Actor>(make_actor(server, "Customer"));
    phones = std::make_unique<ApiCategory>(
        api_category(server, *admin, "Смартфони", {"Бренд", "Пам'ять"}, {"Колір"}));
    laptops = std::make_unique<ApiCategory>(api_category(server, *admin, "Ноутбуки", {"CPU"}, {}));
    allow_category(server, *seller, phones->id);
    allow_category(server, *seller, laptops->id);
  }
  static void finish() {
    admin.reset();
    seller.reset();
    customer.reset();
    phones.reset();
    laptops.reset();
  }

 protected:
  using ServerSuite<Suite>::server;

  // The create form of Wolfix.Client's CreateProductForm, field for field: no stock (the
  // original has none), contentType "Photo", one photo, the attributes as "attributesJson".
  static MultipartBuilder client_form(const std::string& title, const std::string& attributes) {
    MultipartBuilder b;
    b.field("title", title)
        .field("description", "Смартфон з AMOLED-екраном")
        .field("price", "12499")
        .field("status", "InStock")
        .field("categoryId", phones->id)
        .field("sellerId", seller->profile_id)
        .field("contentType", "Photo")
        .file("media", "photo.png", "image/png", test_png(8))
        .field("attributesJson", attributes);
    return b;
  }
  static std::string created(const Reply& r) {
    EXPECT_EQ(r.status, 204) << r.body;
    auto loc = r.headers.count("location") ? r.headers.at("location") : "";
    return loc.substr(loc.rfind('/') + 1);
  }
  static boost::json::value full(const std::string& id) {
    auto r = server->get("/api/products/product/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // A product as the original's client creates it (no stock): untracked.
  static std::string untracked_product(const std::string& title) {
    return created(client_form(title, "[]").send(*server, "POST", "/api/products", seller->token));
  }
  static std::string attrs_json(const std::vector<std::pair<std::string, std::string>>& items) {
    boost::json::array a;
    for (const auto& [id, value] : items) a.push_back({{"id", id}, {"value", value}});
    return boost::json::serialize(a);
  }

  static inline std::unique_ptr<Actor> admin, seller, customer;
  static inline std::unique_ptr<ApiCategory> phones, laptops;
};

// ---- item 7: the product form ----

class Compat_ProductForm : public CatalogCompatSuite<Compat_ProductForm> {};

TEST_F(Compat_ProductForm, AttributesArriveAsAttributesJsonAndAreStored) {
  auto r =
      client_form("Смартфон Samsung Galaxy A55", attrs_json({{phones->attribute_ids[0], "Samsung"},
                                                             {phones->attribute_ids[1], "256 GB"}}))
          .send(*server, "POST", "/api/products", seller->token);
  auto p = full(created(r));
  auto attrs = p.at("attributes").as_array();
  ASSERT_EQ(attrs.size(), 2u) << boost::json::serialize(p);
  std::set<std::string> values;
  for (const auto& a : attrs) values.insert(std::string(a.at("value").as_string()));
  EXPECT_EQ(values, (std::set<std::string>{"Samsung", "256 GB"}));
  EXPECT_EQ(p.at("status"), "InStock");
  EXPECT_EQ(p.at("medias").as_array().size(), 1u);
  // The attribute filter finds it by the value sent in attributesJson.
  auto found = server->post(
      "/api/products/filter-by-attributes",
      boost::json::object{
          {"categoryId", phones->id},
          {"filtrationAttribute", boost::json::array{{{"attributeId", phones->attribute_ids[0]},
                                                      {"key", "Бренд"},
                                                      {"value", "Samsung"}}}}});
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(json_array(found).size(), 1u);
}

TEST_F(Compat_ProductForm, AnAttributeOfAnotherCategoryIsAFieldErrorNeverDropped) {
  auto r = client_form(
               "Смартфон з чужим атрибутом",
               attrs_json({{phones->attribute_ids[0], "Apple"}, {laptops->attribute_ids[0], "M3"}}))
               .send(*server, "POST", "/api/products", seller->token);
  EXPECT_EQ(r.status, 404) << r.body;  // Wolfix.Server: "Attribute with id: X not found"
  EXPECT_EQ(r.code(), "attribute_not_found");
  auto errors = r.json().at("errors").as_object();
  ASSERT_TRUE(errors.contains("attributesJson[1].id")) << r.body;
  EXPECT_FALSE(errors.contains("attributesJson[0].id"));
  // Nothing was created.
  auto page = server->get("/api/products/search?searchQuery=%D1%87%D1%83%D0%B6%D0%B8%D0%BC");
  EXPECT_TRUE(json_array(page).empty());
  // Not a GUID, or not a list: 400 naming the field.
  auto bad = client_form("x", "[{\"id\":\"nope\",\"value\":\"1\"}]")
                 .send(*server, "POST", "/api/products", seller->token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.json().at("errors").as_object().contains("attributesJson[0].id")) << bad.body;
  auto not_json = client_form("x", "{oops").send(*server, "POST", "/api/products", seller->token);
  EXPECT_EQ(not_json.status, 400);
  EXPECT_TRUE(not_json.json().at("errors").as_object().contains("attributesJson"));
}

TEST_F(Compat_ProductForm, OlderClientsSendAttributesByKeyUnderAttributes) {
  // Wolfix.Client's AddListing form: {key, value} pairs under "attributes", the key being the
  // attribute's name.
  MultipartBuilder b;
  b.field("title", "Смартфон Xiaomi Redmi 13C")
      .field("description", "Бюджетний смартфон")
      .field("price", "4999.5")
      .field("status", "InStock")
      .field("categoryId", phones->id)
      .field("sellerId", seller->profile_id)
      .field("attributes", "[{\"key\":\"Бренд\",\"value\":\"Xiaomi\"}]")
      .file("media", "photo.png", "image/png", test_png(5))
      .field("contentType", "Photo");
  auto p = full(created(b.send(*server, "POST", "/api/products", seller->token)));
  ASSERT_EQ(p.at("attributes").as_array().size(), 1u);
  EXPECT_EQ(p.at("attributes").as_array()[0].at("key"), "Бренд");
  EXPECT_EQ(p.at("attributes").as_array()[0].at("value"), "Xiaomi");
  // An unknown key is a field error too.
  MultipartBuilder c;
  c.field("title", "t")
      .field("description", "d")
      .field("price", "10")
      .field("categoryId", phones->id)
      .field("sellerId", seller->profile_id)
      .field("attributes", "[{\"key\":\"Вага\",\"value\":\"200 г\"}]");
  auto r = c.send(*server, "POST", "/api/products", seller->token);
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.json().at("errors").as_object().contains("attributes[0].key")) << r.body;
}

TEST_F(Compat_ProductForm, FieldNamesInAnyCaseAndEmptyOptionalFields) {
  // ASP.NET binds form fields case-insensitively; clients send PascalCase too, and "" for the
  // optional fields they leave empty (status, contentType, stock, attributesJson).
  MultipartBuilder b;
  b.field("Title", "Смартфон Motorola G54")
      .field("Description", "Опис")
      .field("Price", "7999.00")
      .field("Status", "")
      .field("CategoryId", phones->id)
      .field("SellerId", seller->profile_id)
      .field("ContentType", "")
      .field("Stock", "")
      .field("AttributesJson", "");
  auto p = full(created(b.send(*server, "POST", "/api/products", seller->token)));
  EXPECT_EQ(p.at("title"), "Смартфон Motorola G54");
  EXPECT_EQ(p.at("status"), "InStock");
  EXPECT_EQ(p.at("trackStock"), false);
  EXPECT_TRUE(p.at("stock").is_null());
  EXPECT_TRUE(p.at("attributes").as_array().empty());
}

// ---- item 8: stock ----

class Compat_Stock : public CatalogCompatSuite<Compat_Stock> {};

TEST_F(Compat_Stock, AProductCreatedWithoutStockIsAlwaysAvailable) {
  auto id = untracked_product("Смартфон без складу");
  auto p = full(id);
  EXPECT_EQ(p.at("status"), "InStock");
  EXPECT_EQ(p.at("trackStock"), false);
  EXPECT_TRUE(p.at("stock").is_null());
  int64_t price = minor(p.at("finalPrice"));
  // Bought twice, 3 units each time: never "out of stock", the count never written.
  for (int i = 0; i < 2; ++i) {
    auto r = place(*server, *customer, order_body(*customer, {{id, 3, price, std::nullopt}}));
    ASSERT_EQ(r.status, 204) << r.body;
  }
  EXPECT_EQ(product_stock(*server, id), 0);
  EXPECT_EQ(full(id).at("status"), "InStock");
  // A cancelled order gives nothing back to a count that does not exist.
  auto r = place(*server, *customer, order_body(*customer, {{id, 1, price, std::nullopt}}));
  ASSERT_EQ(r.status, 204) << r.body;
  std::string order_id = r.headers["x-order-id"];
  ASSERT_EQ(
      server->request("POST", "/api/orders/" + order_id + "/cancel", "", customer->token).status,
      204);
  EXPECT_EQ(product_stock(*server, id), 0);
  EXPECT_TRUE(full(id).at("stock").is_null());
  // In the cart: available, no "only N left".
  auto cart_line =
      server->post("/api/customers/cart-items",
                   boost::json::object{
                       {"customerId", customer->profile_id}, {"productId", id}, {"quantity", 40}},
                   customer->token);
  ASSERT_EQ(cart_line.status, 204) << cart_line.body;
  auto cart = server->get("/api/customers/cart-items/" + customer->profile_id, customer->token);
  bool seen = false;
  auto cart_json = cart.json();
  for (const auto& item : cart_json.at("items").as_array())
    if (item.at("productId") == id) {
      seen = true;
      EXPECT_EQ(item.at("available"), true);
      EXPECT_EQ(item.at("status"), "InStock");
      EXPECT_TRUE(item.at("stock").is_null());
    }
  EXPECT_TRUE(seen) << cart.body;
}

TEST_F(Compat_Stock, StatusIsNotAvailableWheneverATrackedStockIsZero) {
  std::string title = "Смартфон останній " + random_alnum(6);
  auto r = client_form(title, "[]")
               .field("stock", "1")
               .send(*server, "POST", "/api/products", seller->token);
  auto id = created(r);
  EXPECT_EQ(full(id).at("trackStock"), true);
  EXPECT_EQ(full(id).at("stock"), 1);
  auto favorite =
      server->post("/api/customers/favorites",
                   boost::json::object{{"customerId", customer->profile_id}, {"productId", id}},
                   customer->token);
  ASSERT_EQ(favorite.status, 204) << favorite.body;
  // Warm the category page cache, then sell the last unit.
  auto page_path = "/api/products/category/" + phones->id + "/page/1?pageSize=100";
  ASSERT_EQ(server->get(page_path).status, 200);
  int64_t price = minor(full(id).at("finalPrice"));
  auto order = place(*server, *customer, order_body(*customer, {{id, 1, price, std::nullopt}}));
  ASSERT_EQ(order.status, 204) << order.body;

  auto status_in = [&](const boost::json::array& items) -> std::string {
    for (const auto& i : items)
      if (i.at("id") == id || (i.as_object().contains("productId") && i.at("productId") == id))
        return std::string(i.at("status").as_string());
    return "absent";
  };
  EXPECT_EQ(full(id).at("status"), "NotAvailable");
  EXPECT_EQ(full(id).at("stock"), 0);
  // Listings: the category page (its cache too), search, the seller's own list.
  EXPECT_EQ(status_in(server->get(page_path).json().at("items").as_array()), "NotAvailable");
  EXPECT_EQ(status_in(json_array(server->get("/api/products/search?searchQuery=" +
                                             title.substr(title.rfind(' ') + 1)))),
            "NotAvailable");
  EXPECT_EQ(status_in(server
                          ->get("/api/products/seller/" + seller->profile_id + "/category/" +
                                    phones->id + "/page/1?pageSize=100",
                                seller->token)
                          .json()
                          .at("items")
                          .as_array()),
            "NotAvailable");
  auto favorites =
      json_array(server->get("/api/customers/favorites/" + customer->profile_id, customer->token));
  EXPECT_EQ(status_in(favorites), "NotAvailable");
  // The order never drove the count below zero: a second buyer is refused.
  auto second = place(*server, *customer, order_body(*customer, {{id, 1, price, std::nullopt}}));
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.code(), "out_of_stock");
  EXPECT_EQ(product_stock(*server, id), 0);

  // The seller restocks through the stock route: InStock again, on the cached page too.
  auto restock = server->patch("/api/products/product/" + id + "/stock",
                               boost::json::object{{"stock", 5}}, seller->token);
  ASSERT_EQ(restock.status, 200) << restock.body;
  EXPECT_EQ(full(id).at("status"), "InStock");
  EXPECT_EQ(status_in(server->get(page_path).json().at("items").as_array()), "InStock");
}

TEST_F(Compat_Stock, SellersSwitchTrackingOnAndOffThroughTheStockRoute) {
  auto id = untracked_product("Смартфон перемикач");
  auto path = "/api/products/product/" + id + "/stock";
  // A delta needs a count.
  auto delta = server->patch(path, boost::json::object{{"delta", -1}}, seller->token);
  EXPECT_EQ(delta.status, 409);
  EXPECT_EQ(delta.code(), "stock_not_tracked");
  // Setting a stock starts tracking.
  auto set = server->patch(path, boost::json::object{{"stock", 2}}, seller->token);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("trackStock"), true);
  EXPECT_EQ(set.json().at("stock"), 2);
  EXPECT_EQ(
      server->patch(path, boost::json::object{{"delta", -2}}, seller->token).json().at("stock"), 0);
  EXPECT_EQ(full(id).at("status"), "NotAvailable");
  // Tracking off: always available again, whatever the count was.
  auto off = server->patch(path, boost::json::object{{"trackStock", false}}, seller->token);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json().at("trackStock"), false);
  EXPECT_TRUE(off.json().at("stock").is_null());
  EXPECT_EQ(full(id).at("status"), "InStock");
  // And on again, from the count kept.
  auto on = server->patch(path, boost::json::object{{"trackStock", true}}, seller->token);
  EXPECT_EQ(on.json().at("stock"), 0);
  EXPECT_EQ(full(id).at("status"), "NotAvailable");
  // Contradictions and other sellers.
  EXPECT_EQ(
      server->patch(path, boost::json::object{{"trackStock", false}, {"stock", 3}}, seller->token)
          .status,
      400);
  EXPECT_EQ(server->patch(path, boost::json::object{{"trackStock", "no"}}, seller->token).status,
            400);
  EXPECT_EQ(server->patch(path, boost::json::object{}, seller->token).status, 400);
  auto other = make_actor(*server, "Seller");
  EXPECT_EQ(server->patch(path, boost::json::object{{"trackStock", false}}, other.token).status,
            403);
  // A form may ask for tracking from zero explicitly.
  auto tracked = created(client_form("Смартфон з нуля", "[]")
                             .field("trackStock", "true")
                             .send(*server, "POST", "/api/products", seller->token));
  EXPECT_EQ(full(tracked).at("trackStock"), true);
  EXPECT_EQ(full(tracked).at("status"), "NotAvailable");
}

TEST_F(Compat_Stock, TheSeedsFirstPagesShowBuyableProductsFirst) {
  catalog::SeedOptions opts;
  opts.seller_ids = {seller->profile_id};
  opts.products = 300;
  catalog::seed_catalog(server->app().database(), server->clock(),
                        media::BlobStore::from_config(server->config()), opts);
  auto sale = server->get("/api/products/with-discount/page/1?pageSize=20").json();
  ASSERT_FALSE(sale.at("items").as_array().empty());
  for (const auto& item : sale.at("items").as_array()) EXPECT_EQ(item.at("status"), "InStock");
  for (int round = 0; round < 5; ++round) {
    auto random = json_array(server->get("/api/products/random?pageSize=12"));
    ASSERT_EQ(random.size(), 12u);
    bool unbuyable_seen = false;
    for (const auto& item : random) {
      bool buyable = item.at("status") == "InStock";
      EXPECT_FALSE(buyable && unbuyable_seen) << "a buyable product after an unbuyable one";
      unbuyable_seen = unbuyable_seen || !buyable;
    }
  }
  auto recommended = json_array(
      server->get("/api/products/recommended?visitedCategoriesIds=" + phones->id + "&pageSize=12"));
  bool unbuyable_seen = false;
  for (const auto& item : recommended) {
    bool buyable = item.at("status") == "InStock";
    EXPECT_FALSE(buyable && unbuyable_seen);
    unbuyable_seen = unbuyable_seen || !buyable;
  }
}

// ---- item 9: media URLs ----

class Compat_Media : public CatalogCompatSuite<Compat_Media> {
 protected:
  static Reply get_at(TestServer& s, const std::string& path, const std::string& host,
                      std::vector<std::pair<std::string, std::string>> more = {}) {
    more.emplace_back("Host", host);
    return s.request("GET", path, "", "", std::move(more));
  }
  // A product with one photo on a server of the test's own (its own admin, category and
  // seller); `pid` receives its id.
  static void product_with_photo(TestServer& own, const std::string& category,
                                 const std::string& title, std::string& pid) {
    auto a = make_actor(own, "Admin");
    auto s = make_actor(own, "Seller");
    auto cat = api_category(own, a, category);
    allow_category(own, s, cat.id);
    MultipartBuilder b;
    b.field("title", title)
        .field("description", "d")
        .field("price", "10")
        .field("categoryId", cat.id)
        .field("sellerId", s.profile_id)
        .file("media", "p.png", "image/png", test_png(4));
    auto made = b.send(own, "POST", "/api/products", s.token);
    ASSERT_EQ(made.status, 204) << made.body;
    pid = made.headers["location"].substr(made.headers["location"].rfind('/') + 1);
  }
  static std::string main_photo_in(const boost::json::value& page, const std::string& id) {
    for (const auto& item : page.at("items").as_array())
      if (item.at("id") == id)
        return item.at("mainPhoto").is_null() ? "null"
                                              : std::string(item.at("mainPhoto").as_string());
    return "absent";
  }
};

TEST_F(Compat_Media, UploadedMediaIsAnsweredOnTheOriginTheClientReached) {
  auto id = untracked_product("Смартфон з фото");
  auto a = get_at(*server, "/api/products/product/" + id, "shop.example:8443").json();
  std::string url(a.at("medias").as_array()[0].at("url").as_string());
  ASSERT_TRUE(url.starts_with("http://shop.example:8443/media/photos/")) << url;
  // Another client, another origin; and the file is there under that path.
  auto b = get_at(*server, "/api/products/product/" + id, "127.0.0.1:5173").json();
  std::string other(b.at("medias").as_array()[0].at("url").as_string());
  EXPECT_EQ(other,
            "http://127.0.0.1:5173" + url.substr(std::string("http://shop.example:8443").size()));
  EXPECT_EQ(server->get(url.substr(url.find("/media/"))).status, 200);
  // Stored by key (root-relative), whatever origin uploaded it.
  auto stored = probe().media_url(id);
  EXPECT_TRUE(stored.starts_with("/media/photos/")) << stored;

  // The category page cache never serves one origin's URLs to another, inline hits included.
  auto page = "/api/products/category/" + phones->id + "/page/1?pageSize=100";
  for (int round = 0; round < 2; ++round) {
    EXPECT_TRUE(main_photo_in(get_at(*server, page, "a.example").json(), id)
                    .starts_with("http://a.example/media/"));
    EXPECT_TRUE(main_photo_in(get_at(*server, page, "b.example:81").json(), id)
                    .starts_with("http://b.example:81/media/"));
  }
  // The same for the random list, search and the customer's cart and order.
  auto cart =
      server->post("/api/customers/cart-items",
                   boost::json::object{{"customerId", customer->profile_id}, {"productId", id}},
                   customer->token);
  ASSERT_EQ(cart.status, 204) << cart.body;
  auto cart_view = server->request("GET", "/api/customers/cart-items/" + customer->profile_id, "",
                                   customer->token, {{"Host", "shop.example"}});
  auto cart_json = cart_view.json();
  bool found = false;
  for (const auto& item : cart_json.at("items").as_array())
    if (item.at("productId") == id) {
      found = true;
      EXPECT_TRUE(
          std::string(item.at("photoUrl").as_string()).starts_with("http://shop.example/media/"));
    }
  EXPECT_TRUE(found);
  int64_t price = minor(full(id).at("finalPrice"));
  auto order = place(*server, *customer, order_body(*customer, {{id, 1, price, std::nullopt}}));
  ASSERT_EQ(order.status, 204) << order.body;
  auto details = server->request("GET", "/api/orders/" + order.headers["x-order-id"] + "/details",
                                 "", customer->token, {{"Host", "shop.example"}});
  ASSERT_EQ(details.status, 200) << details.body;
  EXPECT_TRUE(std::string(details.json().at("orderItems").as_array()[0].at("photoUrl").as_string())
                  .starts_with("http://shop.example/media/photos/"));
}

TEST_F(Compat_Media, CategoryPhotosAndRowsStoredEarlierKeepWorking) {
  // A category photo upload, listed per origin (the inline-cached list included).
  auto r = MultipartBuilder()
               .field("name", unique_name("Фото"))
               .file("photo", "c.png", "image/png", test_png(6))
               .send(*server, "POST", "/api/categories", admin->token);
  ASSERT_EQ(r.status, 204) << r.body;
  for (const auto& host : {"one.example", "two.example", "one.example"}) {
    auto parents = json_array(get_at(*server, "/api/categories/parent", host));
    bool any = false;
    for (const auto& c : parents)
      if (!c.at("photoUrl").is_null()) {
        any = true;
        EXPECT_TRUE(std::string(c.at("photoUrl").as_string())
                        .starts_with(std::string("http://") + host + "/media/"))
            << c.at("photoUrl");
      }
    EXPECT_TRUE(any);
  }
  // Rows written before: an absolute URL (a base URL was configured then) is answered as it is;
  // a root-relative one gets the origin.
  auto old_abs = untracked_product("Смартфон старий абсолютний");
  auto old_rel = untracked_product("Смартфон старий відносний");
  probe().set_main_photo_url(old_abs, "https://old-cdn.example/media/photos/a.png");
  probe().set_media_urls(old_abs, "https://old-cdn.example/media/photos/a.png");
  probe().set_main_photo_url(old_rel, "/media/photos/b.png");
  auto abs = get_at(*server, "/api/products/product/" + old_abs, "shop.example").json();
  EXPECT_EQ(abs.at("medias").as_array()[0].at("url"), "https://old-cdn.example/media/photos/a.png");
  auto search = json_array(
      get_at(*server, "/api/products/search?searchQuery=%D1%81%D1%82%D0%B0%D1%80%D0%B8%D0%B9",
             "shop.example"));
  std::map<std::string, std::string> photos;
  for (const auto& item : search)
    photos[std::string(item.at("id").as_string())] = std::string(item.at("mainPhoto").as_string());
  EXPECT_EQ(photos[old_abs], "https://old-cdn.example/media/photos/a.png");
  EXPECT_EQ(photos[old_rel], "http://shop.example/media/photos/b.png");
}

TEST_F(Compat_Media, ForwardedHeadersOnlyFromATrustedProxyAndNoForgedHosts) {
  auto id = untracked_product("Смартфон за проксі");
  auto path = "/api/products/product/" + id;
  // Not behind a trusted proxy: X-Forwarded-* are the client's own words, ignored.
  auto direct = get_at(*server, path, "shop.example",
                       {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "evil.example"}});
  EXPECT_TRUE(std::string(direct.json().at("medias").as_array()[0].at("url").as_string())
                  .starts_with("http://shop.example/media/"));
  // A Host that is not a host: root-relative URLs, never the header's text.
  auto forged = get_at(*server, path, "evil.example/<script>");
  auto forged_url = std::string(forged.json().at("medias").as_array()[0].at("url").as_string());
  EXPECT_TRUE(forged_url.starts_with("/media/photos/")) << forged_url;

  auto& proxied = own_server([](Config& c) { c.trust_forwarded_for = true; });
  std::string pid;
  ASSERT_NO_FATAL_FAILURE(product_with_photo(proxied, "Проксі", "Товар за проксі", pid));
  auto via_proxy =
      get_at(proxied, "/api/products/product/" + pid, "10.0.0.5:8080",
             {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "shop.example, inner.lan"}});
  EXPECT_TRUE(std::string(via_proxy.json().at("medias").as_array()[0].at("url").as_string())
                  .starts_with("https://shop.example/media/photos/"))
      << via_proxy.body;
}

TEST_F(Compat_Media, AConfiguredPublicBaseUrlWinsAndStoresNothingOfIt) {
  auto& configured = own_server([](Config& c) { c.public_base_url = "https://cdn.shop.example/"; });
  std::string pid;
  ASSERT_NO_FATAL_FAILURE(product_with_photo(configured, "База", "Товар з базою", pid));
  auto p = get_at(configured, "/api/products/product/" + pid, "whatever.example").json();
  EXPECT_TRUE(std::string(p.at("medias").as_array()[0].at("url").as_string())
                  .starts_with("https://cdn.shop.example/media/photos/"));
  auto stored = configured.probe().media_url(pid);
  EXPECT_TRUE(stored.starts_with("/media/photos/")) << stored;
}

// ---- GUID route parameters ----

class Compat_CatalogRoutes : public CatalogCompatSuite<Compat_CatalogRoutes> {};

TEST_F(Compat_CatalogRoutes, ANonGuidIdIsA404LikeTheOriginalsGuidConstraint) {
  auto r = server->get("/api/categories/child/smartfony");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(server->get("/api/categories/child/" + kNoSuchId).status, 404);
  EXPECT_EQ(server->get("/api/categories/child/smartfony/attributes-with-values").status, 404);
  EXPECT_EQ(server->get("/api/categories/child/smartfony/attributes", seller->token).status, 404);
  EXPECT_EQ(server->get("/api/products/product/smartfon-galaxy").status, 404);
  EXPECT_EQ(server->get("/api/products/category/smartfony/page/1").status, 404);
  EXPECT_EQ(server->get("/api/products/category/" + phones->id + "/page/first").status, 404);
  EXPECT_EQ(server->get("/api/products/with-discount/page/first").status, 404);
  EXPECT_EQ(server->get("/api/products/search/category/smartfony?searchQuery=a").status, 404);
  EXPECT_EQ(server->del("/api/products/smartfon", seller->token).status, 404);
  EXPECT_EQ(server
                ->patch("/api/categories/child/smartfony", boost::json::object{{"name", "x"}},
                        admin->token)
                .status,
            404);
  // A GUID that names nothing is still the 404 of a missing category; page 0 is still a 400.
  EXPECT_EQ(server->get("/api/products/category/" + phones->id + "/page/0").status, 400);
  EXPECT_EQ(server->get("/api/categories/child/" + phones->parent_id).status, 200);
}

}  // namespace
}  // namespace wolfix::test
