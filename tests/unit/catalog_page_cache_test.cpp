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

// What an io thread is answered with (it may also be handed the entry's refresh).
std::optional<std::string> served(PageCache& cache, const std::string& key, int64_t app_now_ms) {
  auto hit = cache.get(key, app_now_ms);
  if (!hit) return std::nullopt;
  return *hit->json;
}

TEST(CatalogPageCache, ServesWhatWasStored) {
  PageCache cache;
  EXPECT_FALSE(served(cache, "k", 0));
  EXPECT_EQ(put(cache, "k", "[1]", 1000), "[1]");
  EXPECT_EQ(served(cache, "k", 999), "[1]");
  EXPECT_EQ(put(cache, "k", "[computed again]", 1000), "[1]");
  EXPECT_FALSE(served(cache, "other", 999));
}

TEST(CatalogPageCache, AWriteForgetsEverything) {
  PageCache cache;
  put(cache, "a", "[1]");
  cache.invalidate();
  EXPECT_FALSE(served(cache, "a", 0));
  EXPECT_EQ(put(cache, "a", "[2]"), "[2]");
}

TEST(CatalogPageCache, AnAnswerComputedAcrossAWriteIsNotStored) {
  PageCache cache;
  auto json = cache.get_or_compute("a", 0, INT64_MAX, [&] {
    cache.invalidate();  // a write lands while the answer is computed
    return std::string("[stale]");
  });
  EXPECT_EQ(json, "[stale]");  // the caller gets it, as it would without a cache
  EXPECT_FALSE(served(cache, "a", 0));
}

TEST(CatalogPageCache, NothingOutlivesADiscountExpiry) {
  PageCache cache;
  put(cache, "a", "[1]", 5000);
  EXPECT_TRUE(served(cache, "a", 4999));
  EXPECT_FALSE(served(cache, "a", 5000));
  EXPECT_FALSE(served(cache, "a", 1));  // dropped once found stale
}

TEST(CatalogPageCache, StaysWithinItsCapacity) {
  PageCache cache(60'000ms, 2);
  put(cache, "a", "1");
  put(cache, "b", "2");
  put(cache, "c", "3");  // full: starts over
  EXPECT_FALSE(served(cache, "a", 0));
  EXPECT_EQ(served(cache, "c", 0), "3");
}

TEST(CatalogPageCache, AZeroTtlCachesNothing) {
  PageCache cache(0ms);
  put(cache, "a", "1");
  EXPECT_FALSE(served(cache, "a", 0));
}

TEST(CatalogPageCache, AFailedComputationStoresNothingAndLetsTheNextTry) {
  PageCache cache;
  EXPECT_THROW(cache.get_or_compute("a", 0, INT64_MAX,
                                    []() -> std::string { throw std::runtime_error("db down"); }),
               std::runtime_error);
  EXPECT_FALSE(served(cache, "a", 0));
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
  fake_now_value += 700ms;  // young: served as is
  auto young = cache.get("k", 0);
  ASSERT_TRUE(young);
  EXPECT_EQ(*young->json, "[old]");
  EXPECT_FALSE(young->refresh);
  EXPECT_EQ(put(cache, "k", "[new]"), "[old]");

  fake_now_value += 150ms;       // in the last fifth of its life: the io thread that finds it so is
  auto due = cache.get("k", 0);  // answered from it, and owns its recomputation...
  ASSERT_TRUE(due);
  EXPECT_EQ(*due->json, "[old]");
  EXPECT_TRUE(due->refresh);
  auto other = cache.get("k", 0);  // ...which nobody else is handed: they are answered from it
  ASSERT_TRUE(other);
  EXPECT_EQ(*other->json, "[old]");
  EXPECT_FALSE(other->refresh);
  EXPECT_EQ(put(cache, "k", "[other]"), "[old]");  // the pool too
  cache.refresh("k", due->generation, INT64_MAX, [] { return std::string("[new]"); });
  fake_now_value += 750ms;  // the old entry would have expired by now; the new one is young
  EXPECT_EQ(served(cache, "k", 0), "[new]");
}

TEST(CatalogPageCache, ADueEntryFoundByThePoolIsRecomputedByThatCaller) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 3h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "k", "[old]");
  fake_now_value += 850ms;
  std::string during;
  auto refreshed = cache.get_or_compute("k", 0, INT64_MAX, [&] {
    during = served(cache, "k", 0).value_or("none");  // the others are answered from it
    EXPECT_EQ(put(cache, "k", "[other]"), "[old]");
    return std::string("[new]");
  });
  EXPECT_EQ(refreshed, "[new]");
  EXPECT_EQ(during, "[old]");
  EXPECT_EQ(served(cache, "k", 0), "[new]");
}

