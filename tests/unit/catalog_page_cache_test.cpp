// The catalog's micro-cache: answers are reused only while no write happened and no discount
// may have expired; each is computed once however many ask together, and a hot one is
// recomputed before it expires.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "catalog/page_cache.hpp"

namespace wolfix::catalog {
namespace {

using namespace std::chrono_literals;

// A steady clock the tests move by hand.
std::chrono::steady_clock::time_point fake_now_value{};
std::chrono::steady_clock::time_point fake_now() {
  return fake_now_value;
}

std::string put(PageCache& cache, const std::string& key, std::string json,
                int64_t valid_until = INT64_MAX) {
  return cache.get_or_compute(key, 0, valid_until, [&] { return json; });
}

TEST(CatalogPageCache, ServesWhatWasStored) {
  PageCache cache;
  EXPECT_FALSE(cache.get("k", 0));
  EXPECT_EQ(put(cache, "k", "[1]", 1000), "[1]");
  EXPECT_EQ(cache.get("k", 999), "[1]");
  EXPECT_EQ(put(cache, "k", "[computed again]", 1000), "[1]");
  EXPECT_FALSE(cache.get("other", 999));
}

TEST(CatalogPageCache, AWriteForgetsEverything) {
  PageCache cache;
  put(cache, "a", "[1]");
  cache.invalidate();
  EXPECT_FALSE(cache.get("a", 0));
  EXPECT_EQ(put(cache, "a", "[2]"), "[2]");
}

TEST(CatalogPageCache, AnAnswerComputedAcrossAWriteIsNotStored) {
  PageCache cache;
  auto json = cache.get_or_compute("a", 0, INT64_MAX, [&] {
    cache.invalidate();  // a write lands while the answer is computed
    return std::string("[stale]");
  });
  EXPECT_EQ(json, "[stale]");  // the caller gets it, as it would without a cache
  EXPECT_FALSE(cache.get("a", 0));
}

TEST(CatalogPageCache, NothingOutlivesADiscountExpiry) {
  PageCache cache;
  put(cache, "a", "[1]", 5000);
  EXPECT_TRUE(cache.get("a", 4999));
  EXPECT_FALSE(cache.get("a", 5000));
  EXPECT_FALSE(cache.get("a", 1));  // dropped once found stale
}

TEST(CatalogPageCache, StaysWithinItsCapacity) {
  PageCache cache(60'000ms, 2);
  put(cache, "a", "1");
  put(cache, "b", "2");
  put(cache, "c", "3");  // full: starts over
  EXPECT_FALSE(cache.get("a", 0));
  EXPECT_EQ(cache.get("c", 0), "3");
}

TEST(CatalogPageCache, AZeroTtlCachesNothing) {
  PageCache cache(0ms);
  put(cache, "a", "1");
  EXPECT_FALSE(cache.get("a", 0));
}

TEST(CatalogPageCache, AFailedComputationStoresNothingAndLetsTheNextTry) {
  PageCache cache;
  EXPECT_THROW(cache.get_or_compute("a", 0, INT64_MAX,
                                    []() -> std::string { throw std::runtime_error("db down"); }),
               std::runtime_error);
  EXPECT_FALSE(cache.get("a", 0));
  EXPECT_EQ(put(cache, "a", "[1]"), "[1]");
}

TEST(CatalogPageCache, ConcurrentMissesComputeOnce) {
  PageCache cache(60'000ms);
  std::atomic<int> computed{0};
  std::promise<void> release;
  auto released = release.get_future().share();
  auto compute = [&] {
    ++computed;
    released.wait();  // the others ask while this one computes
    return std::string("[1]");
  };
  std::vector<std::future<std::string>> answers;
  for (int i = 0; i < 8; ++i)
    answers.push_back(std::async(std::launch::async,
                                 [&] { return cache.get_or_compute("k", 0, INT64_MAX, compute); }));
  release.set_value();
  for (auto& a : answers) EXPECT_EQ(a.get(), "[1]");
  EXPECT_EQ(computed.load(), 1);
}

TEST(CatalogPageCache, AHotEntryIsRecomputedByOneCallerBeforeItExpires) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 1h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "k", "[old]");
  fake_now_value += 700ms;  // young: served as is, even to the io thread
  EXPECT_EQ(cache.get("k", 0), "[old]");
  EXPECT_EQ(put(cache, "k", "[new]"), "[old]");

  fake_now_value += 150ms;  // in the last fifth of its life: the io thread hands it to the pool...
  EXPECT_FALSE(cache.get("k", 0));
  // ...where one caller recomputes it while everyone else is still answered from it.
  std::string during;
  auto refreshed = cache.get_or_compute("k", 0, INT64_MAX, [&] {
    during = cache.get("k", 0).value_or("none");
    EXPECT_EQ(put(cache, "k", "[other]"), "[old]");
    return std::string("[new]");
  });
  EXPECT_EQ(refreshed, "[new]");
  EXPECT_EQ(during, "[old]");
  fake_now_value += 750ms;  // the old entry would have expired by now; the new one is young
  EXPECT_EQ(cache.get("k", 0), "[new]");
}

TEST(CatalogPageCache, AnExpiredEntryIsNeverServed) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 2h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "k", "[old]");
  fake_now_value += 1000ms;
  EXPECT_FALSE(cache.get("k", 0));
  EXPECT_EQ(put(cache, "k", "[new]"), "[new]");
}

}  // namespace
}  // namespace wolfix::catalog
