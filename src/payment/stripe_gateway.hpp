#pragma once
// The production client for Stripe's REST API (and the built-in sandbox, which speaks the same):
// form-encoded bodies, `Authorization: Bearer sk_...`, `Idempotency-Key` on every POST, a pinned
// `Stripe-Version`, connect/read timeouts, and bounded retries with backoff of network failures,
// 409 in-flight conflicts, 429 and 5xx, always with the same idempotency key.
#include <functional>
#include <mutex>
#include <string>

#include "http/client.hpp"
#include "payment/gateway.hpp"

namespace wolfix::payment {

struct StripeGatewayOptions {
  std::string api_base = "https://api.stripe.com";  // no trailing slash; "/v1/..." is appended
  std::string secret_key;
  std::string stripe_version = "2024-06-20";
  std::string provider_name = "stripe";  // "sandbox" when pointed at the built-in sandbox
  std::vector<std::string> payment_method_types = {"card"};
  int connect_timeout_ms = 5000;
  int timeout_ms = 30000;
  int max_retries = 2;           // attempts = 1 + max_retries
  int initial_backoff_ms = 500;  // doubled per retry, with jitter, capped
  int max_backoff_ms = 5000;
};

class StripeGateway final : public Gateway {
 public:
  explicit StripeGateway(StripeGatewayOptions options);

  std::string provider_name() const override { return options_.provider_name; }
  PaymentIntent create_intent(const CreateIntent& params,
                              const std::string& idempotency_key) override;
  PaymentIntent retrieve_intent(const std::string& intent_id) override;
  PaymentIntent confirm_intent(const std::string& intent_id, const std::string& payment_method,
                               const std::string& idempotency_key) override;
  PaymentIntent cancel_intent(const std::string& intent_id, const std::string& reason,
                              const std::string& idempotency_key) override;
  Refund create_refund(const CreateRefund& params, const std::string& idempotency_key) override;
  Refund retrieve_refund(const std::string& refund_id) override;
  Charge retrieve_charge(const std::string& charge_id) override;
  Dispute retrieve_dispute(const std::string& dispute_id) override;
  EventPage list_events(const EventFilter& filter) override;
  Event retrieve_event(const std::string& event_id) override;

  // The sandbox's base URL is known only once the listener is bound (port 0 in tests).
  void set_api_base(std::string base);
  std::string api_base() const;
  const StripeGatewayOptions& options() const { return options_; }
  // Connections opened to the provider so far (calls share kept-alive connections).
  uint64_t connections_opened() const { return client_.connections_opened(); }
  // The built-in sandbox of this very node: calls to `base` are handed to `site` in-process
  // (http::Client::serve_in_process), the same requests and answers without a socket.
  void serve_in_process(const std::string& base, http::Handler site) {
    {
      std::lock_guard lock(mu_);
      in_process_base_ = site ? base : std::string();
    }
    client_.serve_in_process(base, std::move(site));
  }
  bool answers_on_this_thread() const override;
  uint64_t in_process_calls() const { return client_.in_process_exchanges(); }

  // How the client sleeps between retries; tests may replace it.
  std::function<void(int ms)> sleep;

 private:
  struct Answer {
    int status = 0;
    std::string body;
    std::string request_id;
  };
  // Sends with retries; returns a 2xx answer or throws ProviderError / ProviderUnavailable.
  Answer call(const std::string& method, const std::string& path, const std::string& form_body,
              const std::string& idempotency_key);

  StripeGatewayOptions options_;
  std::string in_process_base_;  // served in-process (serve_in_process), empty if none
  mutable std::mutex mu_;
  http::Client client_;  // keeps connections to the provider open between calls
};

}  // namespace wolfix::payment
