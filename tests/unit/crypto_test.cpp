#include "common/crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace wolfix {
namespace {

std::string hex_hmac(std::string_view key, std::string_view data) {
  return to_hex(hmac_sha256(key, data));
}

TEST(CryptoHmac, Rfc4231TestCase1) {
  EXPECT_EQ(hex_hmac(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(CryptoHmac, Rfc4231TestCase2) {
  EXPECT_EQ(hex_hmac("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoHmac, Rfc4231TestCase6KeyLongerThanBlock) {
  EXPECT_EQ(
      hex_hmac(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CryptoHmac, EmptyKeyAndMessage) {
  EXPECT_EQ(hex_hmac("", ""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(hmac_sha256(std::string_view(), std::string_view()).size(), 32u);
}

TEST(CryptoHmac, IsRawThirtyTwoBytesAndBinarySafe) {
  const std::string key("k\0ey", 4);
  const std::string data("da\0ta", 5);
  EXPECT_EQ(hmac_sha256(key, data).size(), 32u);
  EXPECT_NE(hmac_sha256(key, data), hmac_sha256("k", data));
  EXPECT_NE(hmac_sha256(key, data), hmac_sha256(key, "da"));
}

TEST(CryptoSha256, KnownVectors) {
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256("abc").size(), 32u);
}

TEST(CryptoHex, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(to_hex(""), "");
  EXPECT_EQ(to_hex(std::string("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
  EXPECT_EQ(to_hex("\xAB\xCD"), "abcd");
}

TEST(CryptoBase64Url, Rfc4648Vectors) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64url_decode("Zm9vYmE"), "fooba");
  EXPECT_EQ(base64url_decode("Zg"), "f");
  EXPECT_EQ(base64url_decode(""), "");
}

TEST(CryptoBase64Url, UsesUrlAlphabet) {
  // Standard base64 would be "+/8=" and "/+/+".
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_encode("\xff\xef\xfe"), "_-_-");
  EXPECT_EQ(base64url_decode("-_8"), "\xfb\xff");
}

TEST(CryptoBase64Url, RejectsInvalidInput) {
  EXPECT_FALSE(base64url_decode("Zg=="));    // padding
  EXPECT_FALSE(base64url_decode("Zm9v+"));   // standard alphabet
  EXPECT_FALSE(base64url_decode("Zm9v/w"));  // standard alphabet
  EXPECT_FALSE(base64url_decode("Zm 9v"));   // whitespace
  EXPECT_FALSE(base64url_decode("Zm9v\n"));  // newline
  EXPECT_FALSE(base64url_decode("Z"));       // 4n+1 characters
  EXPECT_FALSE(base64url_decode("Zm9vY"));   // 4n+1 characters
  EXPECT_FALSE(base64url_decode("Zh"));      // non-zero unused bits ("Zg" is canonical)
  EXPECT_FALSE(base64url_decode("Zm9"));     // non-zero unused bits ("Zm8" is canonical)
  EXPECT_FALSE(base64url_decode(std::string_view("Zm\0v", 4)));
  EXPECT_FALSE(base64url_decode("Zm9v\xc3\xa9"));
}

TEST(CryptoBase64Url, RoundTripsEveryLengthAndByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t len = 0; len <= all.size(); ++len) {
    const std::string bytes = all.substr(all.size() - len);
    const std::string text = base64url_encode(bytes);
    EXPECT_EQ(text.find('='), std::string::npos);
    EXPECT_EQ(base64url_decode(text), bytes) << "length " << len;
  }
  for (int i = 0; i < 50; ++i) {
    const std::string bytes = random_bytes(static_cast<std::size_t>(i));
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
  }
}

TEST(CryptoConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals(std::string_view(), ""));
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
  EXPECT_FALSE(constant_time_equals("ab", "abc"));
  EXPECT_FALSE(constant_time_equals("", "a"));
  EXPECT_TRUE(constant_time_equals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(CryptoRandom, BytesHaveRequestedLengthAndDiffer) {
  EXPECT_EQ(random_bytes(0), "");
  EXPECT_EQ(random_bytes(33).size(), 33u);
  EXPECT_NE(random_bytes(32), random_bytes(32));
}

TEST(CryptoRandom, AlnumLengthAndCharset) {
  EXPECT_EQ(random_alnum(0), "");
  for (std::size_t n : {1u, 7u, 24u, 100u}) {
    const std::string s = random_alnum(n);
    ASSERT_EQ(s.size(), n);
    for (char c : s) {
      EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
          << int(c);
    }
  }
  EXPECT_NE(random_alnum(24), random_alnum(24));
}

TEST(CryptoRandom, SmallDrawsFromTheReserveNeverRepeat) {
  // Thousands of ids and tokens: the per-thread reserve is refilled many times over, small
  // draws straddle its refills, and no value is ever handed out twice, in one thread or two.
  std::set<std::string> seen;
  auto draw = [](std::vector<std::string>& out) {
    for (int i = 0; i < 3000; ++i) {
      out.push_back(random_alnum(24));
      out.push_back(random_bytes(static_cast<std::size_t>(1 + i % 64)));
    }
  };
  std::vector<std::string> mine, theirs;
  std::thread other([&] { draw(theirs); });
  draw(mine);
  other.join();
  for (const auto* v : {&mine, &theirs}) {
    for (const auto& s : *v) {
      if (s.size() >= 8) {
        EXPECT_TRUE(seen.insert(s).second) << "repeated draw";
      }
    }
  }
  EXPECT_GT(seen.size(), 10000u);
  EXPECT_EQ(random_bytes(65).size(), 65u);  // past the reserve's largest draw
  EXPECT_NE(random_bytes(4096), random_bytes(4096));
}

TEST(CryptoRandom, AlnumReachesWholeAlphabet) {
  // 62,000 draws miss one of 62 symbols with probability ~62 * e^-1000: effectively never.
  const std::string s = random_alnum(62000);
  std::set<char> seen(s.begin(), s.end());
  EXPECT_EQ(seen.size(), 62u);
}

}  // namespace
}  // namespace wolfix
