#pragma once
// JSON-lines logging to stderr: one object per line, machine-readable, with a level and a time.
#include <boost/json/object.hpp>
#include <string_view>

namespace wolfix::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);
void write(Level level, std::string_view event, boost::json::object fields = {});

inline void debug(std::string_view e, boost::json::object f = {}) { write(Level::debug, e, std::move(f)); }
inline void info(std::string_view e, boost::json::object f = {}) { write(Level::info, e, std::move(f)); }
inline void warn(std::string_view e, boost::json::object f = {}) { write(Level::warn, e, std::move(f)); }
inline void error(std::string_view e, boost::json::object f = {}) { write(Level::error, e, std::move(f)); }

}  // namespace wolfix::log
