#pragma once
// A small blocking HTTP/1.1 client (http and https) for calls to the payment provider, webhook
// delivery and tests. Call it from worker threads only, never from an io thread.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace wolfix::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;  // http://host:port/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int connect_timeout_ms = 5000;
  int timeout_ms = 30000;  // whole exchange after connecting
};

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// No answer came back: refused, reset, timed out, TLS failure. `timeout` tells which.
class ConnectionError : public std::runtime_error {
 public:
  ConnectionError(const std::string& what, bool timeout)
      : std::runtime_error(what), timeout_(timeout) {}
  bool timeout() const { return timeout_; }

 private:
  bool timeout_;
};

ClientResponse send(const ClientRequest& request);

}  // namespace wolfix::http
