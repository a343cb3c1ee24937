// Progress output of long commands: the terminal bar and the plain lines.
#include "common/progress.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace wolfix {
namespace {

TEST(Progress, BarShowsShareRateAndEta) {
  EXPECT_EQ(progress_bar(400'000, 1'000'000, 20.0, "products", 10),
            "[####------]  40%  400000/1000000 products  20.0k/s  ETA 0:30");
  EXPECT_EQ(progress_bar(0, 50, 0.0, "products", 4), "[----]   0%  0/50 products  -/s  ETA ?");
  EXPECT_EQ(progress_bar(50, 50, 2.0, "products", 4),
            "[####] 100%  50/50 products  25/s  ETA 0:00");
}

TEST(Progress, PlainLineForLogs) {
  EXPECT_EQ(progress_line(250, 1000, 0.5, "products"), "250/1000 products (25%), 500/s, ETA 0:02");
  EXPECT_EQ(format_duration(3725), "1:02:05");
  EXPECT_EQ(format_duration(-1), "?");
}

TEST(Progress, RedrawsOneLineOnATerminalAndPrintsLinesOtherwise) {
  std::ostringstream tty, pipe;
  Progress a(tty, true, "products", 10), b(pipe, false, "products", 10);
  for (int i : {0, 5, 10}) {
    a.update(i);
    b.update(i);
  }
  a.finish();
  b.finish();
  std::string t = tty.str(), p = pipe.str();
  EXPECT_EQ(std::count(t.begin(), t.end(), '\r'), 3);
  EXPECT_EQ(std::count(t.begin(), t.end(), '\n'), 1);
  EXPECT_EQ(p.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(p.begin(), p.end(), '\n'), 3);
  EXPECT_NE(p.find("10/10 products (100%)"), std::string::npos);
}

}  // namespace
}  // namespace wolfix
