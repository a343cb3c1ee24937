// The life of a cached catalog answer (refresh_ahead.hpp), shared by the page, detail and page
// boundary caches.
#include <gtest/gtest.h>

#include "catalog/refresh_ahead.hpp"

namespace wolfix::catalog {
namespace {

using namespace std::chrono_literals;
const Freshness::Clock::time_point kT0{};

TEST(CatalogRefreshAhead, DueInTheLastFifthOverAtTheTtl) {
  auto f = Freshness::starting(kT0, 1000ms);
  EXPECT_EQ(f.refresh_at, kT0 + 800ms);
  EXPECT_EQ(f.expires, kT0 + 1000ms);
  EXPECT_FALSE(f.due(kT0 + 799ms));
  EXPECT_TRUE(f.due(kT0 + 800ms));
  EXPECT_FALSE(f.over(kT0 + 999ms));
  EXPECT_TRUE(f.over(kT0 + 1000ms));
}

TEST(CatalogRefreshAhead, NeverServedFromTheApplicationInstantItMayBeWrong) {
  auto f = Freshness::starting(kT0, 1000ms, 5000);
  EXPECT_FALSE(f.over(kT0, 4999));
  EXPECT_TRUE(f.over(kT0, 5000));
  int asked = 0;
  EXPECT_EQ(judge(f, kT0, 5000, [&] { return ++asked, false; }), Verdict::drop);
  EXPECT_EQ(asked, 0);
}

TEST(CatalogRefreshAhead, AFreshEntryIsServedWithoutAskingWhoRefreshes) {
  auto f = Freshness::starting(kT0, 1000ms, 5000);
  int asked = 0;
  EXPECT_EQ(judge(f, kT0 + 799ms, 0, [&] { return ++asked, false; }), Verdict::serve);
  EXPECT_EQ(asked, 0);
}

TEST(CatalogRefreshAhead, ADueEntryGoesToOneCallerAndIsServedToTheOthers) {
  auto f = Freshness::starting(kT0, 1000ms);
  bool refreshing = false;
  auto ask = [&] { return judge(f, kT0 + 900ms, 0, [&] { return refreshing; }); };
  EXPECT_EQ(ask(), Verdict::refresh);
  refreshing = true;  // what the cache records for that caller
  EXPECT_EQ(ask(), Verdict::serve);
  EXPECT_EQ(ask(), Verdict::serve);
  EXPECT_EQ(judge(f, kT0 + 1000ms, 0, [&] { return refreshing; }), Verdict::drop);
}

}  // namespace
}  // namespace wolfix::catalog
