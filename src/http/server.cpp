#include "http/server.hpp"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <optional>
#include <thread>
#include <unordered_map>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/deadline.hpp"
#include "http/dispatcher.hpp"
#include "http/response_head.hpp"
#include "http/target.hpp"

namespace wolfix::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::seconds;

struct WorkerPool::Impl {
  explicit Impl(int threads) : pool(static_cast<std::size_t>(std::max(1, threads))) {}
  asio::thread_pool pool;
};

WorkerPool::WorkerPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}
WorkerPool::~WorkerPool() {
  join();
}
void WorkerPool::join() {
  impl_->pool.join();
}

namespace {

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::get;
    case bhttp::verb::head:
      return Method::head;
    case bhttp::verb::post:
      return Method::post;
    case bhttp::verb::put:
      return Method::put;
    case bhttp::verb::patch:
      return Method::patch;
    case bhttp::verb::delete_:
      return Method::del;
    case bhttp::verb::options:
      return Method::options;
    default:
      return Method::other;
  }
}

bool safe_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

// The peer went away or was too slow: nothing to answer.
bool quiet(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == beast::error::timeout || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted || ec == asio::error::broken_pipe;
}

Response refusal(int status, const std::string& code, const std::string& message,
                 int retry_after = 0) {
  auto res = error_response(status, code, message);
  if (retry_after > 0) res.with_header("Retry-After", std::to_string(retry_after));
  return res;
}
Response too_large() {
  return refusal(413, "body_too_large", "Request body is too large");
}

// Logs what escapes a coroutine instead of losing it (asio::detached would).
auto log_failure(const char* what) {
  return [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      log::error("coroutine_failed", {{"coroutine", what}, {"what", x.what()}});
    } catch (...) {
      log::error("coroutine_failed", {{"coroutine", what}, {"what", "unknown exception"}});
    }
  };
}

// Bytes of request bodies held at once by this node, taken before a body is read.
class BodyBudget {
 public:
  explicit BodyBudget(std::size_t max) : max_(max) {}
  bool take(std::size_t n) {
    auto cur = used_.load();
    do {
      if (n > max_ || cur > max_ - n) return false;
    } while (!used_.compare_exchange_weak(cur, cur + n));
    return true;
  }
  void give_back(std::size_t n) { used_ -= n; }

 private:
  std::size_t max_;
  std::atomic<std::size_t> used_{0};
};

class BodyReservation {
 public:
  BodyReservation() = default;
  BodyReservation(BodyReservation&& o) noexcept
      : budget_(std::exchange(o.budget_, nullptr)), n_(o.n_) {}
  BodyReservation& operator=(BodyReservation&& o) noexcept {
    if (this != &o) {
      if (budget_) budget_->give_back(n_);
      budget_ = std::exchange(o.budget_, nullptr);
      n_ = o.n_;
    }
    return *this;
  }
  ~BodyReservation() {
    if (budget_) budget_->give_back(n_);
  }
  bool take(BodyBudget& b, std::size_t n) {
    if (!b.take(n)) return false;
    budget_ = &b;
    n_ = n;
    return true;
  }

 private:
  BodyBudget* budget_ = nullptr;
  std::size_t n_ = 0;
};

// One request between its header and its answer.
struct Exchange {
  Request req;
  const Site* site = nullptr;
  unsigned version = 11;
  bool keep_alive = false;
  BodyReservation body;
};

// What reading a request gave: an exchange to handle, or an answer to give before closing, or
// neither (the peer left or was too slow: close).
struct Incoming {
  std::optional<Exchange> exchange;
  std::optional<Response> refusal;
};

}  // namespace

