#include "http/client.hpp"

#include <boost/asio/connect.hpp>
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

template <class Stream>
ClientResponse exchange(Stream& stream, const ClientRequest& r, const std::string& host,
                        const std::string& target) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), target, 11};
  req.set(bhttp::field::host, host);
  req.set(bhttp::field::user_agent, "wolfix");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  req.body() = r.body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 << 20);
  bhttp::read(stream, buffer, parser);
  auto res = parser.release();
  ClientResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = std::move(res.body());
  return out;
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
  try {
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(host, port);
    beast::tcp_stream tcp_stream(ioc);
    tcp_stream.expires_after(std::chrono::milliseconds(r.connect_timeout_ms));
    tcp_stream.connect(endpoints);
    if (!https) {
      tcp_stream.expires_after(std::chrono::milliseconds(r.timeout_ms));
      auto res = exchange(tcp_stream, r, host_header, target);
      boost::system::error_code ec;
      tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      return res;
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    beast::get_lowest_layer(stream).expires_after(std::chrono::milliseconds(r.timeout_ms));
    stream.handshake(asio::ssl::stream_base::client);
    auto res = exchange(stream, r, host_header, target);
    boost::system::error_code ec;
    stream.shutdown(ec);
    return res;
  } catch (const boost::system::system_error& e) {
    bool timeout = e.code() == beast::error::timeout;
    throw ConnectionError(r.method + " " + r.url + ": " + e.code().message(), timeout);
  }
}

}  // namespace wolfix::http
