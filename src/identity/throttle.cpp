#include "identity/throttle.hpp"

#include <cmath>

#include "common/crypto.hpp"
#include "identity/model.hpp"
#include "identity/store.hpp"

namespace wolfix::identity {
namespace {

// Keys are hashed: the tables then hold no e-mail addresses of people who never registered (any
// text can be typed into a login form), and every key has the same small size.
std::string key_of(std::string_view kind, std::string_view value) {
  std::string text(kind);
  text += ':';
  text += value;
  return to_hex(sha256(text));
}

std::string retry_message(int64_t seconds, std::string_view what) {
  if (seconds < 120)
    return "Too many " + std::string(what) + ". Try again in " + std::to_string(seconds) +
           (seconds == 1 ? " second." : " seconds.");
  int64_t minutes = (seconds + 59) / 60;
  return "Too many " + std::string(what) + ". Try again in " + std::to_string(minutes) +
         " minutes.";
}

SlidingCount sliding(const store::CounterRow& r) {
  return {r.window_start, r.attempts, r.previous};
}

// The row rolled to the window `now_ms` is in, with one more attempt at `now_ms`.
store::CounterRow counted(const store::CounterRow& r, int64_t now_ms, int64_t window_ms) {
  SlidingCount c = roll(sliding(r), now_ms, window_ms);
  return {c.window_start, c.count + 1, c.previous, now_ms};
}

// Takes back one attempt counted in the window that started at `window_start`.
store::CounterRow taken_back(store::CounterRow r, int64_t window_start, int64_t window_ms) {
  if (r.window_start == window_start && r.attempts > 0)
    --r.attempts;
  else if (r.window_start == window_start + window_ms && r.previous > 0)
    --r.previous;
  return r;
}

int64_t seconds_of(int64_t ms) {
  return std::max<int64_t>(1, (ms + 999) / 1000);
}

}  // namespace

TooManyAttempts::TooManyAttempts(int64_t retry_after_seconds, std::string_view what)
    : ApiError(429, "too_many_attempts", retry_message(retry_after_seconds, what)),
      retry_after_(retry_after_seconds) {}

void LoginThrottle::purge_now_and_then(int64_t now_ms) {
  // Old rows are dead weight; clearing them now and then keeps the tables small.
  if (begun_.fetch_add(1) % 256 != 0) return;
  const int64_t longest = std::max(limits_.window_seconds, limits_.registration_window_seconds);
  db_.write([&](db::Session& s) {
    // A counter whose window and the one after it are over holds nothing any more.
    store::purge_counters_before(s, now_ms - 2 * longest * 1000);
    store::forget_addresses_before(s, now_ms - limits_.known_address_days * 24 * 3600 * 1000);
  });
}

LoginThrottle::Attempt LoginThrottle::begin(const std::string& email_lower,
                                            const std::string& address) {
  const int64_t now = clock_.now_ms();
  const int64_t window_ms = limits_.window_seconds * 1000;
  const std::string where = address.empty() ? "" : throttle_address(address);
  Attempt a{key_of("pair", email_lower + "\n" + where), key_of("account", email_lower),
            where.empty() ? "" : key_of("address", where), window_start(now, window_ms)};
  purge_now_and_then(now);

  // Keys are always locked in the same order (pair, account, address), so two transactions on
  // PostgreSQL cannot wait for each other's rows in a cycle. A refusal throws inside the
  // transaction, which rolls the counting back.
  db_.write([&](db::Session& s) {
    const bool known = !a.address_key.empty() &&
                       store::is_known_address(s, a.account_key, a.address_key,
                                               now - limits_.known_address_days * 24 * 3600 * 1000);
    auto pair = store::lock_counter(s, a.pair_key, a.window_start);
    auto account = store::lock_counter(s, a.account_key, a.window_start);
    std::optional<store::CounterRow> addr;
    if (!a.address_key.empty()) addr = store::lock_counter(s, a.address_key, a.window_start);

    int64_t wait_ms = 0;
    auto failures =
        static_cast<int64_t>(std::ceil(sliding_estimate(sliding(pair), now, window_ms) - 1e-9));
    int64_t delay = progressive_delay_ms(failures, limits_.free_failures,
                                         limits_.delay_base_seconds * 1000, window_ms);
    if (delay > 0) wait_ms = std::max(wait_ms, pair.last_attempt_at + delay - now);
    if (!known)
      wait_ms = std::max(
          wait_ms, ms_until_below(sliding(account), now, window_ms, limits_.per_account_anywhere));
    if (addr)
      wait_ms =
          std::max(wait_ms, ms_until_below(sliding(*addr), now, window_ms, limits_.per_address));
    if (wait_ms > 0) throw TooManyAttempts(seconds_of(wait_ms));

    store::save_counter(s, a.pair_key, counted(pair, now, window_ms));
    store::save_counter(s, a.account_key, counted(account, now, window_ms));
    if (addr) store::save_counter(s, a.address_key, counted(*addr, now, window_ms));
  });
  return a;
}

void LoginThrottle::succeeded(const Attempt& a) {
  const int64_t window_ms = limits_.window_seconds * 1000;
  const int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    store::delete_counter(s, a.pair_key);
    auto account = store::lock_counter(s, a.account_key, a.window_start);
    store::save_counter(s, a.account_key, taken_back(account, a.window_start, window_ms));
    if (!a.address_key.empty()) {
      auto addr = store::lock_counter(s, a.address_key, a.window_start);
      store::save_counter(s, a.address_key, taken_back(addr, a.window_start, window_ms));
      store::remember_address(s, a.account_key, a.address_key, now);
    }
  });
}

void LoginThrottle::registration(const std::string& address) {
  if (address.empty()) return;
  const int64_t now = clock_.now_ms();
  const int64_t window_ms = limits_.registration_window_seconds * 1000;
  const std::string key = key_of("registration", throttle_address(address));
  purge_now_and_then(now);
  db_.write([&](db::Session& s) {
    auto row = store::lock_counter(s, key, window_start(now, window_ms));
    int64_t wait_ms =
        ms_until_below(sliding(row), now, window_ms, limits_.registrations_per_address);
    if (wait_ms > 0) throw TooManyAttempts(seconds_of(wait_ms), "registrations from this address");
    store::save_counter(s, key, counted(row, now, window_ms));
  });
}

}  // namespace wolfix::identity
