#include "jobs/runner.hpp"

#include "common/log.hpp"

namespace wolfix::jobs {

void Runner::every(std::string name, std::chrono::milliseconds interval,
                   std::function<void()> task) {
  tasks_.push_back({std::move(name), interval, std::move(task),
                    std::chrono::steady_clock::now() + interval});
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
        try {
          t.fn();
        } catch (const std::exception& e) {
          // A failing pass is retried at the next interval; it must never kill the node.
          log::error("job_failed", {{"job", t.name}, {"what", e.what()}});
        }
        lock.lock();
        if (stopping_) return;
        t.next = std::chrono::steady_clock::now() + t.interval;
      }
      wake = std::min(wake, t.next);
    }
    cv_.wait_until(lock, wake, [this] { return stopping_; });
  }
}

}  // namespace wolfix::jobs
