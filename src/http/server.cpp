#include "http/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <optional>
#include <thread>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/dispatcher.hpp"
#include "http/target.hpp"

namespace wolfix::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

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

// Takes the body by move: a catalog page is kilobytes, copied once per request otherwise.
bhttp::response<bhttp::string_body> to_beast(Response&& r, unsigned version, bool keep_alive,
                                             bool head) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "wolfix");
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.insert(k, v);
  res.keep_alive(keep_alive);
  if (head) {
    res.content_length(r.body.size());
  } else {
    res.body() = std::move(r.body);
    res.prepare_payload();
  }
  return res;
}

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  RequestHandler handler;
  InlineRequestHandler try_inline;
  asio::io_context ioc;
  asio::thread_pool workers;
  std::optional<asio::thread_pool> isolated;
  std::optional<asio::ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> io_threads;
  std::atomic<bool> stopping{false};
  std::atomic<int> active_requests{0};
  std::atomic<uint64_t> next_id{0};
  std::string id_prefix = to_hex(random_alnum(4)).substr(0, 8);
  std::mutex mu;
  std::condition_variable idle;
  bool stopped = false;

  Impl(ServerOptions o, RequestHandler h, InlineRequestHandler i)
      : opts(std::move(o)),
        handler(std::move(h)),
        try_inline(std::move(i)),
        workers(std::max(1, opts.worker_threads)) {
    if (!opts.isolated_prefix.empty() && opts.isolated_workers > 0)
      isolated.emplace(opts.isolated_workers);
  }

  std::string new_request_id() { return id_prefix + "-" + std::to_string(++next_id); }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        log::warn("accept_failed", {{"error", ec.message()}});
        continue;
      }
      socket.set_option(tcp::no_delay(true));
      auto ex = socket.get_executor();
      if (tls) {
        asio::co_spawn(ex, tls_session(std::move(socket)), asio::detached);
      } else {
        asio::co_spawn(ex, session(beast::tcp_stream(std::move(socket))), asio::detached);
      }
    }
  }

  asio::awaitable<void> tls_session(tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(opts.read_timeout_seconds));
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    co_await session(std::move(stream));
  }

  template <class Stream>
  asio::awaitable<void> session(Stream stream) {
    beast::flat_buffer buffer;
    std::string remote;
    {
      boost::system::error_code ec;
      auto ep = beast::get_lowest_layer(stream).socket().remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string();
    }
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
      // The real limit depends on the content type, known only after the header.
      parser.body_limit(std::max(opts.body_limit, opts.upload_limit));
      beast::get_lowest_layer(stream).expires_after(
          std::chrono::seconds(opts.read_timeout_seconds));
      auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                         asio::as_tuple(asio::use_awaitable));
      if (hec == bhttp::error::body_limit) {
        co_await write_error(stream, 413, "body_too_large", "Request body is too large");
        co_await drain(stream);
        break;
      }
      if (hec) {
        if (hec == bhttp::error::header_limit)
          co_await write_error(stream, 431, "header_too_large", "Request headers are too large");
        else if (hec != bhttp::error::end_of_stream && hec != asio::error::eof &&
                 hec != beast::error::timeout && hec != asio::error::connection_reset &&
                 hec != asio::error::operation_aborted && hn > 0)
          co_await write_error(stream, 400, "bad_request", "Malformed HTTP request");
        break;
      }
      auto& head_msg = parser.get();
      std::size_t limit = head_msg[bhttp::field::content_type].starts_with("multipart/form-data")
                              ? opts.upload_limit
                              : opts.body_limit;
      auto declared = parser.content_length();
      if (declared && *declared > limit) {
        co_await write_error(stream, 413, "body_too_large", "Request body is too large");
        co_await drain(stream);
        break;
      }
      parser.body_limit(limit);
      if (beast::iequals(head_msg[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        co_await bhttp::async_write(stream, cont, asio::as_tuple(asio::use_awaitable));
      }
      auto [bec, bn] =
          co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      if (bec) {
        if (bec == bhttp::error::body_limit) {
          co_await write_error(stream, 413, "body_too_large", "Request body is too large");
          co_await drain(stream);
        } else if (bec != beast::error::timeout && bec != asio::error::eof) {
          co_await write_error(stream, 400, "bad_request", "Malformed HTTP request body");
        }
        break;
      }
      auto breq = parser.release();

      Request req;
      req.method = to_method(breq.method());
      req.target = std::string(breq.target());
      req.remote_ip = remote;
      for (const auto& f : breq) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto [it, fresh] = req.headers.emplace(std::move(name), std::string(f.value()));
        if (!fresh) it->second += ", " + std::string(f.value());
      }
      auto incoming_id = req.header("x-request-id");
      req.request_id = safe_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
      if (opts.trust_forwarded_for) {
        auto fwd = req.header("x-forwarded-for");
        if (!fwd.empty()) {
          auto first = fwd.substr(0, fwd.find(','));
          while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
          while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
          req.remote_ip = std::string(first);
        }
      }
      req.body = std::move(breq.body());
      bool keep_alive = breq.keep_alive() && !stopping;
      bool head = req.method == Method::head;

      Response res;
      if (!parse_target(req.target, req)) {
        res = error_response(400, "bad_request", "Malformed request target");
      } else {
        ++active_requests;
        bool isolate = isolated && req.path.starts_with(opts.isolated_prefix);
        std::optional<Response> quick;
        if (try_inline && !isolate) quick = try_inline(req);
        // Otherwise hop to the worker pool for the handler, then back to this connection's io
        // thread.
        auto run = [this, &req]() -> asio::awaitable<Response> { co_return handler(req); };
        if (quick)
          res = std::move(*quick);
        else if (isolate)
          res = co_await asio::co_spawn(*isolated, run, asio::use_awaitable);
        else
          res = co_await asio::co_spawn(workers, run, asio::use_awaitable);
        if (--active_requests == 0) {
          { std::lock_guard lock(mu); }  // so stop() cannot miss the wake-up
          idle.notify_all();
        }
      }
      if (res.drop_connection) {
        boost::system::error_code ec;
        beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(stream).socket().close(ec);
        co_return;
      }
      keep_alive = keep_alive && !stopping;
      auto out = to_beast(std::move(res), breq.version(), keep_alive, head);
      auto [wec, wn] =
          co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
      if (wec || !keep_alive) break;
    }
    co_await shutdown(stream);
  }

  template <class Stream>
  asio::awaitable<void> write_error(Stream& stream, int status, std::string code, std::string msg) {
    auto res = to_beast(error_response(status, code, msg), 11, false, false);
    co_await bhttp::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
  }

  // Reads and discards what the client is still sending, so closing does not reset the
  // connection before the client has read our error answer.
  template <class Stream>
  asio::awaitable<void> drain(Stream& stream) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    std::array<char, 16384> scratch;
    std::size_t total = 0;
    while (total < (64u << 20)) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch),
                                                     asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      total += n;
    }
  }

  asio::awaitable<void> shutdown(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    co_return;
  }
  asio::awaitable<void> shutdown(beast::ssl_stream<beast::tcp_stream>& stream) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  }
};

Server::Server(ServerOptions options, RequestHandler handler, InlineRequestHandler try_inline)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(try_inline))) {
}

Server::~Server() {
  stop();
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
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  int n = o.io_threads > 0 ? o.io_threads : std::max(1u, std::thread::hardware_concurrency());
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
  asio::post(impl_->ioc, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
  });
  {
    std::unique_lock lock(impl_->mu);
    impl_->idle.wait_for(lock, std::chrono::seconds(impl_->opts.drain_seconds),
                         [this] { return impl_->active_requests.load() == 0; });
  }
  impl_->ioc.stop();
  for (auto& t : impl_->io_threads)
    if (t.joinable()) t.join();
  impl_->workers.join();
  if (impl_->isolated) impl_->isolated->join();
}

}  // namespace wolfix::http
