#include "http/client.hpp"

#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "http/local_exchange.hpp"

namespace wolfix::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Target {
  bool https = false;
  std::string host, port, host_header, path;
  std::string origin;  // scheme://host:port, the key of the idle connections
};

Target parse_target(const std::string& url_text) {
  auto url = boost::urls::parse_uri(url_text);
  if (!url) throw std::invalid_argument("bad URL: " + url_text);
  Target t;
  t.https = url->scheme() == "https";
  if (!t.https && url->scheme() != "http")
    throw std::invalid_argument("unsupported scheme: " + url_text);
  t.host = url->host();
  t.port = url->has_port() ? std::string(url->port()) : (t.https ? "443" : "80");
  t.path = std::string(url->encoded_path());
  if (t.path.empty()) t.path = "/";
  if (url->has_query()) t.path += "?" + std::string(url->encoded_query());
  t.host_header = url->has_port() ? t.host + ":" + t.port : t.host;
  t.origin = std::string(url->scheme()) + "://" + t.host + ":" + t.port;
  return t;
}

// One connection with the io_context its operations run on; used by one call at a time.
struct Connection {
  asio::io_context ioc;  // first: destroyed after the streams that use it
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  SteadyClock::time_point idle_since;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  // Still open, with nothing unread: the server neither closed it nor sent anything unasked.
  bool reusable() {
    char byte;
    auto n = ::recv(lowest().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

// Every step is asynchronous: Beast's stream timeouts (expires_after) apply only to async
// operations, so a blocking read would otherwise wait for a silent server forever. Each runs on
// the connection's own io_context, on the calling thread.
template <class T>
T run_on(asio::io_context& ioc, asio::awaitable<T> op) {
  ioc.restart();
  auto result = asio::co_spawn(ioc, std::move(op), asio::use_future);
  ioc.run();
  return result.get();
}

// The endpoints of the host without a resolver thread: asio's asynchronous resolver starts one
// per io_context, which cost a thread per call. An address is used as it is; a name is resolved
// on the calling thread (it blocks anyway).
std::vector<tcp::endpoint> endpoints_of(const Target& t) {
  boost::system::error_code ec;
  auto port = static_cast<unsigned short>(std::stoi(t.port));
  auto address = asio::ip::make_address(t.host, ec);
  if (!ec) return {tcp::endpoint(address, port)};
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  std::vector<tcp::endpoint> out;
  for (const auto& e : resolver.resolve(t.host, t.port)) out.push_back(e.endpoint());
  return out;
}

asio::awaitable<void> connect(Connection& c, const Target& t, const ClientRequest& r,
                              asio::ssl::context* tls_context) {
  auto ex = co_await asio::this_coro::executor;
  auto endpoints = endpoints_of(t);
  c.plain.emplace(ex);
  c.plain->expires_after(std::chrono::milliseconds(r.connect_timeout_ms));
  co_await c.plain->async_connect(endpoints, asio::use_awaitable);
  // A request is written in one piece and its answer awaited: nothing for Nagle to gather, and
  // on a reused connection it would hold the next request for the peer's delayed ACK.
  c.plain->socket().set_option(tcp::no_delay(true));
  if (!t.https) co_return;
  c.tls.emplace(std::move(*c.plain), *tls_context);
  c.plain.reset();
  SSL_set_tlsext_host_name(c.tls->native_handle(), t.host.c_str());
  c.tls->set_verify_callback(asio::ssl::host_name_verification(t.host));
  beast::get_lowest_layer(*c.tls).expires_after(std::chrono::milliseconds(r.timeout_ms));
  co_await c.tls->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
}

struct Exchanged {
  ClientResponse response;
  bool keep_alive = false;
};

// A read response as the client returns it (header names lower-cased), and whether its
// connection may carry another exchange.
Exchanged exchanged(bhttp::response_parser<bhttp::string_body>& parser) {
  Exchanged out;
  out.keep_alive = parser.keep_alive() && !parser.need_eof();
  auto res = parser.release();
  out.response.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.response.headers[name] = std::string(f.value());
  }
  out.response.body = std::move(res.body());
  return out;
}

template <class Stream>
asio::awaitable<Exchanged> exchange(Stream& stream, beast::flat_buffer& buffer,
                                    const bhttp::request<bhttp::string_body>& req, bool& got_some) {
  auto [wec, wn] = co_await bhttp::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
  if (wec) throw boost::system::system_error(wec);
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 << 20);
  auto [rec, rn] =
      co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  got_some = parser.got_some();
  if (rec) throw boost::system::system_error(rec);
  co_return exchanged(parser);
}

// A plain connection's socket, read and written with blocking calls bounded by one deadline for
// the whole exchange: a provider call or a delivery is one write and one read, and the
// coroutine, future and reactor round of an asynchronous exchange cost more than the syscalls.
class DeadlineSocket {
 public:
  DeadlineSocket(int fd, SteadyClock::time_point deadline) : fd_(fd), deadline_(deadline) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers);
         ++it) {
      asio::mutable_buffer b = *it;
      if (b.size() == 0) continue;
      auto n =
          when_ready(POLLIN, ec, [&] { return ::recv(fd_, b.data(), b.size(), MSG_DONTWAIT); });
      if (n == 0 && !ec) ec = asio::error::eof;
      return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    return 0;
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    return or_throw([&](boost::system::error_code& ec) { return read_some(buffers, ec); });
  }

  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    iovec iov[16];
    int count = 0;
    for (auto it = asio::buffer_sequence_begin(buffers);
         it != asio::buffer_sequence_end(buffers) && count < 16; ++it) {
      asio::const_buffer b = *it;
      if (b.size() == 0) continue;
      iov[count].iov_base = const_cast<void*>(b.data());
      iov[count].iov_len = b.size();
      ++count;
    }
    if (count == 0) return 0;
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<std::size_t>(count);
    auto n =
        when_ready(POLLOUT, ec, [&] { return ::sendmsg(fd_, &msg, MSG_DONTWAIT | MSG_NOSIGNAL); });
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    return or_throw([&](boost::system::error_code& ec) { return write_some(buffers, ec); });
  }

 private:
  // The throwing form of an operation that reports through an error_code (Beast's SyncStream
  // needs both).
  template <class Op>
  static std::size_t or_throw(Op&& op) {
    boost::system::error_code ec;
    auto n = op(ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  // call() (a non-blocking recv or send) once the socket is ready for `events`, again while it
  // would block; its result, or -1 with `ec` set (its error, or a timeout at the deadline).
  template <class Call>
  ssize_t when_ready(short events, boost::system::error_code& ec, Call&& call) {
    for (;;) {
      if (!wait(events, ec)) return -1;
      ssize_t n = call();
      if (n >= 0) return n;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        ec = boost::system::error_code(errno, boost::system::system_category());
        return -1;
      }
    }
  }
  // Waits until the socket is ready for `events`; false (with a timeout) once the deadline passed.
  bool wait(short events, boost::system::error_code& ec) {
    for (;;) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - SteadyClock::now())
              .count();
      if (left <= 0) {
        ec = beast::error::timeout;
        return false;
      }
      pollfd p{fd_, events, 0};
      int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1 << 30)));
      if (r > 0) return true;  // ready, or an error/hang-up the next call reports
      if (r < 0 && errno != EINTR) {
        ec = boost::system::error_code(errno, boost::system::system_category());
        return false;
      }
    }
  }

  int fd_;
  SteadyClock::time_point deadline_;
};

