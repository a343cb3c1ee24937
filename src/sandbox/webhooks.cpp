#include "sandbox/webhooks.hpp"

#include <atomic>
#include <boost/asio/post.hpp>
#include <latch>
#include <map>
#include <optional>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/client.hpp"
#include "jobs/runner.hpp"
#include "sandbox/events.hpp"
#include "sandbox/store.hpp"

namespace wolfix::sandbox {
namespace {

// A stale delivery is signed this far in the past, beyond the receivers' 300 s tolerance.
constexpr int64_t kStaleSeconds = 600;

int64_t wall_ms() {
  return SystemClock().now_ms();
}

}  // namespace

WebhookSender::WebhookSender(db::Database& db, Clock& clock, DeliveryOptions options)
    : db_(db), clock_(clock), options_(std::move(options)), owner_("node-" + random_alnum(12)) {}

WebhookSender::~WebhookSender() {
  stop();
}

void WebhookSender::set_endpoint(std::string url) {
  options_.endpoint = std::move(url);
}

void WebhookSender::deliver_in_process(http::Handler site) {
  client_.serve_in_process(options_.endpoint, std::move(site));
}

void WebhookSender::start() {
  if (options_.endpoint.empty() || thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  if (options_.concurrency > 1)
    helpers_ = std::make_unique<boost::asio::thread_pool>(options_.concurrency - 1);
  thread_ = std::thread([this] { loop(); });
}

void WebhookSender::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (helpers_) {
    helpers_->join();
    helpers_.reset();
  }
}

bool WebhookSender::stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void WebhookSender::notify() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void WebhookSender::loop() {
  int failures = 0;  // rounds failed in a row (the database is down): the polls back off
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      woken_ = false;
    }
    int sent = 0;
    try {
      sent = run_once();
      failures = 0;
    } catch (const std::exception& e) {
      ++failures;
      log::warn("webhook_round_failed", {{"error", e.what()}, {"failures", failures}});
    }
    if (sent > 0) continue;  // there may be more due right away
    std::unique_lock lock(mu_);
    auto wait = jobs::retry_delay(std::chrono::milliseconds(options_.poll_ms), failures);
    cv_.wait_for(lock, wait, [this, failures] { return stopping_ || (woken_ && failures == 0); });
  }
}

int WebhookSender::run_once() {
  if (options_.endpoint.empty()) return 0;
  int64_t wall = wall_ms();
  // A read first, so an idle node does not take the write lock every poll.
  bool due = db_.read([&](db::Session& s) {
    return s
        .query_one(
            "SELECT 1 FROM sandbox_deliveries WHERE status = 'pending' AND next_attempt_at <= "
            "? AND lease_until <= ? LIMIT 1",
            {clock_.now_ms(), wall})
        .has_value();
  });
  if (!due) return 0;
  // Enough lease for every delivery of the batch to time out one after the other, so no other
  // node takes one over.
  int64_t lease = 30'000 + int64_t{options_.batch} * (options_.timeout_ms + 5'000);
  auto batch = write(db_, [&](db::Session& s) {
    return claim_due_deliveries(s, clock_.now_ms(), wall, wall + lease, owner_, options_.batch);
  });
  if (batch.empty()) return 0;

  // One object's deliveries in the order they were due, one after the other; different objects
  // side by side on the helpers.
  std::map<std::string, std::vector<std::size_t>> by_object;
  for (std::size_t i = 0; i < batch.size(); ++i) by_object[batch[i].object_id].push_back(i);
  std::vector<const std::vector<std::size_t>*> groups;
  for (const auto& [object, indexes] : by_object) groups.push_back(&indexes);
  std::vector<std::optional<Attempt>> attempts(batch.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t g; (g = next++) < groups.size();)
      for (std::size_t i : *groups[g]) {
        // Left unsent, the lease lapses and the delivery is picked up again later.
        if (stopping()) return;
        attempts[i] = send(batch[i]);
      }
  };
  std::size_t lanes = helpers_ ? std::min<std::size_t>(groups.size(), options_.concurrency) : 1;
  std::latch done(static_cast<std::ptrdiff_t>(lanes - 1));
  for (std::size_t l = 1; l < lanes; ++l)
    boost::asio::post(*helpers_, [&] {
      work();
      done.count_down();
    });
  work();
  done.wait();

  // Every outcome of the round in one transaction. Lost with a crash, an outcome only means a
  // delivery is sent again: at least once, as the receivers expect.
  int64_t now = clock_.now_ms();
  std::vector<Succeeded> succeeded;
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (attempts[i] && attempts[i]->ok()) succeeded.push_back({&batch[i], attempts[i]->status});
  write(db_, [&](db::Session& s) {
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (attempts[i] && !attempts[i]->ok())
        delivery_failed(s, batch[i], owner_, attempts[i]->status, attempts[i]->error, now,
                        options_.retry_base_ms);
    if (!succeeded.empty()) deliveries_succeeded(s, succeeded, owner_);
  });
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (attempts[i] && !attempts[i]->ok())
      log::info("webhook_delivery_failed", {{"event", batch[i].event_id},
                                            {"attempt", batch[i].attempts + 1},
                                            {"status", attempts[i]->status},
                                            {"error", attempts[i]->error}});
  return static_cast<int>(batch.size());
}

WebhookSender::Attempt WebhookSender::send(const Delivery& d) {
  int64_t t = clock_.now_seconds() - (d.stale_signature ? kStaleSeconds : 0);
  std::string header = "t=" + std::to_string(t);
  for (const auto& secret : options_.secrets)
    header += ",v1=" + to_hex(hmac_sha256(secret, std::to_string(t) + "." + d.body));
  http::ClientRequest req;
  req.method = "POST";
  req.url = options_.endpoint;
  req.body = d.body;
  req.connect_timeout_ms = std::min(5000, options_.timeout_ms);
  req.timeout_ms = options_.timeout_ms;
  req.headers = {{"Content-Type", "application/json; charset=utf-8"},
                 {"Stripe-Signature", header},
                 {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}};
  Attempt a;
  try {
    auto res = client_.send(req);
    a.status = res.status;
    if (!a.ok()) a.error = res.body.substr(0, 200);
  } catch (const std::exception& e) {
    a.error = e.what();
  }
  return a;
}

}  // namespace wolfix::sandbox
