#pragma once
// `wolfix serve` as a child process on a given database (the crash-safety and database-outage
// suites): started, awaited, killed, restarted; its log kept in a file for the test to read.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"

namespace wolfix::test {

// The wolfix binary next to this test binary (both are built into the build tree's root),
// unless WOLFIX_BIN names another.
std::string wolfix_binary();
uint16_t free_port();

class ServeProcess {
 public:
  // `env` adds to (or overrides) the settings the suites share (jobs on, quick reconciliation).
  ServeProcess(std::string database_url, std::filesystem::path dir,
               std::vector<std::pair<std::string, std::string>> env = {});
  ~ServeProcess();

  // May be called again after kill_hard().
  void start();
  // Up to `seconds` for /ready to answer 200; false if the process died or never got ready.
  bool wait_ready(int seconds = 60);
  void kill_hard();
  // True while the process runs (it has not exited or been killed).
  bool alive();

  // status 0: no answer (refused, reset, timed out after 20 s).
  Reply call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& token = "",
             std::vector<std::pair<std::string, std::string>> headers = {}) const;

  std::string log() const;
  std::string log_tail() const;
  int starts() const { return starts_; }

 private:
  std::string database_url_;
  std::filesystem::path dir_;
  std::vector<std::pair<std::string, std::string>> env_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  int starts_ = 0;
};

}  // namespace wolfix::test
