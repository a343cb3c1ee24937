#pragma once
// Helpers for the payment tests: raw calls to the sandbox (as Stripe.js or a dashboard would
// make them) and a capture server that stands in for a webhook endpoint.
#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

#include "common/form.hpp"
#include "harness.hpp"
#include "http/server.hpp"
#include "payment/gateway.hpp"
#include "payment/stripe_gateway.hpp"
#include "suite.hpp"

namespace wolfix::test {

// POSTs a form to the sandbox mounted on `server` (path after /sandbox/stripe).
Reply sandbox_post(TestServer& server, const std::string& path, const FormPairs& form,
                   const std::string& key, const std::string& idempotency_key = "");
Reply sandbox_get(TestServer& server, const std::string& path_and_query, const std::string& key);

// Stands in for a webhook endpoint: records every request and answers what `respond` says.
class CaptureServer {
 public:
  struct Hit {
    std::string body;
    std::string signature;
  };
  CaptureServer();
  ~CaptureServer();
  std::string url() const;
  std::vector<Hit> hits();
  // Waits (up to 15 s) until at least n requests arrived; returns whether they did.
  bool wait_for(std::size_t n);
  // What to answer (a status) for each request; the default accepts everything.
  void set_respond(std::function<int(const Hit&)> respond);

 private:
  std::function<int(const Hit&)> respond_ = [](const Hit&) { return 200; };
  std::mutex mu_;
  std::vector<Hit> hits_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
};

// The payment suites' base: the sandbox's own webhook deliveries off (each test delivers the
// events it wants, when it wants), delivery methods seeded. A suite adds its own settings in
// configure() after calling this one's.
template <class Suite>
class PaymentsSuite : public ServerSuite<Suite> {
 public:
  static void configure(Config& c) { c.sandbox_webhook_url = "none"; }
  static void prepare(TestServer& s) { seed_delivery(s); }
};

// POSTs a provider event to /webhooks/stripe, signed with the server's webhook secret at the
// server's clock.
Reply deliver_webhook(TestServer& server, const std::string& body);

// An order's "paymentStatus" (or another integer `field`) through the API, as `token` (the
// order's customer, its seller or an admin) sees it in GET /api/orders/{id}/details; -1 when
// refused.
int64_t api_order_status(TestServer& server, const std::string& order_id, const std::string& token,
                         const char* field = "paymentStatus");
// The entries of `kind` in the order's payment history (GET /api/orders/{id}/payments, which
// lists the whole ledger of the order), as `token` sees them.
std::vector<boost::json::object> api_payment_events(TestServer& server, const std::string& order_id,
                                                    const std::string& kind,
                                                    const std::string& token);

// The provider's own view, through its API as the shop's back office would ask it (the
// sandbox's Stripe routes, secret key): the PaymentIntent, and what its charge refunded (0
// when there is no charge yet).
boost::json::object provider_intent(TestServer& server, const std::string& intent_id);
int64_t provider_refunded(TestServer& server, const std::string& intent_id);

// A stand-in provider on a free loopback port answering with `handle`; `port` receives the
// port.
std::unique_ptr<http::Server> start_fake_provider(
    std::function<http::Response(http::Request&)> handle, uint16_t& port);

// Points the server's provider gateway at `base` (a fake provider, or a closed port such as
// kProviderDown) while it lives, then back at the provider it had; with `no_pauses` the
// gateway's retries meanwhile do not sleep.
class ProviderAt {
 public:
  ProviderAt(TestServer& server, const std::string& base, bool no_pauses = false);
  ~ProviderAt();
  ProviderAt(const ProviderAt&) = delete;
  ProviderAt& operator=(const ProviderAt&) = delete;

 private:
  payment::StripeGateway& gateway_;
  std::string base_;
  std::function<void(int)> sleep_;
};
// Nobody listens there: every call is refused at once.
inline constexpr const char* kProviderDown = "http://127.0.0.1:1";

// Waits (up to 15 s) until `condition` holds.
bool eventually(const std::function<bool()>& condition);

}  // namespace wolfix::test
