#pragma once
// The HTTP/1.1 server: Beast + Asio coroutines on a few io threads, each connection on a strand
// of its own, so its reads, writes, timer and the resumption after a handler never run at once.
// A request is read in three steps: the header; then, for a body larger than the normal limit,
// the site's admission check (route and token, on the worker pool) before a byte of it is
// read; then the body. It is answered by the inline handler on its io thread (answers that never
// block: health, cache hits) or, when that declines, by the handler on a bounded worker pool,
// so database and crypto work never stalls the io threads. Each phase has its own deadline
// (read, handle: none, write), so an answer that is ready is delivered.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/client_address.hpp"
#include "http/types.hpp"

namespace wolfix::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 0;       // 0 = one per core
  int worker_threads = 16;  // the blocking pool
  std::size_t body_limit = 1 << 20;
  std::size_t upload_limit = 25 << 20;  // only for requests the site admits (uploads)
  std::size_t header_limit = 16 << 10;
  int read_timeout_seconds = 30;   // header + body of one request (re-armed for the body)
  int write_timeout_seconds = 30;  // one answer
  int drain_seconds = 10;          // graceful shutdown: time allowed for requests in flight
  std::string tls_cert_file;
  std::string tls_key_file;
  ProxyTrust proxies;  // whose X-Forwarded-For is believed (none by default)
  // Beyond these a connection is answered 503 (node) or 429 (one address; trusted proxies are
  // exempt) and closed; a request whose body does not fit the node's in-flight budget is
  // answered 503. Retry-After on all three.
  int max_connections = 1000;
  int max_connections_per_address = 100;
  std::size_t max_body_bytes_in_flight = 256u << 20;
  // Added to every answer that does not set the header itself (security headers).
  std::vector<std::pair<std::string, std::string>> default_headers;
};

// A pool of threads for blocking handlers. A mounted site brings its own, so its handlers may
// call this server's other sites over HTTP without waiting for a worker they occupy.
class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  void join();  // idempotent

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

using RequestHandler = std::function<Response(Request&)>;
// Must not block; nullopt = run the handler on the worker pool.
using InlineRequestHandler = std::function<std::optional<Response>(Request&)>;
// On the worker pool, after the header of a request whose body may exceed body_limit: nullopt
// admits it up to upload_limit, an answer refuses it before its body is read.
using AdmitHandler = std::function<std::optional<Response>(Request&)>;

// What answers the requests under one path prefix.
struct Site {
  RequestHandler handle;
  InlineRequestHandler try_inline;  // optional
  AdmitHandler admit_large_body;    // optional: without it, bodies over body_limit get 413
  WorkerPool* pool = nullptr;       // null = the server's own pool
};

class Server {
 public:
  Server(ServerOptions options, Site site);
  Server(ServerOptions options, RequestHandler handler, InlineRequestHandler try_inline = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Before start(): requests whose path starts with `prefix` go to `site` (longest prefix wins).
  // stop() joins the site's pool.
  void mount(std::string prefix, Site site);
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
