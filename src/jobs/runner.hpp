#pragma once
// Periodic background work inside the process (expiring unpaid orders, reconciliation,
// notification delivery). Each task is a plain function that does one bounded pass; tasks
// must be safe when several nodes run them at once (they claim rows in the database).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wolfix::jobs {

// The wait before the next pass of a task whose last `failures` passes in a row failed (the
// database is down, say): the interval, doubled per failure, at most a minute (or the interval,
// when that is longer). An outage costs a few passes and a few log lines, not a tight loop.
std::chrono::milliseconds retry_delay(std::chrono::milliseconds interval, int failures);

class Runner {
 public:
  ~Runner() { stop(); }

  // Registers a task run every `interval` once started. Register before start().
  void every(std::string name, std::chrono::milliseconds interval, std::function<void()> task);
  void start();
  // Wakes the thread and joins it; a pass in progress finishes first.
  void stop();

 private:
  struct Task {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> fn;
    std::chrono::steady_clock::time_point next;
    int failures = 0;  // consecutive failed passes
  };
  void loop();

  std::vector<Task> tasks_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wolfix::jobs