Exchanged exchange_plain(Connection& c, const bhttp::request<bhttp::string_body>& req,
                         int timeout_ms, bool& got_some) {
  DeadlineSocket socket(c.plain->socket().native_handle(),
                        SteadyClock::now() + std::chrono::milliseconds(timeout_ms));
  boost::system::error_code ec;
  bhttp::write(socket, req, ec);
  if (ec) throw boost::system::system_error(ec);
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 << 20);
  bhttp::read(socket, c.buffer, parser, ec);
  got_some = parser.got_some();
  if (ec) throw boost::system::system_error(ec);
  return exchanged(parser);
}

asio::awaitable<Exchanged> exchange_on(Connection& c, const bhttp::request<bhttp::string_body>& req,
                                       int timeout_ms, bool& got_some) {
  c.lowest().expires_after(std::chrono::milliseconds(timeout_ms));
  if (c.tls) co_return co_await exchange(*c.tls, c.buffer, req, got_some);
  co_return co_await exchange(*c.plain, c.buffer, req, got_some);
}

}  // namespace

struct Client::Impl {
  ClientOptions options;
  std::mutex mu;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::atomic<uint64_t> opened{0};
  std::atomic<uint64_t> local_exchanges{0};
  std::string local_origin;                   // guarded by mu
  std::shared_ptr<const Handler> local_site;  // guarded by mu
  std::once_flag tls_once;
  std::unique_ptr<asio::ssl::context> tls_context;

