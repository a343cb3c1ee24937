#pragma once
// Pure identity rules: what an acceptable e-mail is, how e-mails compare, and the arithmetic of
// the fixed login-throttle windows. No I/O here, so all of it is unit-tested directly.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::identity {

// AspNetUsers.Email is nvarchar(256) in Wolfix.Server; longer input is refused before any rule
// that would echo it back.
inline constexpr std::size_t kMaxEmailLength = 256;

// Wolfix.Server's Email value object (^[^@\s]+@[^@\s]+\.[^@\s]+$) combined with ASP.NET
// Identity's user-name alphabet (a-z A-Z 0-9 - . _ @ +), because the original stores the e-mail
// as the user name too. Empty when the e-mail is acceptable; otherwise every message, in order.
std::vector<std::string> email_errors(std::string_view email);

// E-mails are unique without regard to case. Accepted e-mails are ASCII, so ASCII folding is
// exact.
std::string normalize_email(std::string_view email);

// The client address a throttle counts under: an IPv4 address as it is (also when written as an
// IPv4-mapped IPv6 address), an IPv6 address by its /64 network, because one subscriber usually
// holds a whole /64 and could otherwise step to a fresh address for every guess. Text that is
// not an IP address is used as given.
std::string throttle_address(std::string_view ip);

// Sliding windows over fixed ones: a counter keeps the current fixed window's count and the
// previous window's, and the attempts "in the last window length" are estimated as the current
// count plus the share of the previous count that still overlaps. Unlike a plain fixed window, a
// burst cannot double its budget by straddling a window boundary; unlike a log of timestamps,
// it is two numbers per key.
struct SlidingCount {
  int64_t window_start = 0;  // of `count`; `previous` belongs to the window before it
  int64_t count = 0;
  int64_t previous = 0;
};
// The counter as it stands in the window that `now_ms` is in.
SlidingCount roll(SlidingCount c, int64_t now_ms, int64_t window_ms);
// The estimated attempts in the last window length (rolled to now first).
double sliding_estimate(SlidingCount c, int64_t now_ms, int64_t window_ms);
// Milliseconds until sliding_estimate drops below `limit` (0 if it already is).
int64_t ms_until_below(SlidingCount c, int64_t now_ms, int64_t window_ms, int64_t limit);

// Progressive delay for one account from one address: the first `free_failures` failures cost
// nothing (typos), then each further attempt must wait `base_ms` after the last failure, doubled
// for every failure beyond the free ones, at most `cap_ms`.
int64_t progressive_delay_ms(int64_t failures, int64_t free_failures, int64_t base_ms,
                             int64_t cap_ms);

// Fixed windows: a window starts at a multiple of its length since the Unix epoch, so every
// node sharing the database agrees on which window a moment belongs to without coordinating.
int64_t window_start(int64_t now_ms, int64_t window_ms);
// Whole seconds until the window that started at `start` is over; at least 1.
int64_t seconds_until_window_ends(int64_t now_ms, int64_t start, int64_t window_ms);

}  // namespace wolfix::identity
