#include "identity/throttle.hpp"

#include "common/crypto.hpp"
#include "identity/model.hpp"
#include "identity/store.hpp"

namespace wolfix::identity {
namespace {

// Keys are hashed: the table then holds no e-mail addresses of people who never registered (any
// text can be typed into a login form), and every key has the same small size.
std::string key_of(std::string_view kind, std::string_view value) {
  std::string text(kind);
  text += ':';
  text += value;
  return to_hex(sha256(text));
}

std::string retry_message(int64_t seconds) {
  int64_t minutes = (seconds + 59) / 60;
  return "Too many failed sign-in attempts. Try again in " + std::to_string(minutes) +
         (minutes == 1 ? " minute." : " minutes.");
}

}  // namespace

TooManyAttempts::TooManyAttempts(int64_t retry_after_seconds)
    : ApiError(429, "too_many_attempts", retry_message(retry_after_seconds)),
      retry_after_(retry_after_seconds) {}

LoginThrottle::Attempt LoginThrottle::begin(const std::string& email_lower,
                                            const std::string& address) {
  const int64_t now = clock_.now_ms();
  const int64_t window_ms = limits_.window_seconds * 1000;
  Attempt a{key_of("account", email_lower),
            address.empty() ? "" : key_of("address", throttle_address(address)),
            window_start(now, window_ms)};

  // Old windows are dead weight; clearing them now and then keeps the table small.
  if (begun_.fetch_add(1) % 256 == 0)
    db_.write([&](db::Session& s) { store::purge_attempts_before(s, a.window_start); });

  // Keys are always taken in the same order (account, then address), so two transactions on
  // PostgreSQL cannot wait for each other's rows in a cycle.
  bool over = db_.write([&](db::Session& s) {
    bool account_over =
        store::count_attempt(s, a.account_key, a.window_start) > limits_.per_account;
    bool address_over =
        !a.address_key.empty() &&
        store::count_attempt(s, a.address_key, a.window_start) > limits_.per_address;
    return account_over || address_over;
  });
  if (over) throw TooManyAttempts(seconds_until_window_ends(now, a.window_start, window_ms));
  return a;
}

void LoginThrottle::succeeded(const Attempt& a) {
  db_.write([&](db::Session& s) {
    store::set_attempts(s, a.account_key, a.window_start, 0);
    if (!a.address_key.empty()) store::take_back_attempt(s, a.address_key, a.window_start);
  });
}

}  // namespace wolfix::identity
