// The IN-list builders: what a store appends, and the padded lengths cache checks read with.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/in_list.hpp"

namespace wolfix::db {
namespace {

TEST(InList, AppendsOnePlaceholderAndValuePerItem) {
  std::string sql = "id IN (";
  Params params{std::string("first")};
  append_in_list(sql, params, std::vector<std::string>{"a", "b", "c"});
  EXPECT_EQ(sql, "id IN (?, ?, ?");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(std::get<std::string>(params[3].value), "c");
}

TEST(InList, PaddedToOneOfAFewLengthsByRepeatingTheLast) {
  auto padded = [](std::size_t n) {
    Params params;
    for (std::size_t i = 0; i < n; ++i) params.emplace_back(std::to_string(i));
    pad_in_list(params);
    return params;
  };
  EXPECT_TRUE(padded(0).empty());  // nothing to read: the caller asks nothing
  EXPECT_EQ(padded(1).size(), 8u);
  EXPECT_EQ(padded(8).size(), 8u);
  EXPECT_EQ(padded(9).size(), 32u);
  EXPECT_EQ(padded(33).size(), 128u);
  EXPECT_EQ(padded(512).size(), 512u);
  auto p = padded(9);
  EXPECT_EQ(std::get<std::string>(p[8].value), "8");
  EXPECT_EQ(std::get<std::string>(p[31].value), "8");  // the last value again: no other row matches
  EXPECT_EQ(placeholders(3), "?, ?, ?");
}

}  // namespace
}  // namespace wolfix::db
