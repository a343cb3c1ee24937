// Search as a shopper types: beginnings of words, typos, the most relevant first, the same on
// SQLite and PostgreSQL (the ranking is Wolfix's own, catalog/search.hpp).
#include <chrono>
#include <thread>

#include "catalog_api_helpers.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class CatalogSearchTest : public ShopSuite<CatalogSearchTest> {
 public:
  static void prepare(TestServer& s) {
    ShopSuite<CatalogSearchTest>::prepare(s);
    auto admin = make_actor(s, "Admin");
    bikes = api_category(s, admin, "Bikes", {}, {}).id;
    helmets = api_category(s, admin, "Helmets", {}, {}).id;
    auto add = [&](const std::string& cat, const std::string& title, const std::string& price) {
      auto id = api_product(s, *seller, cat, title, price);
      EXPECT_FALSE(id.empty()) << title;
      return id;
    };
    // Made in this order: later ones are newer.
    helmet = add(helmets, "Шолом для велосипеда Uvex", "30.00");
    kids = add(bikes, "Велосипеди дитячі Pride 16", "90.00");
    cross_black = add(bikes, "Велосипед Cross Hunter 26 чорний", "150.00");
    cross = add(bikes, "Велосипед Cross Hunter 26", "140.00");
    scooter = add(bikes, "Самокат Razor A5", "60.00");
  }

 protected:
  static inline std::string bikes, helmets, helmet, kids, cross_black, cross, scooter;

  static std::vector<std::string> search(const std::string& q, const std::string& path = "") {
    auto r = server->get((path.empty() ? std::string("/api/products/search") : path) +
                         "?searchQuery=" + url_encode(q));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    for (const auto& v : json_array(r)) ids.emplace_back(v.at("id").as_string());
    return ids;
  }
};

TEST_F(CatalogSearchTest, TheWholeWordFindsItsProductsExactWordsFirstThenShorterTitles) {
  // Exact word at the start (shorter title first), then the beginning of a longer word (the
  // plural), then the word further in the title.
  EXPECT_EQ(search("велосипед"), (std::vector<std::string>{cross, cross_black, kids, helmet}));
  EXPECT_EQ(search("ВЕЛОСИПЕД cross"), (std::vector<std::string>{cross, cross_black}));
  EXPECT_EQ(search("чорний велосипед"), (std::vector<std::string>{cross_black}));
}

TEST_F(CatalogSearchTest, BeginningsOfWordsFindAsYouType) {
  EXPECT_EQ(search("вело"), (std::vector<std::string>{cross, cross_black, kids, helmet}));
  EXPECT_EQ(search("вел"), search("вело"));
  EXPECT_EQ(search("сам"), (std::vector<std::string>{scooter}));
  EXPECT_EQ(search("cross hun"), (std::vector<std::string>{cross, cross_black}));
}

TEST_F(CatalogSearchTest, TyposFindTheIntendedWordWithExactMatchesNeverOutrankedByThem) {
  // One letter left out, one swapped, two wrong in a long word; a typo while still typing.
  for (const char* q : {"велосипд", "велоспиед", "вилосипет", "велсип"}) {
    auto found = search(q);
    ASSERT_GE(found.size(), 3u) << q;
    EXPECT_EQ(found[0], cross) << q;
    EXPECT_EQ(found[1], cross_black) << q;
  }
  EXPECT_EQ(search("samokat"), std::vector<std::string>{});  // another alphabet is no typo
  EXPECT_EQ(search("самокта"), (std::vector<std::string>{scooter}));
  EXPECT_EQ(search("crss huntr"), (std::vector<std::string>{cross, cross_black}));
  // Short words are never corrected; words far from every catalog word find nothing.
  EXPECT_TRUE(search("вдл").empty());
  EXPECT_TRUE(search("холодильник").empty());
  // Within a category.
  EXPECT_EQ(search("велосипд", "/api/products/search/category/" + helmets),
            (std::vector<std::string>{helmet}));
}

TEST_F(CatalogSearchTest, ANewProductsWordsCanBeCorrectedAtOnce) {
  EXPECT_TRUE(search("гіроборд").empty());
  auto id = api_product(*server, *seller, bikes, "Гіроборд Smart 10", "200.00");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(search("гіроборд"), (std::vector<std::string>{id}));
  EXPECT_EQ(search("гіробод"), (std::vector<std::string>{id}));
  // A rename: the new word is found and corrected at once.
  ASSERT_EQ(server
                ->patch("/api/products/product/" + id + "/general-info",
                        json::object{{"title", "Гіроскутер Smart 10"},
                                     {"description", "d"},
                                     {"categoryId", bikes}},
                        seller->token)
                .status,
            204);
  EXPECT_EQ(search("гіроскутер"), (std::vector<std::string>{id}));
  EXPECT_EQ(search("гироскутер"), (std::vector<std::string>{id}));
}

// Another node sharing the database lists, renames and removes products: this node's search
// index follows within its lag (a second, like its cached pages), without a write of its own.
TEST_F(CatalogSearchTest, WritesOfAnotherNodeAreFoundWithinASecond) {
  auto id = api_product(*server, *seller, helmets, "Рукавички Uvex", "20.00");
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(search("рукавички"), (std::vector<std::string>{id}));
  // Polled: the point is the lag itself, a second of real time.
  auto eventually = [&](const std::string& q, const std::vector<std::string>& want) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (search(q) != want && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return search(q) == want;
  };
  probe().write_product_elsewhere(id, "Бахіли Uvex", server->clock().now_ms());
  EXPECT_TRUE(eventually("бахіли", {id}));
  EXPECT_TRUE(eventually("рукавички", {}));
  probe().write_product_elsewhere(id, "Бахіли Uvex", server->clock().now_ms(), true);
  EXPECT_TRUE(eventually("бахіли", {}));
}

// The index follows other nodes' writes by their time (catalog/search_catalog.hpp), but this
// node's own by their ids: one made while the node's clock was behind the index's last look
// (set back, then forward again) is still found at once.
TEST_F(CatalogSearchTest, AProductListedWhileTheClockWasBehindIsFound) {
  server->clock().advance_ms(60 * 60 * 1000);
  ASSERT_FALSE(search("велосипед").empty());  // the index looks an hour ahead
  server->clock().advance_ms(-60 * 60 * 1000);
  auto id = api_product(*server, *seller, bikes, "Моноколесо Inmotion", "300.00");
  ASSERT_FALSE(id.empty());
  server->clock().advance_ms(60 * 60 * 1000);
  EXPECT_EQ(search("моноколесо"), (std::vector<std::string>{id}));
  server->clock().advance_ms(-60 * 60 * 1000);
}

}  // namespace
}  // namespace wolfix::test