  asio::ssl::context* tls() {
    std::call_once(tls_once, [this] {
      // Loading the system's CA store is the costly part: once per client, not per call.
      tls_context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
      tls_context->set_default_verify_paths();
      tls_context->set_verify_mode(asio::ssl::verify_peer);
    });
    return tls_context.get();
  }

  std::unique_ptr<Connection> take(const std::string& origin) {
    std::lock_guard lock(mu);
    auto it = idle.find(origin);
    if (it == idle.end()) return nullptr;
    auto oldest = SteadyClock::now() - std::chrono::milliseconds(options.max_idle_ms);
    while (!it->second.empty()) {
      auto c = std::move(it->second.back());
      it->second.pop_back();
      if (c->idle_since >= oldest && c->reusable()) return c;
    }
    return nullptr;
  }

  void give_back(const std::string& origin, std::unique_ptr<Connection> c) {
    c->idle_since = SteadyClock::now();
    std::lock_guard lock(mu);
    auto& list = idle[origin];
    if (list.size() < options.max_idle_per_origin) list.push_back(std::move(c));
  }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

Client::~Client() = default;

uint64_t Client::connections_opened() const {
  return impl_->opened.load();
}

void Client::serve_in_process(const std::string& base_url, Handler site) {
  std::string origin = site ? parse_target(base_url).origin : "";
  std::lock_guard lock(impl_->mu);
  impl_->local_origin = std::move(origin);
  impl_->local_site = site ? std::make_shared<const Handler>(std::move(site)) : nullptr;
}

uint64_t Client::in_process_exchanges() const {
  return impl_->local_exchanges.load();
}

void Client::close_idle() {
  std::lock_guard lock(impl_->mu);
  impl_->idle.clear();
}

ClientResponse Client::send(const ClientRequest& r) {
  Target t = parse_target(r.url);
  std::shared_ptr<const Handler> local;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->local_site && impl_->local_origin == t.origin) local = impl_->local_site;
  }
  if (local) {
    ++impl_->local_exchanges;
    return exchange_in_process(*local, r, t.path, t.host_header);
  }
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), t.path, 11};
  req.set(bhttp::field::host, t.host_header);
  req.set(bhttp::field::user_agent, "wolfix");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  req.body() = r.body;
  req.prepare_payload();
  bool fresh_only = false;
  for (;;) {
    auto c = fresh_only ? nullptr : impl_->take(t.origin);
    bool reused = c != nullptr;
    bool got_some = false;
    try {
      if (!c) {
        c = std::make_unique<Connection>();
        ++impl_->opened;
        run_on(c->ioc, connect(*c, t, r, t.https ? impl_->tls() : nullptr));
      }
      auto done = c->tls ? run_on(c->ioc, exchange_on(*c, req, r.timeout_ms, got_some))
                         : exchange_plain(*c, req, r.timeout_ms, got_some);
      if (done.keep_alive && c->buffer.size() == 0) impl_->give_back(t.origin, std::move(c));
      return std::move(done.response);
    } catch (const boost::system::system_error& e) {
      bool timeout = e.code() == beast::error::timeout;
      // The server closed a kept connection as this request went out: nothing was answered,
      // so the request goes once more, on a new connection.
      if (reused && !got_some && !timeout) {
        fresh_only = true;
        continue;
      }
      throw ConnectionError(r.method + " " + r.url + ": " + e.code().message(), timeout);
    }
  }
}

ClientResponse send(const ClientRequest& request) {
  Client one_shot({0, 0});
  return one_shot.send(request);
}

}  // namespace wolfix::http
