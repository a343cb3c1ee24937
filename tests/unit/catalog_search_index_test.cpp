// The in-memory search index: the newest matches of every query word (as a beginning of a title
// word, or through its corrections), in a category when asked, following renames and removals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "catalog/search_index.hpp"

namespace wolfix::catalog {
namespace {

std::vector<std::string> ids(const std::vector<SearchMatch>& m) {
  std::vector<std::string> out;
  for (const auto& x : m) out.push_back(x.id);
  return out;
}

SearchIndex sample() {
  SearchIndex index;
  index.put("p1", SearchDoc{"p1", "bikes", "Велосипед Cross 26"});
  index.put("p2", SearchDoc{"p2", "bikes", "Шолом для велосипеда"});
  index.put("p3", SearchDoc{"p3", "phones", "Смартфон Samsung Galaxy A54"});
  index.put("p4", SearchDoc{"p4", "bikes", "Велосипед гірський Cross"});
  index.seal();
  return index;
}

TEST(CatalogSearchIndex, NewestMatchesOfEveryWordFirst) {
  auto index = sample();
  EXPECT_EQ(ids(index.newest_matches({{"вело", {}}}, nullptr, 10)),
            (std::vector<std::string>{"p4", "p2", "p1"}));
  EXPECT_EQ(ids(index.newest_matches({{"вело", {}}, {"cross", {}}}, nullptr, 10)),
            (std::vector<std::string>{"p4", "p1"}));
  EXPECT_EQ(ids(index.newest_matches({{"вело", {}}}, nullptr, 2)),
            (std::vector<std::string>{"p4", "p2"}));
  EXPECT_TRUE(index.newest_matches({{"nokia", {}}}, nullptr, 10).empty());
  EXPECT_TRUE(index.newest_matches({}, nullptr, 10).empty());
  // The title's words, folded, for the ranking.
  auto m = index.newest_matches({{"galaxy", {}}}, nullptr, 10);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].title_words, "смартфон samsung galaxy a54");
}

TEST(CatalogSearchIndex, ACategoryNarrowsTheMatches) {
  auto index = sample();
  std::string bikes = "bikes", phones = "phones", none = "none";
  EXPECT_EQ(ids(index.newest_matches({{"cross", {}}}, &bikes, 10)),
            (std::vector<std::string>{"p4", "p1"}));
  EXPECT_TRUE(index.newest_matches({{"cross", {}}}, &phones, 10).empty());
  EXPECT_TRUE(index.newest_matches({{"cross", {}}}, &none, 10).empty());
}

TEST(CatalogSearchIndex, ASmallCategoryDrivesTheWalkWithTheSameAnswer) {
  SearchIndex index;
  // "cross" in 300 bikes, then a small category of helmets, two of them "cross".
  for (int i = 0; i < 300; ++i)
    index.put("b" + std::to_string(i), SearchDoc{"", "bikes", "Cross bike " + std::to_string(i)});
  index.put("h1", SearchDoc{"h1", "helmets", "Helmet Cross"});
  index.put("h2", SearchDoc{"h2", "helmets", "Helmet Road"});
  index.put("h3", SearchDoc{"h3", "helmets", "Helmet Cross Pro"});
  index.put("b0", std::nullopt);                                     // a tombstone in both lists
  index.put("h1", SearchDoc{"h1", "helmets", "Helmet Cross Kids"});  // listed anew: newest
  index.seal();
  std::string helmets = "helmets", bikes = "bikes";
  // The category (3 products) drives, not the word (300): a walk of 3 finds both.
  EXPECT_EQ(ids(index.newest_matches({{"cross", {}}}, &helmets, 10, 4)),
            (std::vector<std::string>{"h1", "h3"}));
  EXPECT_EQ(ids(index.newest_matches({{"cross", {}}, {"kids", {}}}, &helmets, 10, 4)),
            (std::vector<std::string>{"h1"}));
  EXPECT_EQ(index.newest_matches({{"cross", {}}}, &bikes, 500).size(), 299u);
}

TEST(CatalogSearchIndex, AWalkReadsAtMostItsBudget) {
  SearchIndex index;
  // "red" and "shoe" each in 200 products, together only in the oldest.
  index.put("both", SearchDoc{"", "c", "Red shoe"});
  for (int i = 0; i < 200; ++i) {
    index.put("r" + std::to_string(i), SearchDoc{"", "c", "Red hat " + std::to_string(i)});
    index.put("s" + std::to_string(i), SearchDoc{"", "c", "Blue shoe " + std::to_string(i)});
  }
  index.seal();
  EXPECT_EQ(ids(index.newest_matches({{"red", {}}, {"shoe", {}}}, nullptr, 10)),
            (std::vector<std::string>{"both"}));
  EXPECT_TRUE(index.newest_matches({{"red", {}}, {"shoe", {}}}, nullptr, 10, 100).empty());
  EXPECT_EQ(index.newest_matches({{"red", {}}, {"shoe", {}}}, nullptr, 10, 201).size(), 1u);
}

TEST(CatalogSearchIndex, CorrectionsAreAlternativesOfTheirWord) {
  auto index = sample();
  EXPECT_FALSE(index.starts_some_term("велосипд"));
  EXPECT_TRUE(index.starts_some_term("велос"));
  auto fixes = index.corrections("велосипд");
  EXPECT_EQ(fixes, (std::vector<std::string>{"велосипед", "велосипеда"}));
  EXPECT_EQ(ids(index.newest_matches({{"велосипд", fixes}, {"cross", {}}}, nullptr, 10)),
            (std::vector<std::string>{"p4", "p1"}));
}

