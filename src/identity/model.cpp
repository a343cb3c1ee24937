#include "identity/model.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

namespace wolfix::identity {
namespace {

bool is_user_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '@' || c == '+';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// ^[^@\s]+@[^@\s]+\.[^@\s]+$: no whitespace, one '@' with something before it, and a domain
// with a dot that has something on both sides of it.
bool matches_email_pattern(std::string_view email) {
  for (char c : email)
    if (is_space(c)) return false;
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  if (email.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view domain = email.substr(at + 1);
  if (domain.size() < 3) return false;
  return domain.substr(1, domain.size() - 2).find('.') != std::string_view::npos;
}

}  // namespace

std::vector<std::string> email_errors(std::string_view email) {
  if (email.empty()) return {"Email cannot be empty."};
  if (email.size() > kMaxEmailLength)
    return {"Email must be at most " + std::to_string(kMaxEmailLength) + " characters."};
  std::vector<std::string> errors;
  bool plain = true;
  for (char c : email) plain = plain && is_user_name_char(c);
  // ASP.NET Identity's InvalidUserName and InvalidEmail texts.
  if (!plain)
    errors.push_back("Username '" + std::string(email) +
                     "' is invalid, can only contain letters or digits.");
  if (!matches_email_pattern(email))
    errors.push_back("Email '" + std::string(email) + "' is invalid.");
  return errors;
}

std::string normalize_email(std::string_view email) {
  std::string out(email);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string throttle_address(std::string_view ip) {
  std::string text(ip);
  unsigned char v6[16];
  if (inet_pton(AF_INET6, text.c_str(), v6) != 1) return text;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[64];
  if (std::equal(kMapped, kMapped + 12, v6)) {
    std::snprintf(out, sizeof out, "%u.%u.%u.%u", v6[12], v6[13], v6[14], v6[15]);
    return out;
  }
  std::snprintf(out, sizeof out, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", v6[0], v6[1], v6[2],
                v6[3], v6[4], v6[5], v6[6], v6[7]);
  return out;
}

int64_t window_start(int64_t now_ms, int64_t window_ms) {
  int64_t r = now_ms % window_ms;
  if (r < 0) r += window_ms;
  return now_ms - r;
}

int64_t seconds_until_window_ends(int64_t now_ms, int64_t start, int64_t window_ms) {
  int64_t left_ms = start + window_ms - now_ms;
  int64_t secs = (left_ms + 999) / 1000;
  return secs < 1 ? 1 : secs;
}

SlidingCount roll(SlidingCount c, int64_t now_ms, int64_t window_ms) {
  const int64_t start = window_start(now_ms, window_ms);
  if (c.window_start == start) return c;
  if (c.window_start == start - window_ms) return {start, 0, c.count};
  return {start, 0, 0};
}

double sliding_estimate(SlidingCount c, int64_t now_ms, int64_t window_ms) {
  c = roll(c, now_ms, window_ms);
  const double elapsed = static_cast<double>(now_ms - c.window_start) / window_ms;
  return c.count + c.previous * (1.0 - elapsed);
}

int64_t ms_until_below(SlidingCount c, int64_t now_ms, int64_t window_ms, int64_t limit) {
  c = roll(c, now_ms, window_ms);
  if (sliding_estimate(c, now_ms, window_ms) < limit) return 0;
  // Still in this window: the previous window's share shrinks until count + share < limit.
  if (c.count < limit && c.previous > 0) {
    double f = 1.0 - static_cast<double>(limit - c.count) / c.previous;
    int64_t at = c.window_start + static_cast<int64_t>(f * window_ms) + 1;
    return std::max<int64_t>(1, at - now_ms);
  }
  // Only in the next window, where this window's count becomes the shrinking share.
  double f = 1.0 - static_cast<double>(limit) / c.count;
  int64_t at = c.window_start + window_ms + static_cast<int64_t>(f * window_ms) + 1;
  return std::max<int64_t>(1, at - now_ms);
}

int64_t progressive_delay_ms(int64_t failures, int64_t free_failures, int64_t base_ms,
                             int64_t cap_ms) {
  if (failures < free_failures) return 0;
  int64_t doublings = std::min<int64_t>(failures - free_failures, 30);
  return std::min(cap_ms, base_ms << doublings);
}

}  // namespace wolfix::identity
