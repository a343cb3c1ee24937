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

// What a caller is answered with (it may also be handed the entry's refresh).
std::optional<std::string> served(DetailCache& cache, const std::string& id,
                                  std::string_view origin, int64_t app_now_ms) {
  auto hit = cache.get(id, origin, app_now_ms);
  if (!hit) return std::nullopt;
  return *hit->json;
}

TEST(CatalogDetailCache, PerProductAndOriginUntilAWrite) {
  DetailCache cache;
  cache.put("p1", "https://a", "{a}", cache.ticket(), INT64_MAX);
  EXPECT_EQ(served(cache, "p1", "https://a", 0), "{a}");
  EXPECT_FALSE(served(cache, "p1", "https://b", 0));
  EXPECT_FALSE(served(cache, "p2", "https://a", 0));
  cache.invalidate("p1");
  EXPECT_FALSE(served(cache, "p1", "https://a", 0));
}

TEST(CatalogDetailCache, AnAnswerComputedAcrossAWriteIsNotKept) {
  DetailCache cache;
  auto ticket = cache.ticket();
  cache.invalidate();
  cache.put("p1", "o", "{old}", ticket, INT64_MAX);
  EXPECT_FALSE(served(cache, "p1", "o", 0));
  // An order's stock change quarantines the product for a while.
  cache.invalidate("p1", 60'000ms);
  cache.put("p1", "o", "{maybe old}", cache.ticket(), INT64_MAX);
  EXPECT_FALSE(served(cache, "p1", "o", 0));
}

TEST(CatalogDetailCache, NothingOutlivesItsDiscount) {
  DetailCache cache;
  cache.put("p1", "o", "{d}", cache.ticket(), 5000);
  EXPECT_TRUE(served(cache, "p1", "o", 4999));
  EXPECT_FALSE(served(cache, "p1", "o", 5000));
}

TEST(CatalogDetailCache, AHotProductIsRecomputedByOneCallerBeforeItExpires) {
  fake_now_value = DetailCache::Clock::time_point{} + 1h;
  DetailCache cache(1000ms, 8192, &fake_now);
  cache.put("p1", "o", "{old}", cache.ticket(), INT64_MAX);
  fake_now_value += 700ms;
  auto young = cache.get("p1", "o", 0);
  ASSERT_TRUE(young);
  EXPECT_EQ(*young->json, "{old}");
  EXPECT_FALSE(young->refresh);
  fake_now_value += 150ms;  // the last fifth: the first caller is answered and recomputes it
  auto due = cache.get("p1", "o", 0);
  ASSERT_TRUE(due);
  EXPECT_EQ(*due->json, "{old}");
  EXPECT_TRUE(due->refresh);
  auto other = cache.get("p1", "o", 0);  // everyone else is still answered, and nothing more
  ASSERT_TRUE(other);
  EXPECT_EQ(*other->json, "{old}");
  EXPECT_FALSE(other->refresh);
  cache.put("p1", "o", "{new}", cache.ticket(), INT64_MAX);
  fake_now_value += 500ms;  // past the old entry's expiry
  EXPECT_EQ(served(cache, "p1", "o", 0), "{new}");
  fake_now_value += 600ms;  // the new one expired too: nothing is served
  EXPECT_FALSE(cache.get("p1", "o", 0));
}

TEST(CatalogDetailCache, AFailedRefreshIsHandedOutAgain) {
  fake_now_value = DetailCache::Clock::time_point{} + 2h;
  DetailCache cache(1000ms, 8192, &fake_now);
  cache.put("p1", "o", "{old}", cache.ticket(), INT64_MAX);
  fake_now_value += 850ms;
  ASSERT_TRUE(cache.get("p1", "o", 0)->refresh);
  EXPECT_FALSE(cache.get("p1", "o", 0)->refresh);
  cache.refresh_failed("p1", "o");
  auto again = cache.get("p1", "o", 0);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->json, "{old}");
  EXPECT_TRUE(again->refresh);
}

}  // namespace
}  // namespace wolfix::catalog
