// Deep pages seek past a remembered sort key of every kStride-th product: the keys are found by
// one walk, reused, and give the same start as an OFFSET would.
#include <gtest/gtest.h>

#include "catalog/page_boundaries.hpp"

namespace wolfix::catalog {
namespace {

// A category of n products in price order; step() as the service's index walk does it.
struct Category {
  std::vector<SortKey> rows;
  int steps = 0;
  explicit Category(int n) {
    for (int i = 0; i < n; ++i) rows.push_back({100 + i / 3, "id" + std::to_string(1000 + i)});
  }
  std::optional<SortKey> step(const SortKey* after) {
    ++steps;
    std::size_t at = 0;
    if (after)
      while (at < rows.size() &&
             !(rows[at].final_price_minor == after->final_price_minor && rows[at].id == after->id))
        ++at;
    std::size_t next = after ? at + PageBoundaries::kStride : PageBoundaries::kStride - 1;
    if (next >= rows.size()) return std::nullopt;
    return rows[next];
  }
};

TEST(CatalogPageBoundaries, APageStartsWhereItsOffsetWould) {
  Category c(1000);
  PageBoundaries b(std::chrono::milliseconds(60'000));
  auto walk = [&](const SortKey* after) { return c.step(after); };
  EXPECT_FALSE(b.start("cat", 0, 20, walk));  // inside the first stride: a plain OFFSET
  for (int64_t offset : {64, 65, 500, 639, 640, 999}) {
    auto s = b.start("cat", 0, offset, walk);
    ASSERT_TRUE(s) << offset;
    // The key is the row just before `offset - skip`; skip stays under a stride.
    auto before = static_cast<std::size_t>(offset - s->skip - 1);
    EXPECT_EQ(s->after.id, c.rows[before].id) << offset;
    EXPECT_LT(s->skip, PageBoundaries::kStride);
  }
}

TEST(CatalogPageBoundaries, KeysAreWalkedOnceAndDroppedByAWrite) {
  Category c(1000);
  PageBoundaries b(std::chrono::milliseconds(60'000));
  auto walk = [&](const SortKey* after) { return c.step(after); };
  b.start("cat", 0, 900, walk);
  int first = c.steps;
  EXPECT_EQ(first, 900 / PageBoundaries::kStride);
  b.start("cat", 0, 300, walk);
  b.start("cat", 0, 899, walk);
  EXPECT_EQ(c.steps, first);  // reused
  b.invalidate();
  b.start("cat", 0, 300, walk);
  EXPECT_EQ(c.steps, first + 300 / PageBoundaries::kStride);
}

// A page computed under another stamp of the category (another node wrote to it) never starts
// from keys walked before: they are walked again, and kept for that stamp.
TEST(CatalogPageBoundaries, KeysServeOnlyTheStampTheyWereWalkedUnder) {
  Category c(1000);
  PageBoundaries b(std::chrono::milliseconds(60'000));
  auto walk = [&](const SortKey* after) { return c.step(after); };
  b.start("cat", 7, 300, walk);
  int first = c.steps;
  c.rows.erase(c.rows.begin());  // the cheapest product removed elsewhere
  auto s = b.start("cat", 8, 300, walk);
  EXPECT_EQ(c.steps, 2 * first);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->after.id, c.rows[static_cast<std::size_t>(300 - s->skip - 1)].id);
  b.start("cat", 8, 299, walk);
  EXPECT_EQ(c.steps, 2 * first);  // reused under the new stamp
}

TEST(CatalogPageBoundaries, PastTheEndUsesTheLastKey) {
  Category c(200);
  PageBoundaries b(std::chrono::milliseconds(60'000));
  auto walk = [&](const SortKey* after) { return c.step(after); };
  auto s = b.start("cat", 0, 5000, walk);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->after.id, c.rows[3 * PageBoundaries::kStride - 1].id);
  EXPECT_EQ(s->skip, 5000 - 3 * PageBoundaries::kStride);
}

}  // namespace
}  // namespace wolfix::catalog
