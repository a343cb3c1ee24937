// The server's native HTTPS (WOLFIX_TLS_CERT/KEY): answers over TLS on a kept-alive connection,
// and the read deadline also covers a client that connects and never starts its handshake.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "http/server.hpp"

namespace wolfix::http {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

class ServerTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wolfix-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    ServerOptions o;
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 2;
    o.read_timeout_seconds = 1;
    o.tls_cert_file = (dir_ / "cert.pem").string();
    o.tls_key_file = (dir_ / "key.pem").string();
    server_ = std::make_unique<Server>(
        o, [](Request& req) { return Response::raw_json("{\"path\":\"" + req.path + "\"}"); });
    port_ = server_->start();
  }
  void TearDown() override {
    if (server_) server_->stop();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

std::string answer_to(asio::ssl::stream<tcp::socket>& s, const std::string& path) {
  asio::write(s, asio::buffer("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  std::string got;
  std::array<char, 4096> buf;
  while (got.find("}") == std::string::npos) got.append(buf.data(), s.read_some(asio::buffer(buf)));
  return got;
}

TEST_F(ServerTls, AnswersOverTlsOnAKeptAliveConnection) {
  asio::io_context ctx;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.load_verify_file((dir_ / "cert.pem").string());
  tls.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<tcp::socket> s(ctx, tls);
  s.next_layer().connect({asio::ip::make_address("127.0.0.1"), port_});
  s.handshake(asio::ssl::stream_base::client);
  auto first = answer_to(s, "/one");
  EXPECT_EQ(first.rfind("HTTP/1.1 200", 0), 0u) << first;
  EXPECT_NE(first.find(R"({"path":"/one"})"), std::string::npos) << first;
  auto second = answer_to(s, "/two");
  EXPECT_NE(second.find(R"({"path":"/two"})"), std::string::npos) << second;
}

TEST_F(ServerTls, AClientThatNeverHandshakesIsClosedAtTheReadDeadline) {
  asio::io_context ctx;
  tcp::socket s(ctx);
  s.connect({asio::ip::make_address("127.0.0.1"), port_});
  s.non_blocking(true);
  bool closed = false;
  std::array<char, 256> buf;
  for (auto until = std::chrono::steady_clock::now() + 15s;
       !closed && std::chrono::steady_clock::now() < until;) {
    boost::system::error_code ec;
    s.read_some(asio::buffer(buf), ec);
    closed = ec && ec != asio::error::would_block;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace wolfix::http
