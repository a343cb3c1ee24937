#pragma once
// Progress of a long command (`wolfix seed --products 1000000`): a bar redrawn in place with
// rate and ETA on a terminal, one plain line per update otherwise (logs, pipes, CI).
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace wolfix {

// "[########------------]  40%  400000/1000000 products  12.3k/s  ETA 0:49" (width = bar cells).
std::string progress_bar(int64_t done, int64_t total, double elapsed_seconds,
                         const std::string& unit, int width = 30);
// "400000/1000000 products (40%), 12.3k/s, ETA 0:49"
std::string progress_line(int64_t done, int64_t total, double elapsed_seconds,
                          const std::string& unit);
// 49 -> "0:49", 3725 -> "1:02:05"; negative or unknown -> "?".
std::string format_duration(double seconds);

class Progress {
 public:
  // `terminal`: redraw one line (isatty of the stream's descriptor, decided by the caller).
  Progress(std::ostream& out, bool terminal, std::string unit, int64_t total);
  void update(int64_t done);
  // Ends the bar's line on a terminal.
  void finish();

 private:
  std::ostream& out_;
  bool terminal_;
  std::string unit_;
  int64_t total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool drawn_ = false;
};

}  // namespace wolfix
