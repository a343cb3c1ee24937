#pragma once
// Webhook delivery: a background thread that POSTs each pending delivery to the configured
// endpoint, signed with Stripe-Signature, and retries with backoff until a 2xx comes back.
// Pending deliveries live in the database (they survive restarts) and are claimed with a lease
// (FOR UPDATE SKIP LOCKED on PostgreSQL), so several nodes can run this job at once.
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "db/db.hpp"
#include "http/client.hpp"

namespace wolfix::sandbox {

struct Delivery;

struct DeliveryOptions {
  std::string endpoint;              // where events go; empty = no delivery
  std::vector<std::string> secrets;  // one v1 signature per secret (a rolling secret has two)
  int64_t retry_base_ms = 1000;
  int poll_ms = 500;
  int timeout_ms = 10000;
  int batch = 16;
  // Deliveries of different objects in flight at once (those of one object go in order, one
  // after the other): a receiver's answer waits for its durable commit, so one at a time could
  // not keep up with a busy shop.
  int concurrency = 8;
};

class WebhookSender {
 public:
  WebhookSender(db::Database& db, Clock& clock, DeliveryOptions options);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void set_endpoint(std::string url);  // before start()
  // The endpoint is this very node: deliveries are handed to `site` in-process (the same signed
  // POST, without a socket; http::Client::serve_in_process).
  void deliver_in_process(http::Handler site);
  void start();
  // Finishes the attempt in flight, then stops; pending deliveries stay in the database.
  void stop();
  // Something new may be due: look now rather than at the next poll.
  void notify();
  // Runs one claim-and-send round on the calling thread; returns how many were attempted.
  int run_once();

 private:
  struct Attempt {
    int status = 0;
    std::string error;
    bool ok() const { return status >= 200 && status < 300; }
  };
  void loop();
  Attempt send(const Delivery& d);
  bool stopping();

  db::Database& db_;
  Clock& clock_;
  DeliveryOptions options_;
  std::string owner_;
  http::Client client_;  // kept-alive connections to the endpoint, not one per delivery
  std::thread thread_;
  // Sends beside the loop's thread while started (concurrency - 1 threads).
  std::unique_ptr<boost::asio::thread_pool> helpers_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace wolfix::sandbox
