#pragma once
// A connection's deadline: the socket is closed when the phase in progress (reading a request,
// writing an answer) overruns it. This is the slow-client (slowloris) defence.
//
// Beast's tcp_stream does the same by arming and cancelling a timer around every read and write,
// which was ~10% of the io thread's CPU on a cached page. Here a phase only records its deadline
// (a clock read and a store); the connection's one timer is re-armed when it fires early (the
// deadline moved later, the common case) or when a deadline moves earlier than it is armed for.
// All of it runs on the connection's executor, with the reads and writes it guards.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

namespace wolfix::http {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  Deadline(boost::asio::ip::tcp::socket& socket);
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  void expires_after(Clock::duration d);
  void expires_never();
  // The deadline passed and the socket was closed. Checked after an operation that completed:
  // its completion may have been queued just before the timer closed the socket, and a request
  // read that way must not be handled (its answer could not be written).
  bool fired() const;

 private:
  struct State;
  static void arm(const std::shared_ptr<State>& s);
  std::shared_ptr<State> s_;
};

}  // namespace wolfix::http
