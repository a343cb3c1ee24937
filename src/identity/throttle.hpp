#pragma once
// Login throttling per account e-mail and per client address, with the counters in the database
// so that the limit holds across every node.
//
// An attempt is counted BEFORE the password is checked and taken back when it succeeds. Counting
// first makes the limit exact under concurrency: N parallel guesses cannot all slip past a check
// that reads the counter before any of them has failed.
#include <atomic>
#include <cstdint>
#include <string>

#include "common/clock.hpp"
#include "common/errors.hpp"
#include "db/db.hpp"

namespace wolfix::identity {

struct ThrottleLimits {
  int64_t per_account = 5;
  int64_t per_address = 50;
  int64_t window_seconds = 15 * 60;
};

// 429; the HTTP edge adds Retry-After from retry_after_seconds().
class TooManyAttempts : public ApiError {
 public:
  explicit TooManyAttempts(int64_t retry_after_seconds);
  int64_t retry_after_seconds() const { return retry_after_; }

 private:
  int64_t retry_after_;
};

class LoginThrottle {
 public:
  LoginThrottle(db::Database& db, const Clock& clock, ThrottleLimits limits)
      : db_(db), clock_(clock), limits_(limits) {}

  struct Attempt {
    std::string account_key;
    std::string address_key;  // "" when the client address is unknown
    int64_t window_start = 0;
  };
  // Counts an attempt for `email_lower` from `address`; throws TooManyAttempts when either has
  // used up its window, even if this attempt would have been right.
  Attempt begin(const std::string& email_lower, const std::string& address);
  // The attempt was right: it does not count, and the account's count starts again.
  void succeeded(const Attempt& attempt);

  const ThrottleLimits& limits() const { return limits_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  ThrottleLimits limits_;
  std::atomic<uint32_t> begun_{0};
};

}  // namespace wolfix::identity
