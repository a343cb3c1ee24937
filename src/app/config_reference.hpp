#pragma once
// The configuration reference: every WOLFIX_* variable with its flag, default and meaning, from
// the same table Config::from_env reads (src/app/config.cpp), so the two cannot drift.
#include <string>
#include <vector>

namespace wolfix {

struct SettingInfo {
  std::string name;           // WOLFIX_...
  std::string flag;           // the command-line flag that overrides it, if any
  std::string default_value;  // as an operator would write it
  std::string meaning;
};

std::vector<SettingInfo> config_reference();
// The README table (`wolfix config --reference`).
std::string config_reference_markdown();

}  // namespace wolfix
