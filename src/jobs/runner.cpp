#include "jobs/runner.hpp"

#include "common/log.hpp"

namespace wolfix::jobs {

std::chrono::milliseconds retry_delay(std::chrono::milliseconds interval, int failures) {
  using std::chrono::milliseconds;
  auto cap = std::max(interval, milliseconds(60'000));
  auto delay = interval;
  for (int i = 0; i < failures && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

void Runner::every(std::string name, std::chrono::milliseconds interval,
                   std::function<void()> task) {
  tasks_.push_back(
      {std::move(name), interval, std::move(task), std::chrono::steady_clock::now() + interval});
}

void Runner::start() {
  if (tasks_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void Runner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Runner::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    auto wake = now + std::chrono::hours(1);
    for (auto& t : tasks_) {
      if (t.next <= now) {
        lock.unlock();
        bool ok = false;
        try {
          t.fn();
          ok = true;
        } catch (const std::exception& e) {
          // A failing pass is retried later, backing off; it must never kill the node.
          ++t.failures;
          log::error("job_failed", {{"job", t.name},
                                    {"what", e.what()},
                                    {"failures", t.failures},
                                    {"retry_in_ms", retry_delay(t.interval, t.failures).count()}});
        }
        if (ok && t.failures > 0) {
          log::info("job_recovered", {{"job", t.name}, {"after_failures", t.failures}});
          t.failures = 0;
        }
        lock.lock();
        if (stopping_) return;
        t.next = std::chrono::steady_clock::now() + retry_delay(t.interval, t.failures);
      }
      wake = std::min(wake, t.next);
    }
    cv_.wait_until(lock, wake, [this] { return stopping_; });
  }
}

}  // namespace wolfix::jobs
