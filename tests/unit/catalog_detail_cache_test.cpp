// Rendered product details: reused per product and origin until a write or the TTL; the entries
// read since their last check are checked together by one caller shortly before they expire, and
// renewed when the database says they are unchanged.
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

// Caches `json` for `id` (origin "o") as computed now, with no discount to end it.
void put_now(DetailCache& cache, const std::string& id, std::string json, uint64_t stamp = 0) {
  cache.put(id, "o", std::move(json), stamp, cache.ticket(), INT64_MAX);
}

TEST(CatalogDetailCache, PerProductAndOriginUntilAWrite) {
  DetailCache cache;
  cache.put("p1", "https://a", "{a}", 0, cache.ticket(), INT64_MAX);
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
  cache.put("p1", "o", "{old}", 0, ticket, INT64_MAX);
  EXPECT_FALSE(served(cache, "p1", "o", 0));
  // An order's stock change quarantines the product for a while.
  cache.invalidate("p1", 60'000ms);
  put_now(cache, "p1", "{maybe old}");
  EXPECT_FALSE(served(cache, "p1", "o", 0));
}

TEST(CatalogDetailCache, NothingOutlivesItsDiscount) {
  DetailCache cache;
  cache.put("p1", "o", "{d}", 0, cache.ticket(), 5000);
  EXPECT_TRUE(served(cache, "p1", "o", 4999));
  EXPECT_FALSE(served(cache, "p1", "o", 5000));
}

TEST(CatalogDetailCache, AHotProductIsCheckedByOneCallerBeforeItExpires) {
  fake_now_value = DetailCache::Clock::time_point{} + 1h;
  DetailCache cache(1000ms, 8192, &fake_now);
  put_now(cache, "p1", "{old}", 7);
  fake_now_value += 400ms;
  auto young = cache.get("p1", "o", 0);
  ASSERT_TRUE(young);
  EXPECT_EQ(*young->json, "{old}");
  EXPECT_FALSE(young->refresh);
  fake_now_value += 150ms;  // past half its TTL: the first caller is answered and checks it
  auto due = cache.get("p1", "o", 0);
  ASSERT_TRUE(due);
  EXPECT_EQ(*due->json, "{old}");
  EXPECT_TRUE(due->refresh);
  auto other = cache.get("p1", "o", 0);  // everyone else is still answered, and nothing more
  ASSERT_TRUE(other);
  EXPECT_EQ(*other->json, "{old}");
  EXPECT_FALSE(other->refresh);
  auto ticket = cache.ticket();
  auto taken = cache.take_due();
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].key, "p1");
  EXPECT_EQ(taken[0].origin, "o");
  EXPECT_EQ(taken[0].stamp, 7u);
  EXPECT_FALSE(taken[0].recompute);
  cache.renew(taken[0], ticket);  // unchanged in the database
  cache.check_finished();
  fake_now_value += 500ms;  // past the old expiry: renewed from the check's start
  EXPECT_EQ(served(cache, "p1", "o", 0), "{old}");
  fake_now_value += 600ms;  // the renewal expired too (nobody checked it again)
  EXPECT_FALSE(cache.get("p1", "o", 0));
}

TEST(CatalogDetailCache, AChangedOrUnreadEntryIsNotRenewed) {
  fake_now_value = DetailCache::Clock::time_point{} + 2h;
  DetailCache cache(1000ms, 8192, &fake_now);
  put_now(cache, "read", "{r}", 1);
  put_now(cache, "unread", "{u}", 1);
  fake_now_value += 650ms;
  put_now(cache, "later", "{l}", 1);  // due at +1150 ms
  fake_now_value += 200ms;            // +850: "read" is due
  EXPECT_TRUE(served(cache, "later", "o", 0));
  ASSERT_TRUE(cache.get("read", "o", 0)->refresh);
  auto ticket = cache.ticket();
  auto taken = cache.take_due();
  // "later" is not due within a sixteenth of the TTL yet; "unread" was never served.
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].key, "read");
  auto changed = taken[0];
  changed.stamp = 2;
  cache.renew(changed, ticket);  // the database's stamp moved: the entry is left to expire
  cache.check_finished();
  fake_now_value += 200ms;
  EXPECT_FALSE(cache.get("read", "o", 0));
  EXPECT_FALSE(cache.get("unread", "o", 0));
}