TEST(CatalogPageCache, AFailedOrVoidedRefreshStoresNothing) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 4h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "k", "[old]");
  fake_now_value += 850ms;
  auto due = cache.get("k", 0);
  ASSERT_TRUE(due && due->refresh);
  EXPECT_THROW(cache.refresh("k", due->generation, INT64_MAX,
                             []() -> std::string { throw std::runtime_error("db down"); }),
               std::runtime_error);
  // Still served, and the next caller may try again.
  auto again = cache.get("k", 0);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->json, "[old]");
  EXPECT_TRUE(again->refresh);
  // A write while it is recomputed voids the answer: nothing from before it is stored.
  cache.invalidate();
  cache.refresh("k", again->generation, INT64_MAX, [] { return std::string("[stale]"); });
  EXPECT_FALSE(cache.get("k", 0));
}

// Entries that fall due together are recomputed one after another, not all at once beside the
// io thread: a due entry nobody may recompute yet is served as it is.
TEST(CatalogPageCache, OneRecomputationIsHandedOutAtATime) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 5h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "a", "[a]");
  put(cache, "b", "[b]");
  fake_now_value += 850ms;
  auto a = cache.get("a", 0);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->refresh);
  auto b = cache.get("b", 0);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b->json, "[b]");
  EXPECT_FALSE(b->refresh) << "a's recomputation is still running";
  cache.refresh("a", a->generation, INT64_MAX, [] { return std::string("[a2]"); });
  auto b_again = cache.get("b", 0);
  ASSERT_TRUE(b_again);
  EXPECT_TRUE(b_again->refresh) << "a's slot is free again";
  cache.refresh("b", b_again->generation, INT64_MAX, [] { return std::string("[b2]"); });
  EXPECT_EQ(served(cache, "a", 0), "[a2]");
  EXPECT_EQ(served(cache, "b", 0), "[b2]");
}

TEST(CatalogPageCache, ARecomputationThatNeverReportsFreesItsSlot) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 6h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "lost", "[lost]");
  fake_now_value += 850ms;
  auto lost = cache.get("lost", 0);  // handed out; its work never calls refresh()
  ASSERT_TRUE(lost && lost->refresh);
  fake_now_value += 50ms;
  put(cache, "b", "[b]");
  fake_now_value += 900ms;  // "b" is due; "lost" expired unread, handed out 950 ms ago
  auto held = cache.get("b", 0);
  ASSERT_TRUE(held);
  EXPECT_FALSE(held->refresh) << "the slot is still taken";
  fake_now_value += 50ms;
  auto b = cache.get("b", 0);
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->refresh) << "a TTL after it was handed out, the lost recomputation holds nothing";
  // A failed recomputation frees its slot at once.
  EXPECT_THROW(cache.refresh("b", b->generation, INT64_MAX,
                             []() -> std::string { throw std::runtime_error("db down"); }),
               std::runtime_error);
  put(cache, "c", "[c]");
  fake_now_value += 850ms;
  auto c = cache.get("c", 0);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->refresh);
}

TEST(CatalogPageCache, AnExpiredEntryIsNeverServed) {
  fake_now_value = std::chrono::steady_clock::time_point{} + 2h;
  PageCache cache(1000ms, 4096, &fake_now);
  put(cache, "k", "[old]");
  fake_now_value += 1000ms;
  EXPECT_FALSE(served(cache, "k", 0));
  EXPECT_EQ(put(cache, "k", "[new]"), "[new]");
}

}  // namespace
}  // namespace wolfix::catalog
