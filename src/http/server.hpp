#pragma once
// The HTTP/1.1 server: Beast + Asio coroutines on a few io threads. A request is first offered
// to the inline handler on its io thread (answers that never block: health, cache hits); when
// that declines, it runs on a separate bounded worker pool, so database and crypto work never
// stalls the io threads.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/types.hpp"

namespace wolfix::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 0;       // 0 = one per core
  int worker_threads = 16;  // the blocking pool
  std::size_t body_limit = 1 << 20;
  std::size_t upload_limit = 25 << 20;  // multipart bodies (media, documents)
  std::size_t header_limit = 16 << 10;
  int read_timeout_seconds = 30;
  int drain_seconds = 10;  // graceful shutdown: time allowed for requests in flight
  std::string tls_cert_file;
  std::string tls_key_file;
  bool trust_forwarded_for = false;  // take the client address from X-Forwarded-For
  // Requests under this path prefix run on their own pool of `isolated_workers` threads, so a
  // handler may call this server's own routes there over HTTP (the built-in payment sandbox)
  // without waiting for a worker it is itself occupying.
  std::string isolated_prefix;
  int isolated_workers = 0;
};

class Server {
 public:
  using RequestHandler = std::function<Response(Request&)>;
  // Must not block; nullopt = run `handler` on the worker pool.
  using InlineRequestHandler = std::function<std::optional<Response>(Request&)>;
  Server(ServerOptions options, RequestHandler handler, InlineRequestHandler try_inline = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving in background threads; returns the bound port (for port 0).
  uint16_t start();
  // Blocks until SIGINT/SIGTERM, then shuts down gracefully.
  void wait_for_signal();
  // Stops accepting, lets requests in flight finish (up to drain_seconds), then stops.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wolfix::http
