#pragma once
// The payment provider as the order side sees it: Stripe's PaymentIntents, Refunds and Events
// (spec/provider-contract.md) behind plain structs and typed errors. One production
// implementation, StripeGateway, speaks Stripe's REST API; the built-in sandbox is reached
// through that same client over HTTP, so tests exercise the production code.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::payment {

using Metadata = std::map<std::string, std::string>;

// Stripe's error object: `last_payment_error` on an intent, `error` in an error answer.
struct ProviderErrorInfo {
  std::string type;          // card_error, invalid_request_error, api_error, idempotency_error...
  std::string code;          // card_declined, expired_card, resource_missing, amount_too_large...
  std::string decline_code;  // generic_decline, insufficient_funds... (card errors only)
  std::string message;       // Stripe's text; safe to show a shopper for card errors
  std::string param;
};

struct PaymentIntent {
  std::string id;      // pi_...
  std::string status;  // requires_payment_method | requires_confirmation | requires_action |
                       // processing | requires_capture | succeeded | canceled
  int64_t amount = 0;  // minor units of `currency`
  int64_t amount_received = 0;
  std::string currency;  // lowercase ISO code
  std::string client_secret;
  Metadata metadata;
  std::optional<ProviderErrorInfo> last_payment_error;
  std::optional<std::string> latest_charge;  // ch_...
  std::optional<std::string> payment_method;
  std::vector<std::string> payment_method_types;
  std::optional<std::string> description;
  std::optional<std::string> receipt_email;
  int64_t created = 0;  // unix seconds
  std::optional<int64_t> canceled_at;
  std::optional<std::string> cancellation_reason;
  std::optional<std::string> next_action_url;  // the redirect for requires_action, if any
  bool livemode = false;

  bool succeeded() const { return status == "succeeded"; }
  bool canceled() const { return status == "canceled"; }
  // A confirmation failed and the shopper may try another card on the same intent.
  bool failed_attempt() const {
    return status == "requires_payment_method" && last_payment_error.has_value();
  }
};

struct Refund {
  std::string id;  // re_...
  int64_t amount = 0;
  std::string currency;
  std::string payment_intent;
  std::string charge;
  std::string status;  // pending | requires_action | succeeded | failed | canceled
  std::optional<std::string> reason;
  std::optional<std::string> failure_reason;
  Metadata metadata;
  int64_t created = 0;
};

struct Charge {
  std::string id;  // ch_...
  int64_t amount = 0;
  int64_t amount_captured = 0;
  int64_t amount_refunded = 0;
  std::string currency;
  std::string payment_intent;
  std::string status;
  bool refunded = false;  // fully refunded
  bool disputed = false;
  Metadata metadata;
};

struct Dispute {
  std::string id;  // dp_...
  int64_t amount = 0;
  std::string currency;
  std::string charge;
  std::string payment_intent;
  std::string status;  // needs_response | under_review | won | lost | warning_*
  std::string reason;
};

struct Event {
  std::string id;    // evt_...
  std::string type;  // payment_intent.succeeded, charge.refunded...
  int64_t created = 0;
  bool livemode = false;
  std::string api_version;
  int64_t pending_webhooks = 0;
  std::optional<std::string> request_id;
  std::optional<std::string> idempotency_key;
  std::string object_type;  // data.object.object: payment_intent, charge, refund, dispute
  std::string object_id;
  std::string object_json;  // data.object, serialized
  // Exactly one of these is set, after object_type (none for unknown object types).
  std::optional<PaymentIntent> payment_intent;
  std::optional<Charge> charge;
  std::optional<Refund> refund;
  std::optional<Dispute> dispute;
};

// Parses an event JSON document (a verified webhook body, or one item of GET /v1/events).
// Throws std::invalid_argument when it is not an event.
Event parse_event(std::string_view json);

struct CreateIntent {
  int64_t amount_minor = 0;
  std::string currency;  // lowercase ISO code
  Metadata metadata;
  std::vector<std::string> payment_method_types;  // empty = the gateway's configured default
  std::optional<std::string> receipt_email;
  std::optional<std::string> description;
};

struct CreateRefund {
  std::string payment_intent;
  std::optional<int64_t> amount;      // nullopt = everything not yet refunded
  std::optional<std::string> reason;  // duplicate | fraudulent | requested_by_customer
  Metadata metadata;
};

