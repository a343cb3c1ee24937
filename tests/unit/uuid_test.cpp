#include "common/uuid.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace wolfix {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t timestamp_of(const std::string& id) {
  const std::string hex = id.substr(0, 8) + id.substr(9, 4);
  return static_cast<int64_t>(std::stoull(hex, nullptr, 16));
}

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

TEST(UuidV7, CanonicalLowercaseShape) {
  const std::string id = new_uuid_v7();
  ASSERT_EQ(id.size(), 36u);
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      EXPECT_EQ(id[i], '-') << id;
    } else {
      EXPECT_TRUE(is_lower_hex(id[i])) << id;
    }
  }
  EXPECT_EQ(parse_uuid(id), id);
}

TEST(UuidV7, VersionAndVariantBits) {
  for (int i = 0; i < 200; ++i) {
    const std::string id = new_uuid_v7();
    EXPECT_EQ(id[14], '7') << id;  // version nibble
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
  }
}

TEST(UuidV7, TimestampIsUnixMilliseconds) {
  const int64_t before = now_ms();
  const std::string id = new_uuid_v7();
  const int64_t after = now_ms();
  // Monotonicity may push an id a little past the clock, never before it.
  EXPECT_GE(timestamp_of(id), before);
  EXPECT_LE(timestamp_of(id), after + 1000);
}

TEST(UuidV7, StrictlyIncreasingWithinOneProcess) {
  std::string previous = new_uuid_v7();
  for (int i = 0; i < 20000; ++i) {
    const std::string next = new_uuid_v7();
    ASSERT_LT(previous, next);
    previous = next;
  }
}

TEST(UuidV7, RandomPartDiffersWithinSameMillisecond) {
  const std::string a = new_uuid_v7();
  const std::string b = new_uuid_v7();
  EXPECT_NE(a.substr(24), b.substr(24));
}

TEST(UuidV7, UniqueAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&results, t] {
      for (int i = 0; i < kPerThread; ++i) results[t].push_back(new_uuid_v7());
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> all;
  for (const auto& r : results) {
    for (std::size_t i = 1; i < r.size(); ++i) EXPECT_LT(r[i - 1], r[i]);
    all.insert(r.begin(), r.end());
  }
  EXPECT_EQ(all.size(), std::size_t(kThreads * kPerThread));
}

TEST(UuidParse, AcceptsCanonicalFormInAnyCase) {
  EXPECT_EQ(parse_uuid("0193a5c2-7d1e-7abc-8def-0123456789ab"),
            "0193a5c2-7d1e-7abc-8def-0123456789ab");
  EXPECT_EQ(parse_uuid("0193A5C2-7D1E-7ABC-8DEF-0123456789AB"),
            "0193a5c2-7d1e-7abc-8def-0123456789ab");
  EXPECT_EQ(parse_uuid("0193a5C2-7d1E-7Abc-8dEf-0123456789aB"),
            "0193a5c2-7d1e-7abc-8def-0123456789ab");
  // Any version and variant, including nil and max.
  EXPECT_EQ(parse_uuid("00000000-0000-0000-0000-000000000000"),
            "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(parse_uuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"),
            "ffffffff-ffff-ffff-ffff-ffffffffffff");
  EXPECT_EQ(parse_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d479"),
            "f47ac10b-58cc-4372-a567-0e02b2c3d479");
}

TEST(UuidParse, RejectsEverythingElse) {
  const char* bad[] = {
      "",
      "0193a5c2-7d1e-7abc-8def-0123456789a",            // 35
      "0193a5c2-7d1e-7abc-8def-0123456789abc",          // 37
      "{0193a5c2-7d1e-7abc-8def-0123456789ab}",         // braces
      "urn:uuid:0193a5c2-7d1e-7abc-8def-0123456789ab",  // URN
      "0193a5c27d1e7abc8def0123456789ab",               // no dashes
      " 0193a5c2-7d1e-7abc-8def-0123456789a",           // leading space
      "0193a5c2-7d1e-7abc-8def-0123456789a ",           // trailing space
      "0193a5c2-7d1e-7abc-8def-0123456789a\n",          // newline
      "0193a5c27-d1e-7abc-8def-0123456789ab",           // dash moved
      "0193a5c2-7d1e-7abc-8def_0123456789ab",           // wrong separator
      "0193a5c2-7d1e-7abc-8deg-0123456789ab",           // 'g'
      "0193a5c2+7d1e-7abc-8def-0123456789ab",           // '+'
      "0193a5c2-7d1e-7abc-8def-0123456789-b",           // extra dash
      "------------------------------------",
  };
  for (const char* text : bad) EXPECT_FALSE(parse_uuid(text)) << '"' << text << '"';
  EXPECT_FALSE(parse_uuid(std::string("0193a5c2-7d1e-7abc-8def-0123456789a\0", 36)));
  EXPECT_FALSE(parse_uuid("0193a5c2-7d1e-7abc-8def-0123456789\xc3\xa9"));
}

}  // namespace
}  // namespace wolfix
