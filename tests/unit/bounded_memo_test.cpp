// The node memories behind one-round-trip cash orders (remembered sale facts, delivery routes).
#include "common/bounded_memo.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace wolfix {
namespace {

TEST(BoundedMemo, RemembersTheLastValuePutUnderAKey) {
  BoundedMemo<int> memo(4);
  EXPECT_FALSE(memo.find("a"));
  memo.put("a", 1);
  memo.put("a", 2);
  ASSERT_TRUE(memo.find("a"));
  EXPECT_EQ(*memo.find("a"), 2);
}

TEST(BoundedMemo, ForgetsWhatIsErased) {
  BoundedMemo<int> memo(4);
  memo.put("a", 1);
  memo.put("b", 2);
  memo.erase("a");
  memo.erase("unknown");
  EXPECT_FALSE(memo.find("a"));
  EXPECT_EQ(memo.find("b"), 2);
}

TEST(BoundedMemo, WhenFullANewKeyStartsItAfresh) {
  BoundedMemo<int> memo(3);
  memo.put("a", 1);
  memo.put("b", 2);
  memo.put("c", 3);
  memo.put("c", 30);  // a key it holds: replaced, nothing forgotten
  EXPECT_EQ(memo.find("a"), 1);
  EXPECT_EQ(memo.find("c"), 30);
  memo.put("d", 4);
  EXPECT_FALSE(memo.find("a"));
  EXPECT_FALSE(memo.find("b"));
  EXPECT_FALSE(memo.find("c"));
  EXPECT_EQ(memo.find("d"), 4);
}

TEST(BoundedMemo, IsSharedByThreads) {
  BoundedMemo<std::string> memo(1 << 10);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&memo, t] {
      for (int i = 0; i < 200; ++i) {
        std::string key = std::to_string(t) + ":" + std::to_string(i);
        memo.put(key, key);
        EXPECT_EQ(memo.find(key), key);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(memo.find("3:199"), "3:199");
}

}  // namespace
}  // namespace wolfix
