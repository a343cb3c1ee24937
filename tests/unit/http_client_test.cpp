// The kept-alive client: calls share connections, and a kept connection the server closed is
// never the cause of a failed call.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "http/client.hpp"
#include "http/server.hpp"

namespace wolfix::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string url(uint16_t port, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

TEST(HttpClient, CallsToOneOriginShareAKeptConnection) {
  ServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  o.worker_threads = 2;
  Server server(o, [](Request& req) { return Response::raw_json("\"" + req.body + "\""); });
  auto port = server.start();
  Client client;
  for (int i = 0; i < 5; ++i) {
    auto res = client.send({"POST", url(port, "/echo"), {}, "n" + std::to_string(i)});
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "\"n" + std::to_string(i) + "\"");
  }
  EXPECT_EQ(client.connections_opened(), 1u);
  client.close_idle();
  EXPECT_EQ(client.send({"GET", url(port, "/again")}).status, 200);
  EXPECT_EQ(client.connections_opened(), 2u);
  server.stop();
}

// A server that answers the first request of every connection (kept alive, as far as the
// client can tell) and then closes the connection: as it reads the second request
// (`close_on_second_read`), or right after the first answer.
class ClosingServer {
 public:
  ClosingServer(int connections, bool close_on_second_read)
      : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this, connections, close_on_second_read] {
      for (int i = 0; i < connections; ++i) {
        tcp::socket socket(ioc_);
        acceptor_.accept(socket);
        beast::flat_buffer buffer;
        bhttp::request<bhttp::string_body> req;
        bhttp::read(socket, buffer, req);
        bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
        res.body() = "{}";
        res.keep_alive(true);
        res.prepare_payload();
        bhttp::write(socket, res);
        ++answered_;
        if (close_on_second_read) {
          boost::system::error_code ec;
          bhttp::request<bhttp::string_body> next;
          bhttp::read(socket, buffer, next, ec);
        }
        socket.close();
      }
    });
  }
  ~ClosingServer() { thread_.join(); }
  uint16_t port() const { return port_; }
  int answered() const { return answered_.load(); }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<int> answered_{0};
  std::thread thread_;
};

TEST(HttpClient, AKeptConnectionClosedWhileIdleIsNotReused) {
  ClosingServer server(2, false);
  Client client;
  EXPECT_EQ(client.send({"GET", url(server.port(), "/a")}).status, 200);
  // The server has closed it by now (or does so as the next call looks): a new connection.
  while (server.answered() < 1) std::this_thread::yield();
  EXPECT_EQ(client.send({"GET", url(server.port(), "/b")}).status, 200);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpClient, ARequestTheServerClosedOnUnansweredGoesOnceMoreOnANewConnection) {
  ClosingServer server(2, true);
  Client client;
  EXPECT_EQ(
      client.send({"POST", url(server.port(), "/a"), {{"Idempotency-Key", "k1"}}, "x"}).status,
      200);
  // The kept connection is open when taken; the server reads the request and closes it.
  auto res = client.send({"POST", url(server.port(), "/b"), {{"Idempotency-Key", "k2"}}, "y"});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "{}");
  EXPECT_EQ(client.connections_opened(), 2u);
  EXPECT_EQ(server.answered(), 2);
}

// The whole exchange has one deadline: a server that takes the connection and never answers
// ends in a timeout, not a hang.
TEST(HttpClient, ASilentServerIsATimeout) {
  asio::io_context ioc;
  tcp::acceptor silent(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  Client client;
  ClientRequest req{"POST", url(silent.local_endpoint().port(), "/"), {}, "x", 2000, 200};
  try {
    client.send(req);
    FAIL() << "answered";
  } catch (const ConnectionError& e) {
    EXPECT_TRUE(e.timeout()) << e.what();
  }
}

TEST(HttpClient, NothingListeningIsAConnectionError) {
  uint16_t port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  Client client;
  EXPECT_THROW(client.send({"GET", url(port, "/")}), ConnectionError);
}

}  // namespace
}  // namespace wolfix::http