TEST(CatalogSearchIndex, RenamedMovedAndRemovedProductsFollow) {
  auto index = sample();
  index.put("p1", SearchDoc{"p1", "bikes", "Самокат Cross"});  // renamed: now the newest
  index.put("p2", std::nullopt);                               // removed
  index.put("p3", SearchDoc{"p3", "phones", "Смартфон Samsung Galaxy A54"});  // unchanged
  index.seal();
  EXPECT_EQ(ids(index.newest_matches({{"вело", {}}}, nullptr, 10)),
            (std::vector<std::string>{"p4"}));
  EXPECT_EQ(ids(index.newest_matches({{"cross", {}}}, nullptr, 10)),
            (std::vector<std::string>{"p1", "p4"}));
  EXPECT_EQ(ids(index.newest_matches({{"смарт", {}}}, nullptr, 10)),
            (std::vector<std::string>{"p3"}));
  EXPECT_EQ(index.size(), 3u);
  index.put("p4", SearchDoc{"p4", "scooters", "Велосипед гірський Cross"});  // moved
  std::string scooters = "scooters";
  EXPECT_EQ(ids(index.newest_matches({{"cross", {}}}, &scooters, 10)),
            (std::vector<std::string>{"p4"}));
  index.put("p9", std::nullopt);  // never listed: nothing to drop
  EXPECT_EQ(index.size(), 3u);
}

TEST(CatalogSearchIndex, CompactionKeepsTheOrderAndTheAnswers) {
  SearchIndex index;
  for (int i = 0; i < 3000; ++i) {
    auto id = "p" + std::to_string(10000 + i);
    index.put(id, SearchDoc{id, i % 2 ? "odd" : "even", "Лампа " + std::to_string(i % 7)});
  }
  index.seal();
  for (int i = 0; i < 3000; i += 2) index.put("p" + std::to_string(10000 + i), std::nullopt);
  index.seal();  // 1,500 tombstones of 3,000: compacted
  EXPECT_EQ(index.size(), 1500u);
  auto m = index.newest_matches({{"лампа", {}}}, nullptr, 3);
  EXPECT_EQ(ids(m), (std::vector<std::string>{"p12999", "p12997", "p12995"}));
  std::string even = "even";
  EXPECT_TRUE(index.newest_matches({{"лампа", {}}}, &even, 3).empty());
  index.put("p10000", SearchDoc{"p10000", "even", "Лампа нова"});
  EXPECT_EQ(ids(index.newest_matches({{"лампа", {}}}, nullptr, 1)),
            (std::vector<std::string>{"p10000"}));
}

TEST(CatalogSearchIndex, UuidAndOtherIdsComeBackAsGiven) {
  SearchIndex index;
  const std::string a = "0193a5c2-7d1e-7abc-8def-0123456789ab";
  const std::string b = "0193A5C2-7D1E-7ABC-8DEF-0123456789AB";  // not canonical: kept as text
  const std::string c = "ffffffff-ffff-ffff-ffff-ffffffffffff";
  index.put(a, SearchDoc{a, "x", "Лампа"});
  index.put(b, SearchDoc{b, "x", "Лампа"});
  index.put(c, SearchDoc{c, "x", "Лампа"});
  index.seal();
  EXPECT_EQ(ids(index.newest_matches({{"лампа", {}}}, nullptr, 10)),
            (std::vector<std::string>{c, b, a}));
  index.put(a, std::nullopt);
  index.put(b, std::nullopt);
  EXPECT_EQ(ids(index.newest_matches({{"лампа", {}}}, nullptr, 10)), (std::vector<std::string>{c}));
  EXPECT_EQ(index.size(), 1u);
}

// Many listings, renames and removals of UUID and other ids, with compactions between them:
// the index answers as a plain model of which products are live and with which title.
TEST(CatalogSearchIndex, ManyPutsAndRemovalsAgreeWithAModel) {
  SearchIndex index;
  std::map<std::string, int> model;  // id -> the number in its title
  std::mt19937 rng(12345);
  auto id_of = [](int i) {
    if (i % 7 == 0) return "odd-" + std::to_string(i);
    char buf[40];
    std::snprintf(buf, sizeof buf, "01a24dde-%04x-7%03x-8%03x-%012x", i % 0x10000, i % 0x1000,
                  (i * 7) % 0x1000, i * 2654435761u);
    return std::string(buf);
  };
  for (int round = 0; round < 20; ++round) {
    for (int k = 0; k < 2000; ++k) {
      int i = static_cast<int>(rng() % 3000);
      std::string id = id_of(i);
      if (rng() % 3 == 0) {
        index.put(id, std::nullopt);
        model.erase(id);
      } else {
        int v = static_cast<int>(rng() % 5);
        index.put(id, SearchDoc{id, "c", "item w" + std::to_string(v)});
        model[id] = v;
      }
    }
    index.seal();
    ASSERT_EQ(index.size(), model.size()) << "round " << round;
    for (int v = 0; v < 5; ++v) {
      auto found = ids(index.newest_matches({{"w" + std::to_string(v), {}}}, nullptr, 100000));
      std::sort(found.begin(), found.end());
      std::vector<std::string> want;
      for (const auto& [id, w] : model)
        if (w == v) want.push_back(id);
      ASSERT_EQ(found, want) << "round " << round << ", word w" << v;
    }
  }
}

}  // namespace
}  // namespace wolfix::catalog
