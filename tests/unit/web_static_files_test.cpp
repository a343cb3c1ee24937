// The storefront's pure rules: content types, ETag matching, the embedded table.
#include <gtest/gtest.h>

#include "web/embedded.hpp"
#include "web/static_files.hpp"

namespace wolfix::web {
namespace {

TEST(WebStaticFiles, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a/b.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("x.png"), "image/png");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
}

TEST(WebStaticFiles, IfNoneMatchUsesWeakComparisonOverAList) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\" , \"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches(", ,", "\"abc\""));
  EXPECT_FALSE(etag_matches("abc", "\"abc\""));
}

TEST(WebStaticFiles, EmbeddedTableIsSortedAndHashed) {
  auto files = embedded_files();
  ASSERT_FALSE(files.empty());
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(std::string(files[i].sha256).size(), 64u) << files[i].path;
    if (i) EXPECT_LT(std::string(files[i - 1].path), std::string(files[i].path));
  }
  auto index = StaticFiles::embedded().find("index.html");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->etag.size(), 34u);
  EXPECT_FALSE(StaticFiles::embedded().find("../CMakeLists.txt"));
}

}  // namespace
}  // namespace wolfix::web
