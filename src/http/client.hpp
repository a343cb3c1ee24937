#pragma once
// A small blocking HTTP/1.1 client (http and https) for calls to the payment provider, webhook
// delivery and tests. Call it from worker threads only, never from an io thread.
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/types.hpp"

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

// One request on a connection of its own, closed after the answer.
ClientResponse send(const ClientRequest& request);

struct ClientOptions {
  std::size_t max_idle_per_origin = 32;
  // An idle connection older than this is closed rather than reused: below the usual servers'
  // keep-alive timeouts (Wolfix's read deadline is 30 s), so a reuse rarely meets a closing
  // peer.
  int max_idle_ms = 15000;
};

// Keeps connections open between calls (HTTP/1.1 keep-alive), per scheme, host and port: the
// provider client and the webhook sender call one origin hundreds of times a second, and a new
// TCP connection (a TLS handshake for Stripe) per call cost more than the call itself.
// Thread-safe: a call takes an idle connection or opens one, and gives it back when the answer
// allows. A call whose reused connection proves closed by the server before any byte of the
// answer came back is sent once more on a new connection; only callers whose requests are safe
// to repeat use this client (every provider POST carries an Idempotency-Key; a webhook delivery
// is at-least-once and deduplicated by event id).
class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  ClientResponse send(const ClientRequest& request);
  // Requests to `base_url`'s origin (scheme, host and port) go to `site` on the calling thread
  // instead of over a socket (http/local_exchange.hpp): for a node's calls to itself. An empty
  // handler turns it off.
  void serve_in_process(const std::string& base_url, Handler site);
  // Requests answered that way so far.
  uint64_t in_process_exchanges() const;
  // How many connections this client has opened (tests check that calls share them).
  uint64_t connections_opened() const;
  // Closes the idle connections (the next call opens a new one).
  void close_idle();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wolfix::http
