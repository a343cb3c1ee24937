// Identity's pure rules: which e-mails are accepted (Wolfix.Server's Email value object plus
// ASP.NET Identity's user-name alphabet), case folding, and the throttle's window arithmetic.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identity/model.hpp"

namespace wolfix::identity {
namespace {

using Strings = std::vector<std::string>;

TEST(IdentityEmailRules, AcceptsOrdinaryAddresses) {
  for (const char* ok : {"a@b.c", "olena.kovalenko@example.com", "first+tag@mail.example.org",
                         "UPPER_case-1@Example.COM", "x@sub.domain.ua", "a@.b.c", "a@b.c."})
    EXPECT_EQ(email_errors(ok), Strings{}) << ok;
}

TEST(IdentityEmailRules, RefusesWhatTheEmailPatternRefuses) {
  for (const char* bad : {"plainaddress", "@example.com", "user@", "user@domain", "user@.c",
                          "user@c.", "a@@b.c", "a@b@c.d", "user@domain.", "user@ab"}) {
    EXPECT_EQ(email_errors(bad), Strings{"Email '" + std::string(bad) + "' is invalid."}) << bad;
  }
}

TEST(IdentityEmailRules, RefusesCharactersOutsideTheUserNameAlphabet) {
  // Matches the e-mail pattern but not ASP.NET Identity's allowed user-name characters.
  EXPECT_EQ(email_errors("o'brien@example.com"),
            Strings{"Username 'o'brien@example.com' is invalid, can only contain letters or "
                    "digits."});
  EXPECT_EQ(email_errors("josé@example.com").size(), 1u);
  // Whitespace breaks both rules.
  EXPECT_EQ(email_errors("a b@c.d"),
            (Strings{"Username 'a b@c.d' is invalid, can only contain letters or digits.",
                     "Email 'a b@c.d' is invalid."}));
  EXPECT_EQ(email_errors(" a@b.c").size(), 2u);
  EXPECT_EQ(email_errors("a@b.c\n").size(), 2u);
}

TEST(IdentityEmailRules, EmptyAndTooLong) {
  EXPECT_EQ(email_errors(""), Strings{"Email cannot be empty."});
  std::string longest = std::string(kMaxEmailLength - 6, 'a') + "@b.com";
  EXPECT_EQ(longest.size(), kMaxEmailLength);
  EXPECT_EQ(email_errors(longest), Strings{});
  // Too long is reported alone, without echoing the text back.
  EXPECT_EQ(email_errors("a" + longest), Strings{"Email must be at most 256 characters."});
}

TEST(IdentityEmailRules, NormalizeFoldsAsciiCaseOnly) {
  EXPECT_EQ(normalize_email("Olena.K+Shop@Example.COM"), "olena.k+shop@example.com");
  EXPECT_EQ(normalize_email("already@lower.case"), "already@lower.case");
  EXPECT_EQ(normalize_email("É@x.y"), "É@x.y");  // not accepted anyway; left untouched
}

TEST(IdentityThrottleWindow, WindowsStartAtMultiplesOfTheirLength) {
  const int64_t w = 15 * 60 * 1000;
  EXPECT_EQ(window_start(0, w), 0);
  EXPECT_EQ(window_start(w - 1, w), 0);
  EXPECT_EQ(window_start(w, w), w);
  EXPECT_EQ(window_start(5 * w + 123, w), 5 * w);
  EXPECT_EQ(window_start(-1, w), -w);  // before the epoch still rounds down
}

TEST(IdentityThrottleWindow, SecondsUntilTheWindowEndsRoundUpAndAreAtLeastOne) {
  const int64_t w = 15 * 60 * 1000;
  EXPECT_EQ(seconds_until_window_ends(0, 0, w), 900);
  EXPECT_EQ(seconds_until_window_ends(1, 0, w), 900);  // 899.999 s left
  EXPECT_EQ(seconds_until_window_ends(1000, 0, w), 899);
  EXPECT_EQ(seconds_until_window_ends(w - 1, 0, w), 1);
  EXPECT_EQ(seconds_until_window_ends(w + 5, 0, w), 1);  // already over: never 0 or negative
}

TEST(IdentityThrottleAddress, Ipv4AsItIsIpv6ByItsSlash64) {
  EXPECT_EQ(throttle_address("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(throttle_address("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(throttle_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:0db8:0001:0002::/64");
  // Every address of one /64 counts together, however it is written.
  EXPECT_EQ(throttle_address("2001:DB8:1:2::1"), throttle_address("2001:db8:1:2:ffff::9"));
  EXPECT_NE(throttle_address("2001:db8:1:2::1"), throttle_address("2001:db8:1:3::1"));
  EXPECT_EQ(throttle_address("not an address"), "not an address");
  EXPECT_EQ(throttle_address(""), "");
}

// ---- sliding windows and the progressive delay (issue 15 item 10) -----------------------------

constexpr int64_t kW = 900'000;  // a 15-minute window, in ms

TEST(IdentitySlidingWindow, RollsIntoTheNextWindowsAndForgetsOlderOnes) {
  SlidingCount c{9 * kW, 4, 2};
  EXPECT_EQ(roll(c, 9 * kW + 10, kW).count, 4);  // same window: unchanged
  auto next = roll(c, 10 * kW + 10, kW);
  EXPECT_EQ(next.window_start, 10 * kW);
  EXPECT_EQ(next.count, 0);
  EXPECT_EQ(next.previous, 4);
  auto later = roll(c, 11 * kW + 10, kW);
  EXPECT_EQ(later.count, 0);
  EXPECT_EQ(later.previous, 0);
}

TEST(IdentitySlidingWindow, ThePreviousWindowCountsByItsOverlap) {
  SlidingCount c{9 * kW, 10, 0};
  EXPECT_DOUBLE_EQ(sliding_estimate(c, 9 * kW + kW / 2, kW), 10.0);
  // A quarter into the next window, three quarters of the old count still overlap.
  EXPECT_DOUBLE_EQ(sliding_estimate(c, 10 * kW + kW / 4, kW), 7.5);
  EXPECT_DOUBLE_EQ(sliding_estimate(c, 12 * kW, kW), 0.0);
}

TEST(IdentitySlidingWindow, ABurstCannotDoubleItsBudgetAcrossABoundary) {
  // Five at the very end of one window: just after the boundary they still count (almost) fully.
  SlidingCount c{9 * kW, 5, 0};
  EXPECT_GT(sliding_estimate(c, 10 * kW + 1, kW), 4.99);
  // So with a limit of 5, one more attempt there and the next waits (a fixed window would
  // allow five more).
  SlidingCount after_one{10 * kW, 1, 5};
  EXPECT_GT(ms_until_below(after_one, 10 * kW + 2, kW, 5), 0);
}

TEST(IdentitySlidingWindow, TimeUntilBelowTheLimit) {
  SlidingCount under{9 * kW, 3, 0};
  EXPECT_EQ(ms_until_below(under, 9 * kW, kW, 5), 0);
  // 5 of 5 in this window: free once a fifth of the next window has passed (5 * 0.8 = 4 < 5).
  SlidingCount full{9 * kW, 5, 0};
  int64_t wait = ms_until_below(full, 9 * kW + 100, kW, 5);
  EXPECT_NEAR(static_cast<double>(9 * kW + 100 + wait), 10.0 * kW + 0.0 * kW + 1, 2.0);
  EXPECT_LT(sliding_estimate(full, 9 * kW + 100 + wait, kW), 5.0);
  EXPECT_GE(sliding_estimate(full, 9 * kW + 100 + wait - 2, kW), 5.0);
  // 2 now and 6 before: the old share must shrink below 3.
  SlidingCount mixed{10 * kW, 2, 6};
  wait = ms_until_below(mixed, 10 * kW, kW, 5);
  EXPECT_LT(sliding_estimate(mixed, 10 * kW + wait, kW), 5.0);
  EXPECT_GE(sliding_estimate(mixed, 10 * kW + wait - 2, kW), 5.0);
}

TEST(IdentityProgressiveDelay, FreeFailuresThenDoublingUpToTheCap) {
  EXPECT_EQ(progressive_delay_ms(0, 5, 30'000, kW), 0);
  EXPECT_EQ(progressive_delay_ms(4, 5, 30'000, kW), 0);
  EXPECT_EQ(progressive_delay_ms(5, 5, 30'000, kW), 30'000);
  EXPECT_EQ(progressive_delay_ms(6, 5, 30'000, kW), 60'000);
  EXPECT_EQ(progressive_delay_ms(8, 5, 30'000, kW), 240'000);
  EXPECT_EQ(progressive_delay_ms(20, 5, 30'000, kW), kW);
  EXPECT_EQ(progressive_delay_ms(1000, 5, 30'000, kW), kW);
}

}  // namespace
}  // namespace wolfix::identity