static int io_thread_count(const ServerOptions& o) {
  return o.io_threads > 0 ? o.io_threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

struct Server::Impl {
  // Declared before the io_context, so they outlive the connection frames it destroys.
  ServerOptions opts;
  Site main_site;
  std::vector<std::pair<std::string, Site>> mounts;  // longest prefix first
  WorkerPool own_pool;
  std::optional<asio::ssl::context> tls;
  std::atomic<bool> stopping{false};
  std::atomic<int> active_requests{0};
  std::atomic<uint64_t> next_id{0};
  std::string id_prefix = to_hex(random_alnum(4)).substr(0, 8);
  BodyBudget body_budget;
  std::mutex mu;  // guards the counters below, and the stop hand-shake
  int connections = 0;
  std::unordered_map<std::string, int> connections_by_address;
  std::condition_variable idle;
  bool stopped = false;
  // The hint tells Asio's scheduler how many threads run it: with one, it keeps that thread's
  // own completions in a private queue without taking its lock (posts from the worker pool
  // still lock).
  asio::io_context ioc{io_thread_count(opts)};
  asio::strand<asio::io_context::executor_type> accept_strand = asio::make_strand(ioc);
  tcp::acceptor acceptor{accept_strand};
  std::vector<std::thread> io_threads;
  bool single_io_thread = false;  // set before the first accept

  Impl(ServerOptions o, Site site)
      : opts(std::move(o)),
        main_site(std::move(site)),
        own_pool(opts.worker_threads),
        body_budget(opts.max_body_bytes_in_flight) {}

  std::string new_request_id() { return id_prefix + "-" + std::to_string(++next_id); }

  const Site& site_for(std::string_view path) const {
    for (const auto& [prefix, site] : mounts)
      if (path.starts_with(prefix)) return site;
    return main_site;
  }

  template <class F>
  asio::awaitable<std::invoke_result_t<F&>> on_pool(const Site& site, F f) {
    using R = std::invoke_result_t<F&>;
    auto& pool = (site.pool ? site.pool->impl() : own_pool.impl()).pool;
    // Completes back on this connection's strand.
    co_return co_await asio::co_spawn(
        pool, [&f]() -> asio::awaitable<R> { co_return f(); }, asio::use_awaitable);
  }

  void run_after(const Site& site, std::function<void()> work) {
    auto& pool = (site.pool ? site.pool->impl() : own_pool.impl()).pool;
    asio::post(pool, [work = std::move(work)] {
      try {
        work();
      } catch (const std::exception& e) {
        log::warn("background_work_failed", {{"what", e.what()}});
      } catch (...) {
        log::warn("background_work_failed", {{"what", "unknown"}});
      }
    });
  }

  // ---- connections and their limits -------------------------------------------------------

  // A connection's place in the node's and its address's counts, given back when it closes.
  struct Slot {
    Impl* impl = nullptr;
    std::string address;  // empty when not counted per address
    ~Slot() {
      if (!impl) return;
      std::lock_guard lock(impl->mu);
      --impl->connections;
      if (!address.empty()) {
        auto it = impl->connections_by_address.find(address);
        if (it != impl->connections_by_address.end() && --it->second == 0)
          impl->connections_by_address.erase(it);
      }
    }
  };

  // Counts the connection in, or the answer that refuses it.
  std::optional<Response> take_slot(Slot& slot, const std::string& peer) {
    bool per_address = !opts.proxies.trusted(peer);
    std::lock_guard lock(mu);
    if (connections >= opts.max_connections)
      return refusal(503, "server_busy", "The server is at its connection limit; retry later", 5);
    if (per_address) {
      int& n = connections_by_address[peer];
      if (n >= opts.max_connections_per_address) {
        if (n == 0) connections_by_address.erase(peer);
        return refusal(429, "too_many_connections",
                       "Too many connections from your address; retry later", 5);
      }
      ++n;
      slot.address = peer;
    }
    ++connections;
    slot.impl = this;
    return std::nullopt;
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      // Each connection on a strand of its own: its operations and timer never run at once.
      // With one io thread the io_context already runs one handler at a time, and a strand
      // would only cost a lock and executor copies on every operation.
      asio::any_io_executor strand =
          single_io_thread ? asio::any_io_executor(ioc.get_executor()) : asio::make_strand(ioc);
      auto [ec, socket] =
          co_await acceptor.async_accept(strand, asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        log::warn("accept_failed", {{"error", ec.message()}});
        // Out of descriptors, say: wait a little rather than spin.
        asio::steady_timer pause(accept_strand, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      boost::system::error_code ignored;  // without Nagle's delay if we can; no matter if not
      socket.set_option(tcp::no_delay(true), ignored);
      auto ex = socket.get_executor();
      asio::co_spawn(ex, connection(tcp::socket(std::move(socket))), log_failure("connection"));
    }
  }

  asio::awaitable<void> connection(tcp::socket socket) {
    std::string peer;
    {
      boost::system::error_code ec;
      auto ep = socket.remote_endpoint(ec);
      if (ec) co_return;
      peer = ProxyTrust::canonical_address(ep.address().to_string()).value_or("");
    }
    Slot slot;
    auto refused = take_slot(slot, peer);
    if (!tls) {
      Deadline deadline(socket);
      co_await serve(socket, deadline, peer, std::move(refused));
      co_return;
    }
    beast::ssl_stream<tcp::socket> stream(std::move(socket), *tls);
    Deadline deadline(stream.next_layer());
    deadline.expires_after(seconds(opts.read_timeout_seconds));
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                asio::as_tuple(asio::use_awaitable));
    if (ec || deadline.fired()) co_return;
    co_await serve(stream, deadline, peer, std::move(refused));
  }

  // ---- one connection: read, handle, write, until it closes --------------------------------

  template <class Stream>
  asio::awaitable<void> serve(Stream& stream, Deadline& deadline, const std::string& peer,
                              std::optional<Response> refuse_all) {
    beast::flat_buffer buffer;
    if (refuse_all) {
      // The answer goes to the client's first request, whose header is read first.
      bhttp::request_parser<bhttp::empty_body> head;
      head.header_limit(static_cast<std::uint32_t>(opts.header_limit));
      deadline.expires_after(seconds(opts.read_timeout_seconds));
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, head,
                                                       asio::as_tuple(asio::use_awaitable));
      if (!ec && !deadline.fired()) co_await refuse(stream, deadline, std::move(*refuse_all));
      co_return;
    }
    for (;;) {
      auto in = co_await read_request(stream, deadline, buffer, peer);
      if (!in.exchange) {
        if (in.refusal) co_await refuse(stream, deadline, std::move(*in.refusal));
        co_return;
      }
      Exchange& ex = *in.exchange;
      ++active_requests;
      Response res = co_await handle(ex);
      if (res.after) run_after(*ex.site, std::move(res.after));
      ex.req.body = std::string();  // read: its bytes go back to the node's budget now
      ex.body = {};
      bool wrote = false;
      if (!res.drop_connection) {
        bool keep_alive = ex.keep_alive && !stopping;
        wrote = co_await write(stream, deadline, std::move(res), ex.version, keep_alive,
                               ex.req.method == Method::head);
        wrote = wrote && keep_alive;
      }
      request_done();
      if (res.drop_connection) {
        boost::system::error_code ec;
        beast::get_lowest_layer(stream).shutdown(tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(stream).close(ec);
        co_return;
      }
      if (!wrote) break;
    }
    co_await shutdown(stream, deadline);
  }

  void request_done() {
    if (--active_requests == 0) {
      { std::lock_guard lock(mu); }  // so stop() cannot miss the wake-up
      idle.notify_all();
    }
  }

  // The header; then, for a body beyond the normal limit, the site's admission; then the body.
  template <class Stream>
  asio::awaitable<Incoming> read_request(Stream& stream, Deadline& deadline,
                                         beast::flat_buffer& buffer, const std::string& peer) {
    Incoming out;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
    // Beast refuses a declared length beyond this at the header; the real limit comes below.
    parser.body_limit(std::max(opts.body_limit, opts.upload_limit));
    deadline.expires_after(seconds(opts.read_timeout_seconds));
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                       asio::as_tuple(asio::use_awaitable));
    if (hec == bhttp::error::body_limit) {
      out.refusal = too_large();
      co_return out;
    }
    if (deadline.fired()) co_return out;
    if (hec) {
      if (hec == bhttp::error::header_limit)
        out.refusal = refusal(431, "header_too_large", "Request headers are too large");
      else if (!quiet(hec) && hn > 0)
        out.refusal = refusal(400, "bad_request", "Malformed HTTP request");
      co_return out;
    }
    auto& head = parser.get();
    // RFC 9112 §6.1, §6.3: a request whose framing two parties could read differently (a
    // Transfer-Encoding beside a Content-Length, or one not ending in chunked) is refused and
    // the connection closed, so no tail of it is ever read as another request.
    if (head.count(bhttp::field::transfer_encoding) &&
        (head.count(bhttp::field::content_length) || !parser.chunked())) {
      out.refusal = refusal(400, "bad_request",
                            "Transfer-Encoding must end in chunked and comes without "
                            "Content-Length");
      co_return out;
    }
    Exchange ex;
    ex.version = head.version();
    ex.keep_alive = head.keep_alive();
    Request& req = ex.req;
    req.method = to_method(head.method());
    req.target = std::string(head.target());
    for (const auto& f : head) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, fresh] = req.headers.emplace(std::move(name), std::string(f.value()));
      if (!fresh) it->second += ", " + std::string(f.value());
    }
    auto incoming_id = req.header("x-request-id");
    req.request_id = safe_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
    // `peer` is already in canonical text; without proxies there is nothing more to parse.
    req.remote_ip = opts.proxies.enabled()
                        ? opts.proxies.client_address(peer, req.header("x-forwarded-for"))
                        : peer;
    req.from_trusted_proxy = opts.proxies.forwards(peer);
    if (!parse_target(req.target, req)) {
      out.refusal = refusal(400, "bad_request", "Malformed request target");
      co_return out;
    }
    ex.site = &site_for(req.path);

    auto declared = parser.content_length();
    bool chunked = parser.chunked();
    if (chunked || (declared && *declared > 0)) {
      std::size_t limit = opts.body_limit;
      if (chunked || *declared > opts.body_limit) {
        // Only what the site admits (an upload route, a caller allowed to use it) may be large;
        // the rest is refused before its body costs us anything.
        if (!ex.site->admit_large_body) {
          out.refusal = too_large();
          co_return out;
        }
        deadline.expires_never();
        const Site& site = *ex.site;
        auto refused = co_await on_pool(site, [&] { return site.admit_large_body(req); });
        if (refused) {
          out.refusal = std::move(*refused);
          co_return out;
        }
        limit = opts.upload_limit;
        deadline.expires_after(seconds(opts.read_timeout_seconds));
      }
      if (!ex.body.take(body_budget, declared ? static_cast<std::size_t>(*declared) : limit)) {
        out.refusal = refusal(503, "server_busy", "The server is busy; retry later", 2);
        co_return out;
      }
      parser.body_limit(limit);
      if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        deadline.expires_after(seconds(opts.write_timeout_seconds));
        auto [cec, cn] =
            co_await bhttp::async_write(stream, cont, asio::as_tuple(asio::use_awaitable));
        if (cec || deadline.fired()) co_return out;
        deadline.expires_after(seconds(opts.read_timeout_seconds));
      }
    }
    if (!parser.is_done()) {
      auto [bec, bn] =
          co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      if (deadline.fired()) co_return out;
      if (bec) {
        if (bec == bhttp::error::body_limit)
          out.refusal = too_large();
        else if (!quiet(bec))
          out.refusal = refusal(400, "bad_request", "Malformed HTTP request body");
        co_return out;
      }
    }
    // No deadline while the handler runs: an answer that is ready is written.
    deadline.expires_never();
    req.body = std::move(parser.get().body());
    out.exchange.emplace(std::move(ex));
    co_return out;
  }

  // Inline on this io thread when the site can, else on its pool. No deadline runs meanwhile:
  // the answer, however late, is written.
  asio::awaitable<Response> handle(Exchange& ex) {
    const Site& site = *ex.site;
    if (site.try_inline) {
      if (auto quick = site.try_inline(ex.req)) co_return std::move(*quick);
    }
    Request& req = ex.req;
    co_return co_await on_pool(site, [&] { return site.handle(req); });
  }

  template <class Stream>
  asio::awaitable<bool> write(Stream& stream, Deadline& deadline, Response&& r, unsigned version,
                              bool keep_alive, bool head) {
    bool has_body = status_allows_body(r.status);
    const std::string& body = r.shared_body ? *r.shared_body : r.body;
    std::string head_bytes =
        response_head(r, version, keep_alive, has_body ? body.size() : 0, opts.default_headers);
    std::array<asio::const_buffer, 2> out{asio::buffer(head_bytes), asio::const_buffer()};
    if (!head && has_body) out[1] = asio::buffer(body);
    deadline.expires_after(seconds(opts.write_timeout_seconds));
    auto [ec, n] = co_await asio::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
    co_return !ec && !deadline.fired();
  }

  // Answers and closes without reading the rest of the request; what the client still sends is
  // read and dropped for a moment, so closing does not reset the connection before the client
  // has read the answer.
  template <class Stream>
  asio::awaitable<void> refuse(Stream& stream, Deadline& deadline, Response res) {
    if (!co_await write(stream, deadline, std::move(res), 11, false, false)) co_return;
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      boost::system::error_code ec;
      stream.shutdown(tcp::socket::shutdown_send, ec);
    }
    deadline.expires_after(seconds(2));
    std::array<char, 16384> scratch;
    std::size_t total = 0;
    while (total < opts.upload_limit) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch),
                                                     asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      total += n;
    }
    co_await shutdown(stream, deadline);
  }

  asio::awaitable<void> shutdown(tcp::socket& stream, Deadline&) {
    boost::system::error_code ec;
    stream.shutdown(tcp::socket::shutdown_send, ec);
    co_return;
  }
  asio::awaitable<void> shutdown(beast::ssl_stream<tcp::socket>& stream, Deadline& deadline) {
    deadline.expires_after(seconds(2));
    co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  }
};

