#include "http/deadline.hpp"

namespace wolfix::http {

struct Deadline::State {
  explicit State(boost::asio::ip::tcp::socket& s) : timer(s.get_executor()), socket(&s) {}
  boost::asio::steady_timer timer;
  boost::asio::ip::tcp::socket* socket;  // null once the connection is gone
  Clock::time_point deadline = Clock::time_point::max();
  Clock::time_point armed_for = Clock::time_point::max();  // max: no wait pending
  uint64_t wait = 0;  // the pending wait's number; a cancelled one finds it changed
  bool fired = false;
};

Deadline::Deadline(boost::asio::ip::tcp::socket& socket) : s_(std::make_shared<State>(socket)) {}

Deadline::~Deadline() {
  s_->socket = nullptr;
  ++s_->wait;
  s_->timer.cancel();
}

void Deadline::arm(const std::shared_ptr<State>& s) {
  s->armed_for = s->deadline;
  s->timer.expires_at(s->deadline);  // cancels a pending wait, whose number is now stale
  s->timer.async_wait([s, wait = ++s->wait](const boost::system::error_code& ec) {
    if (wait != s->wait) return;
    s->armed_for = Clock::time_point::max();
    if (ec || !s->socket || s->deadline == Clock::time_point::max()) return;
    if (Clock::now() < s->deadline) {
      arm(s);  // the deadline moved later meanwhile
      return;
    }
    s->fired = true;
    boost::system::error_code ignored;
    s->socket->close(ignored);  // the operation in progress completes with an error
  });
}

void Deadline::expires_after(Clock::duration d) {
  if (s_->fired) return;
  s_->deadline = Clock::now() + d;
  if (s_->deadline < s_->armed_for) arm(s_);
}

void Deadline::expires_never() {
  s_->deadline = Clock::time_point::max();
}

bool Deadline::fired() const {
  return s_->fired;
}

}  // namespace wolfix::http
