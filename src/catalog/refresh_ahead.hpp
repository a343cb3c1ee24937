#pragma once
// The life of a cached catalog answer, one policy for the micro-caches (page_cache.hpp,
// detail_cache.hpp, page_boundaries.hpp). An answer is served for its TTL but never at or past
// the application-clock instant it may become wrong (a discount's end). In the last fifth of the
// TTL it is "due": one caller, and only one, is sent to recompute it while every other caller is
// still served the old answer, so an entry read all the time is replaced before it expires
// instead of falling out and sending a herd to the database at once. How a cache remembers that
// a recomputation is under way is its own (a flag on the entry, a flight others can wait for).
#include <chrono>
#include <cstdint>
#include <limits>

namespace wolfix::catalog {

struct Freshness {
  using Clock = std::chrono::steady_clock;
  Clock::time_point refresh_at;  // 4/5 of the TTL: one caller recomputes
  Clock::time_point expires;
  int64_t app_valid_until_ms = std::numeric_limits<int64_t>::max();

  // For an answer stored at `now`.
  static Freshness starting(Clock::time_point now, std::chrono::milliseconds ttl,
                            int64_t app_valid_until_ms = std::numeric_limits<int64_t>::max()) {
    return Freshness{now + ttl * 4 / 5, now + ttl, app_valid_until_ms};
  }
  // Never to be served again.
  bool over(Clock::time_point now, int64_t app_now_ms = std::numeric_limits<int64_t>::min()) const {
    return now >= expires || app_now_ms >= app_valid_until_ms;
  }
  bool due(Clock::time_point now) const { return now >= refresh_at; }
};

enum class Verdict {
  drop,     // past its life: forget it
  serve,    // answer with it
  refresh,  // recompute it (this caller alone; the cache records that someone does)
};

// What to do with an entry now. `refreshing()` says whether a caller recomputes it already; it
// is asked only of a due entry, so serving a fresh one costs two comparisons and nothing else.
template <class Refreshing>
Verdict judge(const Freshness& f, Freshness::Clock::time_point now, int64_t app_now_ms,
              Refreshing&& refreshing) {
  if (f.over(now, app_now_ms)) return Verdict::drop;
  if (f.due(now) && !refreshing()) return Verdict::refresh;
  return Verdict::serve;
}

}  // namespace wolfix::catalog
