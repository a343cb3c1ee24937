#include "jobs/runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace wolfix::jobs {
namespace {

TEST(JobsRunner, RunsTasksAndStopsCleanly) {
  Runner runner;
  std::promise<void> ran;
  std::atomic<int> count{0};
  runner.every("tick", std::chrono::milliseconds(1), [&] {
    if (++count == 3) ran.set_value();
  });
  runner.start();
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  runner.stop();
  int after = count.load();
  EXPECT_GE(after, 3);
  EXPECT_EQ(count.load(), after);  // nothing runs after stop
}

TEST(JobsRunner, AThrowingTaskDoesNotStopOthers) {
  Runner runner;
  std::promise<void> ran;
  std::atomic<bool> done{false};
  runner.every("bad", std::chrono::milliseconds(1), [] { throw std::runtime_error("boom"); });
  runner.every("good", std::chrono::milliseconds(1), [&] {
    if (!done.exchange(true)) ran.set_value();
  });
  runner.start();
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
}

TEST(JobsRunner, StopWithoutStartIsHarmless) {
  Runner runner;
  runner.stop();
}

}  // namespace
}  // namespace wolfix::jobs
