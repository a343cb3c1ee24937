#pragma once
// Time comes through a Clock so that expiry, token lifetimes and retries can be tested with a
// clock the test moves by hand.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace wolfix {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now_ms() const = 0;
  int64_t now_seconds() const { return now_ms() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// A clock for tests: starts at the real time and moves only when told.
class ManualClock final : public Clock {
 public:
  ManualClock() : ms_(SystemClock().now_ms()) {}
  int64_t now_ms() const override { return ms_.load(); }
  void advance_ms(int64_t delta) { ms_ += delta; }
  void set_ms(int64_t value) { ms_ = value; }

 private:
  std::atomic<int64_t> ms_;
};

// "2026-11-25T14:43:47.123Z"
std::string iso8601_utc(int64_t unix_ms);

}  // namespace wolfix
