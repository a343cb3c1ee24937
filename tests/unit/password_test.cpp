#include "identity/password.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace wolfix {
namespace {

using Strings = std::vector<std::string>;

const std::string kTooShort = "Passwords must be at least 6 characters.";
const std::string kTooLong = "Passwords must be at most 128 bytes.";
const std::string kNonAlnum = "Passwords must have at least one non alphanumeric character.";
const std::string kDigit = "Passwords must have at least one digit ('0'-'9').";
const std::string kLower = "Passwords must have at least one lowercase ('a'-'z').";
const std::string kUpper = "Passwords must have at least one uppercase ('A'-'Z').";
const std::string kUnique = "Passwords must use at least 1 different characters.";

TEST(PasswordPolicy, AcceptsCompliantPasswords) {
  EXPECT_EQ(password_policy_errors("Sh0pper-pass!"), Strings{});
  EXPECT_EQ(password_policy_errors("aA1!aa"), Strings{});
  EXPECT_EQ(password_policy_errors("Correct Horse 9"), Strings{});  // a space is non-alphanumeric
  EXPECT_EQ(password_policy_errors(std::string(125, 'a') + "A1!"), Strings{});  // 128 bytes
}

TEST(PasswordPolicy, EachRuleOnItsOwn) {
  EXPECT_EQ(password_policy_errors("Ab1!x"), Strings{kTooShort});
  EXPECT_EQ(password_policy_errors("Password1"), Strings{kNonAlnum});
  EXPECT_EQ(password_policy_errors("Password!"), Strings{kDigit});
  EXPECT_EQ(password_policy_errors("PASSWORD1!"), Strings{kLower});
  EXPECT_EQ(password_policy_errors("password1!"), Strings{kUpper});
  EXPECT_EQ(password_policy_errors(std::string(126, 'a') + "A1!"), Strings{kTooLong});
}

TEST(PasswordPolicy, AllFailuresInAspNetIdentityOrder) {
  EXPECT_EQ(password_policy_errors(""),
            (Strings{kTooShort, kNonAlnum, kDigit, kLower, kUpper, kUnique}));
  EXPECT_EQ(password_policy_errors("abc"), (Strings{kTooShort, kNonAlnum, kDigit, kUpper}));
  EXPECT_EQ(password_policy_errors("123456"), (Strings{kNonAlnum, kLower, kUpper}));
}

TEST(PasswordPolicy, WhitespaceOnlyCountsAsTooShort) {
  // string.IsNullOrWhiteSpace in ASP.NET: long enough, but blank.
  EXPECT_EQ(password_policy_errors("        "), (Strings{kTooShort, kDigit, kLower, kUpper}));
  EXPECT_EQ(password_policy_errors(" \t\n\r  "), (Strings{kTooShort, kDigit, kLower, kUpper}));
}

TEST(PasswordPolicy, OnlyAsciiLettersAndDigitsAreAlphanumeric) {
  // Cyrillic letters count as "non alphanumeric" and not as lower/upper, as in ASP.NET.
  EXPECT_EQ(password_policy_errors("Пароль1a"), Strings{kUpper});
  EXPECT_EQ(password_policy_errors("ПарольA1a"), Strings{});
  EXPECT_EQ(password_policy_errors("Ab1\xc3\xa9xy"), Strings{});  // "Ab1éxy"
}

TEST(PasswordPolicy, LengthCountsUtf16UnitsLikeDotNet) {
  // "Ab1é!" is 6 bytes but 5 UTF-16 units.
  EXPECT_EQ(password_policy_errors("Ab1\xc3\xa9!"), Strings{kTooShort});
  // An emoji is one code point but two UTF-16 units: "Ab1😀x" is 6 units.
  EXPECT_EQ(password_policy_errors("Ab1\xf0\x9f\x98\x80x"), Strings{});
  EXPECT_EQ(password_policy_errors("Ab1\xf0\x9f\x98\x80"), Strings{kTooShort});
}

TEST(PasswordPolicy, MaxLengthIsInBytes) {
  // 43 three-byte characters = 129 bytes.
  std::string s = "Ab1";
  while (s.size() + 3 <= 129) s += "\xe2\x82\xac";  // "€"
  while (s.size() < 129) s += "x";
  ASSERT_EQ(s.size(), 129u);
  EXPECT_EQ(password_policy_errors(s), Strings{kTooLong});
}

TEST(PasswordHash, VerifyRightAndWrong) {
  const std::string hash = hash_password("Passw0rd!", test_password_cost());
  EXPECT_TRUE(verify_password("Passw0rd!", hash));
  EXPECT_FALSE(verify_password("passw0rd!", hash));
  EXPECT_FALSE(verify_password("Passw0rd", hash));
  EXPECT_FALSE(verify_password("Passw0rd!!", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(PasswordHash, Argon2idEncodedString) {
  const std::string hash = hash_password("Passw0rd!", test_password_cost());
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << hash;
}

TEST(PasswordHash, SaltMakesEveryHashDifferent) {
  const std::string a = hash_password("Passw0rd!", test_password_cost());
  const std::string b = hash_password("Passw0rd!", test_password_cost());
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password("Passw0rd!", a));
  EXPECT_TRUE(verify_password("Passw0rd!", b));
}

TEST(PasswordHash, BinarySafePasswords) {
  const std::string with_nul("ab\0cd", 5);
  const std::string hash = hash_password(with_nul, test_password_cost());
  EXPECT_TRUE(verify_password(with_nul, hash));
  EXPECT_FALSE(verify_password("ab", hash));
  const std::string empty_hash = hash_password("", test_password_cost());
  EXPECT_TRUE(verify_password("", empty_hash));
  EXPECT_FALSE(verify_password("x", empty_hash));
}

TEST(PasswordHash, LengthLimit) {
  const std::string max(kMaxPasswordBytes, 'x');
  const std::string hash = hash_password(max, test_password_cost());
  EXPECT_TRUE(verify_password(max, hash));
  EXPECT_FALSE(verify_password(max + "x", hash));
  EXPECT_THROW(hash_password(max + "x", test_password_cost()), std::invalid_argument);
}

TEST(PasswordHash, MalformedStoredHashIsFalse) {
  const std::string hash = hash_password("Passw0rd!", test_password_cost());
  EXPECT_FALSE(verify_password("Passw0rd!", ""));
  EXPECT_FALSE(verify_password("Passw0rd!", "not a hash"));
  EXPECT_FALSE(verify_password("Passw0rd!", "$argon2id$v=19$m=8,t=1,p=1$"));
  EXPECT_FALSE(verify_password("Passw0rd!", hash.substr(0, hash.size() - 1)));
  EXPECT_FALSE(verify_password("Passw0rd!", hash + std::string("\0", 1)));
  EXPECT_FALSE(verify_password("Passw0rd!", std::string(500, '$')));
  std::string flipped = hash;
  char& c = flipped[flipped.size() - 10];  // inside the base64 digest
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password("Passw0rd!", flipped));
}

TEST(PasswordHash, DefaultCostIsOwaspBaseline) {
  const PasswordHashCost cost = default_password_cost();
  EXPECT_EQ(cost.opslimit, 2u);
  EXPECT_EQ(cost.memlimit, 19u * 1024 * 1024);
  const std::string hash = hash_password("Passw0rd!", cost);
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password("Passw0rd!", hash));
  EXPECT_FALSE(password_needs_rehash(hash, cost));
  EXPECT_TRUE(password_needs_rehash(hash, test_password_cost()));
}

TEST(PasswordHash, NeedsRehash) {
  const std::string hash = hash_password("Passw0rd!", test_password_cost());
  EXPECT_FALSE(password_needs_rehash(hash, test_password_cost()));
  EXPECT_TRUE(password_needs_rehash(hash, default_password_cost()));
  EXPECT_TRUE(password_needs_rehash("", test_password_cost()));
  EXPECT_TRUE(password_needs_rehash("garbage", test_password_cost()));
  EXPECT_TRUE(password_needs_rehash(std::string(500, 'x'), test_password_cost()));
}

TEST(PasswordHash, ConcurrentFirstUse) {
  std::vector<std::string> hashes(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    threads.emplace_back([&hashes, i] {
      hashes[i] = hash_password("pw" + std::to_string(i), test_password_cost());
    });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    EXPECT_TRUE(verify_password("pw" + std::to_string(i), hashes[i]));
  }
  EXPECT_EQ(std::set<std::string>(hashes.begin(), hashes.end()).size(), hashes.size());
}

}  // namespace
}  // namespace wolfix
