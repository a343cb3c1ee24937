#include "sandbox/webhooks.hpp"

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "http/client.hpp"
#include "jobs/runner.hpp"
#include "sandbox/events.hpp"

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

void WebhookSender::start() {
  if (options_.endpoint.empty() || thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void WebhookSender::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
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
  // Enough lease for every delivery of the batch to time out, so no other node takes one over.
  int64_t lease = 30'000 + int64_t{options_.batch} * (options_.timeout_ms + 5'000);
  auto batch = db_.write([&](db::Session& s) {
    return claim_due_deliveries(s, clock_.now_ms(), wall, wall + lease, owner_, options_.batch);
  });
  for (const auto& d : batch) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;  // the lease lapses and the delivery is picked up again later
    }
    send(d);
  }
  return static_cast<int>(batch.size());
}

void WebhookSender::send(const Delivery& d) {
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
  int status = 0;
  std::string error;
  try {
    auto res = client_.send(req);
    status = res.status;
    if (status < 200 || status >= 300) error = res.body.substr(0, 200);
  } catch (const std::exception& e) {
    error = e.what();
  }
  bool ok = status >= 200 && status < 300;
  db_.write([&](db::Session& s) {
    if (ok)
      delivery_succeeded(s, d, owner_, status);
    else
      delivery_failed(s, d, owner_, status, error, clock_.now_ms(), options_.retry_base_ms);
  });
  if (!ok)
    log::info(
        "webhook_delivery_failed",
        {{"event", d.event_id}, {"attempt", d.attempts + 1}, {"status", status}, {"error", error}});
}

}  // namespace wolfix::sandbox
