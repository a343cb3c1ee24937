// split_csv: the one reader of comma-separated settings (CORS origins, payment method types,
// rolling webhook secrets).
#include <gtest/gtest.h>

#include "app/config.hpp"

namespace wolfix {
namespace {

using List = std::vector<std::string>;

TEST(ConfigSplitCsv, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(split_csv("a, b ,,  c"), (List{"a", "b", "c"}));
  EXPECT_EQ(split_csv("whsec_new,whsec_old"), (List{"whsec_new", "whsec_old"}));
  EXPECT_EQ(split_csv("only"), List{"only"});
  EXPECT_EQ(split_csv(""), List{});
  EXPECT_EQ(split_csv(" , ,"), List{});
  EXPECT_EQ(split_csv("a b"), List{"a b"});  // inner spaces are kept
}

}  // namespace
}  // namespace wolfix
