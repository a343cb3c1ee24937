// The shared text helpers: ASCII case folding (names clients send in any case) and UTF-8
// character counts (length limits are in characters).
#include <gtest/gtest.h>

#include "common/ascii.hpp"
#include "common/utf8.hpp"

namespace wolfix {
namespace {

TEST(AsciiIequals, FoldsOnlyAsciiLetters) {
  EXPECT_TRUE(ascii_iequals("Content-Type", "content-type"));
  EXPECT_TRUE(ascii_iequals("PHOTO", "Photo"));
  EXPECT_TRUE(ascii_iequals("", ""));
  EXPECT_FALSE(ascii_iequals("Photo", "Photos"));
  EXPECT_FALSE(ascii_iequals("a-b", "a_b"));
  // '@' and '`' differ from 'A'..'Z' and 'a'..'z' by the case bit, and are not letters.
  EXPECT_FALSE(ascii_iequals("@", "`"));
  // Bytes of UTF-8 are compared as they are: no locale folds Cyrillic here.
  EXPECT_FALSE(ascii_iequals("Київ", "КИЇВ"));
  EXPECT_TRUE(ascii_iequals("Київ", "Київ"));
  static_assert(ascii_iequals("HTTPS", "https"));
}

TEST(Utf8Length, CountsCharactersNotBytes) {
  EXPECT_EQ(utf8::length(""), 0u);
  EXPECT_EQ(utf8::length("abc"), 3u);
  EXPECT_EQ(utf8::length("Київ"), 4u);              // 8 bytes
  EXPECT_EQ(utf8::length("€"), 1u);                 // 3 bytes
  EXPECT_EQ(utf8::length("\xF0\x9F\x9A\xB2"), 1u);  // a bicycle emoji: 4 bytes
}

}  // namespace
}  // namespace wolfix
