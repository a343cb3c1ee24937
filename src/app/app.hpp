#pragma once
// Wiring: builds the database, the services of every module and the route table once, and
// owns their lifetimes. Tests construct an App on port 0 with a fresh database.
#include <memory>
#include <string>
#include <vector>

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
  // The API reference checked against the routes: "METHOD /pattern" registered without a
  // description (src/<module>/api.json), and described without being registered.
  const std::vector<std::string>& undocumented_routes() const;
  const std::vector<std::string>& unrouted_descriptions() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wolfix
