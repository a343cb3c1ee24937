#pragma once
// Sign-in throttling (issue 15 item 10) and registration throttling (item 7), with the counters
// in the database so that the limits hold across every node.
//
// Sign-in attempts are counted under three keys, each over a sliding window:
//  - one account from one address: the first `free_failures` failures cost nothing (typos);
//    after that every attempt waits a delay that doubles with each further failure
//    (progressive delay). Only this pair is slowed: the same account from elsewhere is not.
//  - one account from addresses it has never signed in from: past `per_account_anywhere`
//    failures such addresses are refused for it (spraying one account from many addresses),
//    while the addresses its owner signed in from before still get in. So six anonymous
//    requests no longer lock the owner out.
//  - one address over every account (spraying many accounts from one address).
// An attempt is counted BEFORE the password is checked, under row locks, so N parallel guesses
// cannot all slip past a check that read the counters before any of them had failed; a refused
// attempt is not counted, and a right one is taken back.
#include <atomic>
#include <cstdint>
#include <string>

#include "common/clock.hpp"
#include "common/errors.hpp"
#include "db/db.hpp"

namespace wolfix::identity {

struct ThrottleLimits {
  int64_t free_failures = 5;          // per account and address before the delay starts
  int64_t per_account_anywhere = 20;  // per account from addresses it never signed in from
  int64_t per_address = 50;
  int64_t window_seconds = 15 * 60;
  int64_t delay_base_seconds = 30;  // the first delay; doubled per further failure
  int64_t known_address_days = 90;  // how long a successful sign-in makes an address known
  int64_t registrations_per_address = 10;
  int64_t registration_window_seconds = 60 * 60;
};

// 429; the HTTP edge adds Retry-After from retry_after_seconds().
class TooManyAttempts : public ApiError {
 public:
  explicit TooManyAttempts(int64_t retry_after_seconds,
                           std::string_view what = "failed sign-in attempts");
  int64_t retry_after_seconds() const { return retry_after_; }

 private:
  int64_t retry_after_;
};

class LoginThrottle {
 public:
  LoginThrottle(db::Database& db, const Clock& clock, ThrottleLimits limits)
      : db_(db), clock_(clock), limits_(limits) {}

  struct Attempt {
    std::string pair_key;
    std::string account_key;
    std::string address_key;  // "" when the client address is unknown
    int64_t window_start = 0;
  };
  // Counts an attempt for `email_lower` from `address`; throws TooManyAttempts (counting
  // nothing) when this account may not be tried from this address now, even if this attempt
  // would have been right.
  Attempt begin(const std::string& email_lower, const std::string& address);
  // The attempt was right: it does not count, the pair's delay is over, and the address
  // becomes one the account is known to sign in from.
  void succeeded(const Attempt& attempt);

  // Counts a registration from `address`; throws TooManyAttempts when the address has made
  // `registrations_per_address` in the last registration window.
  void registration(const std::string& address);

  const ThrottleLimits& limits() const { return limits_; }

 private:
  void purge_now_and_then(int64_t now_ms);

  db::Database& db_;
  const Clock& clock_;
  ThrottleLimits limits_;
  std::atomic<uint32_t> begun_{0};
};

}  // namespace wolfix::identity