TEST(CatalogDetailCache, ACheckNeverBringsBackWhatAWriteDropped) {
  fake_now_value = DetailCache::Clock::time_point{} + 3h;
  DetailCache cache(1000ms, 8192, &fake_now);
  put_now(cache, "p1", "{1}", 1);
  put_now(cache, "p2", "{2}", 1);
  fake_now_value += 850ms;
  ASSERT_TRUE(cache.get("p1", "o", 0)->refresh);
  ASSERT_TRUE(served(cache, "p2", "o", 0));
  auto ticket = cache.ticket();
  auto taken = cache.take_due();
  ASSERT_EQ(taken.size(), 2u);
  // After the check's read: a write through this node, and an order's stock change (signalled
  // before its commit: quarantined).
  cache.invalidate("p1");
  cache.invalidate("p2", 60'000ms);
  for (const auto& d : taken) cache.renew(d, ticket);
  cache.check_finished();
  EXPECT_FALSE(cache.get("p1", "o", 0));
  EXPECT_FALSE(cache.get("p2", "o", 0));
  put_now(cache, "p2", "{2}", 1);
  EXPECT_FALSE(cache.get("p2", "o", 0));
}

TEST(CatalogDetailCache, AnUnfinishedCheckIsHandedOutAgainAfterATtl) {
  fake_now_value = DetailCache::Clock::time_point{} + 4h;
  DetailCache cache(1000ms, 8192, &fake_now);
  put_now(cache, "p1", "{old}");
  put_now(cache, "p2", "{old}");
  fake_now_value += 850ms;
  ASSERT_TRUE(cache.get("p1", "o", 0)->refresh);
  EXPECT_FALSE(cache.get("p2", "o", 0)->refresh);  // one check at a time
  cache.check_finished();
  EXPECT_TRUE(cache.get("p2", "o", 0)->refresh);
  // Never finished (its task was lost): after a TTL the next due entry hands it out again.
  fake_now_value += 100ms;
  put_now(cache, "p1", "{new}");
  fake_now_value += 850ms;
  ASSERT_TRUE(cache.get("p1", "o", 0));
  EXPECT_FALSE(cache.get("p1", "o", 0)->refresh);
  fake_now_value += 60ms;
  EXPECT_TRUE(cache.get("p1", "o", 0)->refresh);
}

TEST(CatalogDetailCache, AnOldEntryIsRecomputedNotRenewed) {
  fake_now_value = DetailCache::Clock::time_point{} + 5h;
  DetailCache cache(1000ms, 8192, &fake_now, 3000ms);
  put_now(cache, "p1", "{old}");
  for (int i = 0; i < 4; ++i) {
    fake_now_value += 850ms;
    ASSERT_TRUE(cache.get("p1", "o", 0)->refresh);
    auto ticket = cache.ticket();
    auto taken = cache.take_due();
    ASSERT_EQ(taken.size(), 1u);
    // Written outside Wolfix, a change would bump no revision: after max_age it is recomputed.
    EXPECT_EQ(taken[0].recompute, i == 3) << i;
    cache.renew(taken[0], ticket);
    cache.check_finished();
  }
}

// A check of many entries is handed out a piece at a time, most urgent first, each piece by a
// later caller (whatever it reads): the io thread that answers runs between two pieces.
TEST(CatalogDetailCache, AHandOutTakesAFewEntriesMostUrgentFirst) {
  fake_now_value = DetailCache::Clock::time_point{} + 8h;
  DetailCache cache(1000ms, 8192, &fake_now);
  std::size_t n = DetailCache::kPerCheck + 5;
  for (std::size_t i = 0; i < n; ++i) {
    put_now(cache, "p" + std::to_string(i), "{}");
    fake_now_value += 100us;  // p0 is due first
  }
  fake_now_value += 100ms;
  put_now(cache, "fresh", "{}");  // due 100 ms after the others
  fake_now_value += 400ms;
  ASSERT_TRUE(cache.get("p0", "o", 0)->refresh);
  for (std::size_t i = 1; i < n; ++i) ASSERT_TRUE(served(cache, "p" + std::to_string(i), "o", 0));
  auto first = cache.take_due();
  ASSERT_EQ(first.size(), DetailCache::kPerCheck);
  EXPECT_EQ(first.front().key, "p0");
  EXPECT_FALSE(cache.get("fresh", "o", 0)->refresh);  // one piece at a time
  cache.check_finished();
  // The rest waits for the next caller, even one reading an entry that is not due.
  ASSERT_TRUE(cache.get("fresh", "o", 0)->refresh);
  auto rest = cache.take_due();
  ASSERT_EQ(rest.size(), 5u);
  EXPECT_EQ(rest.back().key, "p" + std::to_string(n - 1));
  cache.check_finished();
  EXPECT_FALSE(cache.get("fresh", "o", 0)->refresh);
}

// The entries a check renews are due half a TTL after it, and the next checks (for entries
// that fall due in between) do not take them again before then.
TEST(CatalogDetailCache, ARenewedEntryIsNotCheckedAgainBeforeItIsDue) {
  fake_now_value = DetailCache::Clock::time_point{} + 9h;
  DetailCache cache(1000ms, 8192, &fake_now);
  put_now(cache, "hot", "{}", 1);
  fake_now_value += 300ms;
  put_now(cache, "later", "{}", 1);  // due at +800 ms
  fake_now_value += 200ms;           // +500: "hot" is due
  ASSERT_TRUE(served(cache, "later", "o", 0));
  ASSERT_TRUE(cache.get("hot", "o", 0)->refresh);
  auto ticket = cache.ticket();
  auto taken = cache.take_due();
  ASSERT_EQ(taken.size(), 1u);
  cache.renew(taken[0], ticket);  // due again at +1000 ms
  cache.check_finished();
  fake_now_value += 300ms;  // +800: "later" is due
  ASSERT_TRUE(served(cache, "hot", "o", 0));
  ASSERT_TRUE(cache.get("later", "o", 0)->refresh);
  taken = cache.take_due();
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].key, "later");
  cache.check_finished();
}

