#include "common/log.hpp"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdio>

#include "common/clock.hpp"

namespace wolfix::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::info)};
constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
}  // namespace

void set_level(Level level) { g_level = static_cast<int>(level); }

bool parse_level(std::string_view text, Level& out) {
  for (int i = 0; i < 4; ++i)
    if (text == kNames[i]) {
      out = static_cast<Level>(i);
      return true;
    }
  return false;
}

bool enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void write(Level level, std::string_view event, boost::json::object fields) {
  if (!enabled(level)) return;
  boost::json::object line;
  line["time"] = iso8601_utc(SystemClock().now_ms());
  line["level"] = kNames[static_cast<int>(level)];
  line["event"] = event;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  std::string text = boost::json::serialize(line);
  text.push_back('\n');
  // One fwrite per line keeps lines whole when several threads log at once.
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace wolfix::log
