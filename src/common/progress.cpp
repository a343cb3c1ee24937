#include "common/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wolfix {

namespace {

std::string rate_text(int64_t done, double elapsed) {
  if (elapsed <= 0) return "-/s";
  double r = static_cast<double>(done) / elapsed;
  char buf[32];
  if (r >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM/s", r / 1e6);
  else if (r >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk/s", r / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f/s", r);
  return buf;
}

double eta(int64_t done, int64_t total, double elapsed) {
  if (done <= 0 || elapsed <= 0) return -1;
  return static_cast<double>(total - done) * elapsed / static_cast<double>(done);
}

int percent(int64_t done, int64_t total) {
  if (total <= 0) return 100;
  return static_cast<int>(std::clamp<int64_t>(done * 100 / total, 0, 100));
}

}  // namespace

std::string format_duration(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return "?";
  auto s = static_cast<int64_t>(std::llround(seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  return buf;
}

std::string progress_bar(int64_t done, int64_t total, double elapsed, const std::string& unit,
                         int width) {
  int pct = percent(done, total);
  int filled =
      total <= 0 ? width : static_cast<int>(std::clamp<int64_t>(done * width / total, 0, width));
  char pct_text[8];
  std::snprintf(pct_text, sizeof pct_text, "%3d%%", pct);
  return "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] " + pct_text +
         "  " + std::to_string(done) + "/" + std::to_string(total) + " " + unit + "  " +
         rate_text(done, elapsed) + "  ETA " + format_duration(eta(done, total, elapsed));
}

std::string progress_line(int64_t done, int64_t total, double elapsed, const std::string& unit) {
  return std::to_string(done) + "/" + std::to_string(total) + " " + unit + " (" +
         std::to_string(percent(done, total)) + "%), " + rate_text(done, elapsed) + ", ETA " +
         format_duration(eta(done, total, elapsed));
}

Progress::Progress(std::ostream& out, bool terminal, std::string unit, int64_t total)
    : out_(out), terminal_(terminal), unit_(std::move(unit)), total_(total) {}

void Progress::update(int64_t done) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (terminal_) {
    // \r and clear-to-end redraw the same line.
    out_ << "\r" << progress_bar(done, total_, elapsed, unit_) << "\x1b[K" << std::flush;
    drawn_ = true;
  } else {
    out_ << progress_line(done, total_, elapsed, unit_) << "\n" << std::flush;
  }
}

void Progress::finish() {
  if (terminal_ && drawn_) out_ << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace wolfix
