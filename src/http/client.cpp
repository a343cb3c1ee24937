#include "http/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>

namespace wolfix::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Every step is asynchronous: Beast's stream timeouts (expires_after) apply only to async
// operations, so a blocking read would otherwise wait for a silent server forever.
template <class Stream>
asio::awaitable<ClientResponse> exchange(Stream& stream, const ClientRequest& r,
                                         const std::string& host, const std::string& target) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), target, 11};
  req.set(bhttp::field::host, host);
  req.set(bhttp::field::user_agent, "wolfix");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  req.body() = r.body;
  req.prepare_payload();
  co_await bhttp::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 << 20);
  co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
  auto res = parser.release();
  ClientResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = std::move(res.body());
  co_return out;
}

asio::awaitable<ClientResponse> run(const ClientRequest& r, bool https, std::string host,
                                    std::string port, std::string host_header,
                                    std::string target) {
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
  beast::tcp_stream tcp_stream(ex);
  tcp_stream.expires_after(std::chrono::milliseconds(r.connect_timeout_ms));
  co_await tcp_stream.async_connect(endpoints, asio::use_awaitable);
  if (!https) {
    tcp_stream.expires_after(std::chrono::milliseconds(r.timeout_ms));
    auto res = co_await exchange(tcp_stream, r, host_header, target);
    boost::system::error_code ec;
    tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return res;
  }
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_default_verify_paths();
  ctx.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  stream.set_verify_callback(asio::ssl::host_name_verification(host));
  beast::get_lowest_layer(stream).expires_after(std::chrono::milliseconds(r.timeout_ms));
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  auto res = co_await exchange(stream, r, host_header, target);
  auto [ec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  (void)ec;
  co_return res;
}

}  // namespace

ClientResponse send(const ClientRequest& r) {
  auto url = boost::urls::parse_uri(r.url);
  if (!url) throw std::invalid_argument("bad URL: " + r.url);
  bool https = url->scheme() == "https";
  if (!https && url->scheme() != "http") throw std::invalid_argument("unsupported scheme: " + r.url);
  std::string host = url->host();
  std::string port = url->has_port() ? std::string(url->port()) : (https ? "443" : "80");
  std::string target = std::string(url->encoded_path());
  if (target.empty()) target = "/";
  if (url->has_query()) target += "?" + std::string(url->encoded_query());
  std::string host_header = url->has_port() ? host + ":" + port : host;

  asio::io_context ioc;
  auto result = asio::co_spawn(ioc, run(r, https, host, port, host_header, target),
                               asio::use_future);
  ioc.run();
  try {
    return result.get();
  } catch (const boost::system::system_error& e) {
    bool timeout = e.code() == beast::error::timeout;
    throw ConnectionError(r.method + " " + r.url + ": " + e.code().message(), timeout);
  }
}

}  // namespace wolfix::http