Server::Server(ServerOptions options, Site site)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(site))) {}

Server::Server(ServerOptions options, RequestHandler handler, InlineRequestHandler try_inline)
    : Server(std::move(options), Site{std::move(handler), std::move(try_inline), {}, nullptr}) {}

Server::~Server() {
  stop();
}

void Server::mount(std::string prefix, Site site) {
  auto& m = impl_->mounts;
  m.emplace_back(std::move(prefix), std::move(site));
  std::stable_sort(m.begin(), m.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

uint16_t Server::start() {
  auto& o = impl_->opts;
  if (!o.tls_cert_file.empty()) {
    impl_->tls.emplace(asio::ssl::context::tls_server);
    impl_->tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
    impl_->tls->use_certificate_chain_file(o.tls_cert_file);
    impl_->tls->use_private_key_file(o.tls_key_file, asio::ssl::context::pem);
  }
  auto addr = asio::ip::make_address(o.host == "localhost" ? "127.0.0.1" : o.host);
  tcp::endpoint ep(addr, o.port);
  auto& acc = impl_->acceptor;
  acc.open(ep.protocol());
  acc.set_option(asio::socket_base::reuse_address(true));
  acc.bind(ep);
  acc.listen(asio::socket_base::max_listen_connections);
  uint16_t port = acc.local_endpoint().port();
  int n = io_thread_count(o);
  impl_->single_io_thread = n == 1;
  asio::co_spawn(impl_->accept_strand, impl_->accept_loop(), log_failure("accept_loop"));
  for (int i = 0; i < n; ++i) impl_->io_threads.emplace_back([this] { impl_->ioc.run(); });
  return port;
}

void Server::wait_for_signal() {
  asio::io_context sig_ctx;
  asio::signal_set signals(sig_ctx, SIGINT, SIGTERM);
  signals.async_wait([](auto, int sig) { log::info("shutdown_requested", {{"signal", sig}}); });
  sig_ctx.run();
  stop();
}

void Server::stop() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
  }
  impl_->stopping = true;
  asio::post(impl_->accept_strand, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
  });
  {
    std::unique_lock lock(impl_->mu);
    impl_->idle.wait_for(lock, seconds(impl_->opts.drain_seconds),
                         [this] { return impl_->active_requests.load() == 0; });
  }
  impl_->ioc.stop();
  for (auto& t : impl_->io_threads)
    if (t.joinable()) t.join();
  // Before the connections' frames go with the io_context: no pool task may outlive them.
  impl_->own_pool.join();
  if (impl_->main_site.pool) impl_->main_site.pool->join();
  for (auto& [prefix, site] : impl_->mounts)
    if (site.pool) site.pool->join();
}

}  // namespace wolfix::http
