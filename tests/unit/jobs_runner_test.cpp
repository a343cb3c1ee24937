#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "jobs/runner.hpp"

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

TEST(JobsRunner, FailingPassesBackOffToAMinute) {
  using std::chrono::milliseconds;
  EXPECT_EQ(retry_delay(milliseconds(1000), 0), milliseconds(1000));
  EXPECT_EQ(retry_delay(milliseconds(1000), 1), milliseconds(2000));
  EXPECT_EQ(retry_delay(milliseconds(1000), 3), milliseconds(8000));
  EXPECT_EQ(retry_delay(milliseconds(1000), 6), milliseconds(60000));
  EXPECT_EQ(retry_delay(milliseconds(1000), 1000), milliseconds(60000));
  // A task that runs less often than once a minute never runs more often when it fails.
  EXPECT_EQ(retry_delay(milliseconds(300000), 4), milliseconds(300000));
  EXPECT_EQ(retry_delay(milliseconds(100), 2), milliseconds(400));
}

TEST(JobsRunner, StopWithoutStartIsHarmless) {
  Runner runner;
  runner.stop();
}

}  // namespace
}  // namespace wolfix::jobs
