#pragma once
// API test harness: a real Wolfix server on an ephemeral port with a fresh database (SQLite
// file, or a new PostgreSQL database when WOLFIX_TEST_DB=postgres), and a small HTTP client.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "app/config.hpp"
#include "common/clock.hpp"
#include "http/client.hpp"
#include "probe.hpp"

namespace wolfix::test {

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  boost::json::value json() const;
  // The error "message" or "code" of a JSON error body, "" if none.
  std::string message() const;
  std::string code() const;
};

// A fresh database URL for the driver under test.
std::string fresh_database_url();
bool testing_postgres();

class TestServer {
 public:
  // `tweak` may adjust the configuration before the server starts.
  explicit TestServer(const std::function<void(Config&)>& tweak = {});
  ~TestServer();

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& token = "",
                std::vector<std::pair<std::string, std::string>> headers = {});
  Reply get(const std::string& path, const std::string& token = "") {
    return request("GET", path, "", token);
  }
  Reply post(const std::string& path, const boost::json::value& body,
             const std::string& token = "") {
    return request("POST", path, boost::json::serialize(body), token);
  }
  Reply patch(const std::string& path, const boost::json::value& body,
              const std::string& token = "") {
    return request("PATCH", path, boost::json::serialize(body), token);
  }
  Reply del(const std::string& path, const std::string& token = "") {
    return request("DELETE", path, "", token);
  }

  uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  App& app() { return *app_; }
  ManualClock& clock() { return *clock_; }
  // The database under this server, for what the API does not say (probe.hpp).
  Probe probe() { return Probe(app_->database()); }
  const Config& config() const { return config_; }

 private:
  Config config_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<App> app_;
  uint16_t port_ = 0;
};

// A unique e-mail address for one test.
std::string unique_email(const std::string& hint = "user");

}  // namespace wolfix::test
