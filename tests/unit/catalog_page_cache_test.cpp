// The catalog's micro-cache: answers are reused only while no write happened and no discount
// may have expired.
#include <gtest/gtest.h>

#include "catalog/page_cache.hpp"

namespace wolfix::catalog {
namespace {

TEST(CatalogPageCache, ServesWhatWasStored) {
  PageCache cache;
  EXPECT_FALSE(cache.get("k", 0));
  cache.put("k", "[1]", cache.generation(), 1000);
  EXPECT_EQ(cache.get("k", 999), "[1]");
  EXPECT_FALSE(cache.get("other", 999));
}

TEST(CatalogPageCache, AWriteForgetsEverything) {
  PageCache cache;
  cache.put("a", "[1]", cache.generation(), INT64_MAX);
  cache.invalidate();
  EXPECT_FALSE(cache.get("a", 0));
}

TEST(CatalogPageCache, AnAnswerComputedAcrossAWriteIsNotStored) {
  PageCache cache;
  uint64_t before = cache.generation();
  cache.invalidate();  // a write lands while the answer is computed
  cache.put("a", "[stale]", before, INT64_MAX);
  EXPECT_FALSE(cache.get("a", 0));
}

TEST(CatalogPageCache, NothingOutlivesADiscountExpiry) {
  PageCache cache;
  cache.put("a", "[1]", cache.generation(), 5000);
  EXPECT_TRUE(cache.get("a", 4999));
  EXPECT_FALSE(cache.get("a", 5000));
  EXPECT_FALSE(cache.get("a", 1));  // dropped once found stale
}

TEST(CatalogPageCache, StaysWithinItsCapacity) {
  PageCache cache(std::chrono::milliseconds(60'000), 2);
  auto g = cache.generation();
  cache.put("a", "1", g, INT64_MAX);
  cache.put("b", "2", g, INT64_MAX);
  cache.put("c", "3", g, INT64_MAX);  // full: starts over
  EXPECT_FALSE(cache.get("a", 0));
  EXPECT_EQ(cache.get("c", 0), "3");
}

TEST(CatalogPageCache, AZeroTtlCachesNothing) {
  PageCache cache(std::chrono::milliseconds(0));
  cache.put("a", "1", cache.generation(), INT64_MAX);
  EXPECT_FALSE(cache.get("a", 0));
}

}  // namespace
}  // namespace wolfix::catalog
