// Search rules: typo distance, corrections from the catalog's words, the query texts with
// alternatives, and the ranking of candidate titles.
#include <gtest/gtest.h>

#include "catalog/search.hpp"

namespace wolfix::catalog {
namespace {

TEST(CatalogSearch, EditDistanceCountsCodePointsAndSwaps) {
  EXPECT_EQ(edit_distance("велосипед", "велосипед", 2), 0);
  EXPECT_EQ(edit_distance("велосипд", "велосипед", 2), 1);   // a letter left out
  EXPECT_EQ(edit_distance("веолсипед", "велосипед", 2), 1);  // neighbours swapped
  EXPECT_EQ(edit_distance("вилосипет", "велосипед", 2), 2);
  EXPECT_EQ(edit_distance("samsung", "nokia", 2), 3);  // more than max: max + 1
  EXPECT_EQ(allowed_typos(3), 0);
  EXPECT_EQ(allowed_typos(4), 1);
  EXPECT_EQ(allowed_typos(8), 2);
  EXPECT_EQ(code_points("велосипд"), 8u);
}

TEST(CatalogSearch, CorrectionsComeFromTheCatalogsWordsNearestFirst) {
  std::vector<std::string> terms{"cross", "samsung", "велосипед", "велосипеди", "шолом"};
  EXPECT_TRUE(starts_some_term(terms, "вело"));
  EXPECT_TRUE(starts_some_term(terms, "велосипед"));
  EXPECT_FALSE(starts_some_term(terms, "велосипд"));
  EXPECT_EQ(corrections(terms, "велосипд"), (std::vector<std::string>{"велосипед", "велосипеди"}));
  // A typo while typing: the beginning of a word.
  EXPECT_EQ(corrections(terms, "велсип"), (std::vector<std::string>{"велосипед", "велосипеди"}));
  EXPECT_EQ(corrections(terms, "samsng"), (std::vector<std::string>{"samsung"}));
  EXPECT_TRUE(corrections(terms, "nokia").empty());
  EXPECT_TRUE(corrections(terms, "шол").empty());  // three letters: never corrected
  EXPECT_EQ(corrections(terms, "велосипд", 1).size(), 1u);
}

TEST(CatalogSearch, ExactWordsBeforeBeginningsBeforeCorrectionsThenEarlierThenShorter) {
  std::vector<QueryWord> q{{"велосипед", {}}};
  auto exact = score_title(q, "Велосипед Cross 26");
  auto later = score_title(q, "Шолом для велосипед Cross");
  auto longer = score_title(q, "Велосипед Cross 26 чорний");
  auto prefix = score_title(q, "Велосипеди дитячі");
  EXPECT_TRUE(ranks_before(exact, later));
  EXPECT_TRUE(ranks_before(exact, longer));
  EXPECT_TRUE(ranks_before(exact, prefix));
  EXPECT_TRUE(ranks_before(prefix, later) == false);  // an exact word beats an earlier beginning
  std::vector<QueryWord> typo{{"велосипд", {"велосипед"}}};
  auto corrected = score_title(typo, "Велосипед Cross");
  EXPECT_TRUE(corrected.matched);
  EXPECT_EQ(corrected.quality, 1);
  EXPECT_FALSE(score_title(q, "Самокат").matched);
  EXPECT_FALSE(ranks_before(exact, exact));
}

}  // namespace
}  // namespace wolfix::catalog
