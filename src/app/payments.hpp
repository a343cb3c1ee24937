#pragma once
// Payments wiring: the provider gateway every order use case calls, and, when no Stripe secret
// key is configured, the built-in sandbox it talks to (mounted on this listener under
// /sandbox/stripe) with its webhook delivery job. Owned by App.
#include <cstdint>
#include <memory>

#include "app/config.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"
#include "http/router.hpp"
#include "payment/gateway.hpp"

namespace wolfix {

class Payments {
 public:
  Payments(const Config& config, db::Database& db, Clock& clock);
  ~Payments();

  // GET /api/payments/config.
  void register_routes(http::Router& router);
  // The sandbox's routes under /sandbox/stripe when it is the provider (false when not). They
  // go to a router of their own, served on a pool of their own: the gateway calls them over
  // HTTP from handlers running on the main pool.
  bool register_sandbox_routes(http::Router& router);
  // Once the listener is bound: points the gateway and the webhook job at this node, then
  // starts the job. `self` is this node's handler for every path (the sandbox's under
  // /sandbox/ included): the gateway's calls to the node's own sandbox and the deliveries to
  // its own /webhooks/stripe go to it in-process, the same HTTP requests and answers without a
  // socket (http/local_exchange.hpp). Without it they go over the loopback listener.
  void start(uint16_t bound_port, http::Handler self = {});
  void stop();

  payment::Gateway& gateway();
  bool sandbox_enabled() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs the sandbox on its own (`wolfix sandbox`): Stripe's routes at the root ("/v1/...") and
// under /sandbox/stripe. Blocks until SIGINT/SIGTERM.
int run_sandbox_server(const Config& config);

}  // namespace wolfix
