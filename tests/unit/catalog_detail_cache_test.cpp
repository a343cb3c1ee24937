// Rendered product details: reused per product and origin until a write or the TTL; a product
// read all the time is recomputed by one caller shortly before its entry expires.
#include <gtest/gtest.h>

#include "catalog/detail_cache.hpp"

namespace wolfix::catalog {
namespace {

using namespace std::chrono_literals;

DetailCache::Clock::time_point fake_now_value{};
DetailCache::Clock::time_point fake_now() {
  return fake_now_value;
}

TEST(CatalogDetailCache, PerProductAndOriginUntilAWrite) {
  DetailCache cache;
  cache.put("p1", "https://a", "{a}", cache.ticket(), INT64_MAX);
  EXPECT_EQ(cache.get("p1", "https://a", 0), "{a}");
  EXPECT_FALSE(cache.get("p1", "https://b", 0));
  EXPECT_FALSE(cache.get("p2", "https://a", 0));
  cache.invalidate("p1");
  EXPECT_FALSE(cache.get("p1", "https://a", 0));
}

TEST(CatalogDetailCache, AnAnswerComputedAcrossAWriteIsNotKept) {
  DetailCache cache;
  auto ticket = cache.ticket();
  cache.invalidate();
  cache.put("p1", "o", "{old}", ticket, INT64_MAX);
  EXPECT_FALSE(cache.get("p1", "o", 0));
  // An order's stock change quarantines the product for a while.
  cache.invalidate("p1", 60'000ms);
  cache.put("p1", "o", "{maybe old}", cache.ticket(), INT64_MAX);
  EXPECT_FALSE(cache.get("p1", "o", 0));
}

TEST(CatalogDetailCache, NothingOutlivesItsDiscount) {
  DetailCache cache;
  cache.put("p1", "o", "{d}", cache.ticket(), 5000);
  EXPECT_TRUE(cache.get("p1", "o", 4999));
  EXPECT_FALSE(cache.get("p1", "o", 5000));
}

TEST(CatalogDetailCache, AHotProductIsRecomputedByOneCallerBeforeItExpires) {
  fake_now_value = DetailCache::Clock::time_point{} + 1h;
  DetailCache cache(1000ms, 8192, &fake_now);
  cache.put("p1", "o", "{old}", cache.ticket(), INT64_MAX);
  fake_now_value += 700ms;
  EXPECT_EQ(cache.get("p1", "o", 0), "{old}");
  fake_now_value += 150ms;  // the last fifth: an io thread hands it to the pool
  EXPECT_FALSE(cache.get("p1", "o", 0));
  EXPECT_FALSE(cache.get("p1", "o", 0, true));        // this pool caller recomputes it
  EXPECT_EQ(cache.get("p1", "o", 0), "{old}");        // everyone else is still answered
  EXPECT_EQ(cache.get("p1", "o", 0, true), "{old}");  // including other pool callers
  cache.put("p1", "o", "{new}", cache.ticket(), INT64_MAX);
  fake_now_value += 500ms;  // past the old entry's expiry
  EXPECT_EQ(cache.get("p1", "o", 0), "{new}");
  fake_now_value += 600ms;  // the new one expired too: nothing is served
  EXPECT_FALSE(cache.get("p1", "o", 0, true));
}

}  // namespace
}  // namespace wolfix::catalog