// A full cache keeps what it has (what is read is renewed, the rest expires within a TTL) rather
// than dropping every entry for the newcomer.
TEST(CatalogDetailCache, AFullCacheKeepsItsEntriesUntilTheyExpire) {
  fake_now_value = DetailCache::Clock::time_point{} + 6h;
  DetailCache cache(1000ms, 2, &fake_now);
  put_now(cache, "p1", "{1}");
  put_now(cache, "p2", "{2}");
  put_now(cache, "p3", "{3}");
  EXPECT_EQ(served(cache, "p1", "o", 0), "{1}");
  EXPECT_EQ(served(cache, "p2", "o", 0), "{2}");
  EXPECT_FALSE(served(cache, "p3", "o", 0));
  fake_now_value += 1001ms;  // both expired (nobody checked them): room again
  put_now(cache, "p3", "{3}");
  EXPECT_EQ(served(cache, "p3", "o", 0), "{3}");
}

TEST(CatalogDetailCache, OldEntriesAreRecomputedAFewPerCheck) {
  fake_now_value = DetailCache::Clock::time_point{} + 7h;
  DetailCache cache(1000ms, 8192, &fake_now, 3000ms);
  std::size_t n = DetailCache::kOldPerCheck + 10;
  for (std::size_t i = 0; i < n; ++i) put_now(cache, "p" + std::to_string(i), "{}");
  std::size_t checks = 0, recomputed = 0;
  while (recomputed < n && checks < 20) {
    fake_now_value += 550ms;
    for (std::size_t i = 0; i < n; ++i) ASSERT_TRUE(served(cache, "p" + std::to_string(i), "o", 0));
    auto ticket = cache.ticket();
    auto taken = cache.take_due();
    ASSERT_EQ(taken.size(), n);
    std::size_t now_old = 0;
    for (const auto& d : taken) {
      if (d.recompute) {
        ++now_old;
        cache.put(d.key, d.origin, "{}", 0, cache.ticket(), INT64_MAX);
      } else {
        cache.renew(d, ticket);
      }
    }
    EXPECT_LE(now_old, DetailCache::kOldPerCheck);
    recomputed += now_old;
    cache.check_finished();
    ++checks;
  }
  EXPECT_EQ(recomputed, n);  // every one in the end, over two checks
}

}  // namespace
}  // namespace wolfix::catalog