struct EventFilter {
  std::vector<std::string> types;  // empty = all; "charge.dispute.*" wildcards allowed
  std::optional<int64_t> created_gte, created_gt, created_lte, created_lt;  // unix seconds
  std::optional<bool> delivery_success;       // false = still pending or failed to deliver
  std::optional<std::string> starting_after;  // an event id, for paging to older events
  std::optional<std::string> ending_before;
  int limit = 10;  // 1..100
};

struct EventPage {
  std::vector<Event> data;  // newest first, as Stripe lists them
  bool has_more = false;
};

// The provider answered with an error (Stripe's error JSON): a decline (402), a bad request
// (400), a bad key (401), an unknown id (404), an idempotency conflict (409)...
class ProviderError : public std::runtime_error {
 public:
  ProviderError(int http_status, ProviderErrorInfo info, std::string request_id = {},
                std::optional<PaymentIntent> payment_intent = std::nullopt)
      : std::runtime_error(info.message.empty() ? info.type : info.message),
        http_status_(http_status),
        info_(std::move(info)),
        request_id_(std::move(request_id)),
        payment_intent_(std::move(payment_intent)) {}
  int http_status() const { return http_status_; }
  const ProviderErrorInfo& info() const { return info_; }
  const std::string& type() const { return info_.type; }
  const std::string& code() const { return info_.code; }
  const std::string& decline_code() const { return info_.decline_code; }
  const std::string& param() const { return info_.param; }
  const std::string& request_id() const { return request_id_; }
  // The intent after a declined confirmation (the 402 body carries it).
  const std::optional<PaymentIntent>& payment_intent() const { return payment_intent_; }
  bool card_error() const { return info_.type == "card_error"; }

 private:
  int http_status_;
  ProviderErrorInfo info_;
  std::string request_id_;
  std::optional<PaymentIntent> payment_intent_;
};

// No usable answer after the bounded retries: the provider could not be reached
// (`api_connection_error`: refused, reset, timed out), or it kept answering 429 or 5xx. Whether
// the operation happened is unknown; retrying with the same idempotency key is safe.
class ProviderUnavailable : public std::runtime_error {
 public:
  ProviderUnavailable(std::string message, std::string code, int http_status, bool timeout)
      : std::runtime_error(std::move(message)),
        code_(std::move(code)),
        http_status_(http_status),
        timeout_(timeout) {}
  // api_connection_error | rate_limit | api_error
  const std::string& code() const { return code_; }
  int http_status() const { return http_status_; }  // 0 when nothing came back
  bool timeout() const { return timeout_; }

 private:
  std::string code_;
  int http_status_;
  bool timeout_;
};

// Every POST takes the caller's idempotency key: derive it from what the call is for (the order
// id, the refund row id) so a retry after a crash repeats the same provider operation.
class Gateway {
 public:
  virtual ~Gateway() = default;
  // "stripe" or "sandbox", for GET /api/payments/config and logs.
  virtual std::string provider_name() const = 0;

  virtual PaymentIntent create_intent(const CreateIntent& params,
                                      const std::string& idempotency_key) = 0;
  virtual PaymentIntent retrieve_intent(const std::string& intent_id) = 0;
  // Server-side confirmation with the secret key (the storefront normally confirms with the
  // publishable key and the client secret). A decline throws ProviderError (402).
  virtual PaymentIntent confirm_intent(const std::string& intent_id,
                                       const std::string& payment_method,
                                       const std::string& idempotency_key) = 0;
  // reason: abandoned | requested_by_customer | duplicate | fraudulent (empty = none).
  virtual PaymentIntent cancel_intent(const std::string& intent_id, const std::string& reason,
                                      const std::string& idempotency_key) = 0;
  virtual Refund create_refund(const CreateRefund& params, const std::string& idempotency_key) = 0;
  virtual Refund retrieve_refund(const std::string& refund_id) = 0;
  // GET /v1/charges/{id}, /v1/disputes/{id}: what a webhook about them is checked against.
  virtual Charge retrieve_charge(const std::string& charge_id) = 0;
  virtual Dispute retrieve_dispute(const std::string& dispute_id) = 0;
  virtual EventPage list_events(const EventFilter& filter) = 0;
  virtual Event retrieve_event(const std::string& event_id) = 0;

  // Calls are answered on the calling thread, without waiting on the network (this node's own
  // sandbox, served in-process): a use case may keep its database connection across them
  // (db::Database::Pin).
  virtual bool answers_on_this_thread() const { return false; }
};

}  // namespace wolfix::payment
