// Issue 15 item 12: the passwords attackers try first are refused for new passwords.
#include "identity/common_passwords.hpp"

#include <gtest/gtest.h>

#include "identity/password.hpp"

namespace wolfix::identity {
namespace {

TEST(CommonPasswords, TheIssuesExamplesAreRefused) {
  for (const char* p : {"Password1!", "Qwerty1!", "Admin123!"}) {
    EXPECT_TRUE(is_common_password(p)) << p;
    // They meet every character rule; only the list catches them.
    EXPECT_EQ(password_policy_errors(p), std::vector<std::string>{kCommonPasswordMessage}) << p;
  }
}

TEST(CommonPasswords, ListedPasswordsWhateverTheirCase) {
  for (const char* p : {"password", "PASSWORD", "qWeRtY", "letmein", "123456", "passw0rd"})
    EXPECT_TRUE(is_common_password(p)) << p;
}

TEST(CommonPasswords, AListedWordWithAShortDecorationAtTheEnd) {
  EXPECT_TRUE(is_common_password("Monkey2024"));
  EXPECT_TRUE(is_common_password("Dragon!!"));
  EXPECT_TRUE(is_common_password("Welcome1!"));
  // Longer decorations and short words are left to the other rules: they are not what
  // guessing tools try first.
  EXPECT_FALSE(is_common_password("Monkey2024!!"));
  EXPECT_FALSE(is_common_password("Abc1!"));
}

TEST(CommonPasswords, OrdinaryPasswordsPass) {
  for (const char* p : {"Sh0pper-pass!", "Str0ng!pass", "N3w!password", "Correct Horse 9",
                        "Customer#Demo1", "ПарольA1a", ""})
    EXPECT_FALSE(is_common_password(p)) << p;
  EXPECT_EQ(password_policy_errors("Sh0pper-pass!"), std::vector<std::string>{});
}

TEST(CommonPasswords, RuleFailuresComeFirst) {
  // "123456" breaks the character rules: those messages, not the list's, tell what to do.
  auto errors = password_policy_errors("123456");
  EXPECT_EQ(errors.size(), 3u);
  for (const auto& e : errors) EXPECT_NE(e, kCommonPasswordMessage);
}

}  // namespace
}  // namespace wolfix::identity
