#include "payments_support.hpp"

#include <chrono>
#include <thread>

#include "order_fixtures.hpp"
#include "payment/webhook_signature.hpp"

namespace wolfix::test {

Reply sandbox_post(TestServer& server, const std::string& path, const FormPairs& form,
                   const std::string& key, const std::string& idempotency_key) {
  std::vector<std::pair<std::string, std::string>> headers{
      {"Content-Type", "application/x-www-form-urlencoded"}};
  if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
  if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
  return server.request("POST", "/sandbox/stripe" + path, form_encode(form), "", headers);
}

Reply sandbox_get(TestServer& server, const std::string& path, const std::string& key) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
  return server.request("GET", "/sandbox/stripe" + path, "", "", headers);
}

CaptureServer::CaptureServer() {
  http::ServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  o.worker_threads = 2;
  server_ = std::make_unique<http::Server>(o, [this](http::Request& req) {
    Hit hit{req.body, std::string(req.header("stripe-signature"))};
    int status;
    {
      std::lock_guard lock(mu_);
      hits_.push_back(hit);
      status = respond_(hit);
    }
    return http::Response::raw_json("{}", status);
  });
  port_ = server_->start();
}

CaptureServer::~CaptureServer() {
  server_->stop();
}

void CaptureServer::set_respond(std::function<int(const Hit&)> respond) {
  std::lock_guard lock(mu_);
  respond_ = std::move(respond);
}

std::string CaptureServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks/stripe";
}

std::vector<CaptureServer::Hit> CaptureServer::hits() {
  std::lock_guard lock(mu_);
  return hits_;
}

bool CaptureServer::wait_for(std::size_t n) {
  return eventually([&] { return hits().size() >= n; });
}

Reply deliver_webhook(TestServer& server, const std::string& body) {
  auto secret = server.config().payment_webhook_secrets().front();
  return server.request(
      "POST", "/webhooks/stripe", body, "",
      {{"Stripe-Signature", stripe_signature_header(secret, server.clock().now_seconds(), body)}});
}

int64_t api_order_status(TestServer& server, const std::string& order_id, const std::string& token,
                         const char* field) {
  auto r = server.get("/api/orders/" + order_id + "/details", token);
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return -1;
  return r.json().at(field).to_number<int64_t>();
}

std::vector<boost::json::object> api_payment_events(TestServer& server, const std::string& order_id,
                                                    const std::string& kind,
                                                    const std::string& token) {
  auto r = server.get("/api/orders/" + order_id + "/payments", token);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<boost::json::object> out;
  if (r.status != 200) return out;
  auto v = r.json();
  for (const auto& e : v.at("history").as_array())
    if (e.at("kind").as_string() == kind) out.push_back(e.as_object());
  return out;
}

boost::json::object provider_intent(TestServer& server, const std::string& intent_id) {
  auto r =
      sandbox_get(server, "/v1/payment_intents/" + intent_id, server.config().sandbox_secret_key);
  EXPECT_EQ(r.status, 200) << r.body;
  auto v = r.json();
  return v.is_object() ? v.as_object() : boost::json::object{};
}

int64_t provider_refunded(TestServer& server, const std::string& intent_id) {
  auto pi = provider_intent(server, intent_id);
  auto* charge = pi.if_contains("latest_charge");
  if (!charge || !charge->is_string()) return 0;
  auto r = sandbox_get(server, "/v1/charges/" + std::string(charge->as_string()),
                       server.config().sandbox_secret_key);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.json().at("amount_refunded").to_number<int64_t>() : -1;
}

std::unique_ptr<http::Server> start_fake_provider(
    std::function<http::Response(http::Request&)> handle, uint16_t& port) {
  http::ServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  o.worker_threads = 2;
  o.drain_seconds = 0;
  auto server = std::make_unique<http::Server>(o, std::move(handle));
  port = server->start();
  return server;
}

bool eventually(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

ProviderAt::ProviderAt(TestServer& server, const std::string& base, bool no_pauses)
    : gateway_(dynamic_cast<payment::StripeGateway&>(server.app().payment_gateway())),
      base_(gateway_.api_base()),
      sleep_(gateway_.sleep) {
  if (no_pauses) gateway_.sleep = [](int) {};
  gateway_.set_api_base(base);
}

ProviderAt::~ProviderAt() {
  gateway_.set_api_base(base_);
  gateway_.sleep = sleep_;
}

}  // namespace wolfix::test
