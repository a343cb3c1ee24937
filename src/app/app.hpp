#pragma once
// Wiring: builds the database, the services of every module and the route table once, and
// owns their lifetimes. Tests construct an App on port 0 with a fresh database.
#include <memory>

#include "app/config.hpp"
#include "common/clock.hpp"

namespace wolfix::db {
class Database;
}
namespace wolfix::payment {
class CardPayments;
}
namespace wolfix::review {
class ReviewService;
}
namespace wolfix::notify {
class Outbox;
}
namespace wolfix::identity {
class TokenService;
}
namespace wolfix::payment {
class Gateway;
}

namespace wolfix {

class App {
 public:
  explicit App(Config config, std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());
  ~App();

  // Migrates the database, then binds and serves in background threads. Returns the port.
  uint16_t start();
  void wait_for_signal();
  void stop();

  const Config& config() const;
  db::Database& database();
  Clock& clock();
  identity::TokenService& tokens();
  payment::CardPayments& card_payments();
  notify::Outbox& outbox();
  review::ReviewService& reviews();
  payment::Gateway& payment_gateway();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wolfix
