#pragma once
// The sandbox's pure rules: Stripe's test cards and test PaymentMethods, card checks (Luhn,
// expiry, brand), the PaymentIntent state machine, fault knobs and webhook retry timing.
// No I/O here, so every rule is unit-tested directly.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::sandbox {

// A Stripe error answer ({"error":{...}}) for a request that changed nothing.
class StripeError : public std::runtime_error {
 public:
  StripeError(int status, std::string type, std::string code, std::string message,
              std::string param = {})
      : std::runtime_error(message),
        status(status),
        type(std::move(type)),
        code(std::move(code)),
        param(std::move(param)) {}
  int status;
  std::string type, code, param;
};

inline StripeError invalid_request(std::string code, std::string message, std::string param = {}) {
  return StripeError(400, "invalid_request_error", std::move(code), std::move(message),
                     std::move(param));
}

// What confirming with a card or test PaymentMethod does.
struct CardOutcome {
  enum class Kind { succeed, decline, requires_action, dispute };
  Kind kind = Kind::succeed;
  // For declines: Stripe's error fields.
  std::string type = "card_error";
  std::string code;
  std::string decline_code;
  std::string message;
  std::string param;
  // Only these two facts about a card are ever stored.
  std::string brand;
  std::string last4;
};

// A test PaymentMethod id (pm_card_visa, pm_card_chargeDeclined, ...); nullopt when unknown.
std::optional<CardOutcome> outcome_for_payment_method(std::string_view pm_id);

// Raw card data (the sandbox's own confirm form): a bad number (Luhn) is incorrect_number, a
// past expiry expired_card, a number outside Stripe's test table is declined as a live card.
CardOutcome outcome_for_card(std::string_view number, int exp_month, int exp_year,
                             int64_t now_seconds);

bool luhn_valid(std::string_view digits);
std::string card_brand(std::string_view number);

// Stripe's decline bodies for a code, e.g. ("card_declined", "insufficient_funds").
CardOutcome decline(std::string code, std::string decline_code = {});
// The failure a 3-D Secure challenge ends with when the shopper fails it.
CardOutcome authentication_failure();

// PaymentIntent statuses from which an action is allowed.
bool can_confirm(std::string_view status);
bool can_cancel(std::string_view status);
bool valid_cancellation_reason(std::string_view reason);
bool valid_refund_reason(std::string_view reason);

// Faults a call can be told to suffer, for retry and outage tests.
struct CallFault {
  enum class Kind { none, rate_limit, server_error, drop_connection, delay };
  Kind kind = Kind::none;
  int times = 0;     // fail only the first N attempts of one idempotency key; 0 = every time
  int delay_ms = 0;  // for delay: how long the answer takes
  bool active() const { return kind != Kind::none; }
};
// "rate_limit", "server_error:2", "drop_connection:1", "delay:3000". Unknown = none. A delay is
// capped at kMaxCallDelayMs, far below any client's timeout (the gateway's is 30 s).
constexpr int kMaxCallDelayMs = 5000;
CallFault parse_call_fault(std::string_view spec);
// Magic amounts: 90429 / 90500 / 90000 always answer 429 / 500 / drop the connection;
// 91429 / 91500 / 91000 do so on the first attempt of an idempotency key only.
CallFault fault_for_amount(int64_t amount);
// Test PaymentMethods pm_sandbox_rate_limit, pm_sandbox_server_error, pm_sandbox_drop_connection
// (every attempt), and the same with the suffix _once.
CallFault fault_for_payment_method(std::string_view pm_id);

// Webhook faults for the events of one PaymentIntent, from metadata[sandbox_webhook]:
// comma-separated "duplicate", "delay:SECONDS", "out_of_order", "stale_signature", "drop".
struct WebhookFaults {
  bool duplicate = false;
  bool out_of_order = false;
  bool stale_signature = false;
  bool drop = false;
  int delay_seconds = 0;
  std::string to_string() const;
};
WebhookFaults parse_webhook_faults(std::string_view spec);

// Delay before delivery attempt `attempts + 1` after `attempts` failures: base * 2^(attempts-1),
// capped at one hour.
int64_t retry_delay_ms(int attempts, int64_t base_ms);

// "scheme://host[:port]" of an http(s) URL, lower-cased; nullopt for anything else (no scheme,
// user info, a backslash in the authority).
std::optional<std::string> url_origin(std::string_view url);
// Where the 3-D Secure page may send a shopper back to: a path on this origin ("/#/done", never
// "//elsewhere"), a URL on one of `origins`, or, when `any_loopback`, on a loopback host (a
// development machine's storefront, whatever port it runs on).
bool return_url_allowed(std::string_view url, const std::vector<std::string>& origins,
                        bool any_loopback);
// Deliveries are given up three days after the event, as Stripe does in live mode.
constexpr int64_t kDeliveryGiveUpMs = 3LL * 24 * 3600 * 1000;

// An object id as the sandbox issues them: prefix, the creation time (ms since the epoch, 8
// base-62 digits, so ids sort by creation until the year 8900), then `random_tail` (alphanumeric;
// what makes the id unguessable and unique). Stripe's ids are opaque, so this changes nothing a
// client may rely on; it keeps every index keyed by an id (the sandbox's own, and the node's
// copies: orders.payment_intent_id, webhook_events.event_id, ...) appending at its tail instead
// of writing a random page of each per payment.
std::string time_ordered_id(std::string_view prefix, int64_t now_ms, std::string_view random_tail);
constexpr std::size_t kIdTimeDigits = 8;

// "https://stripe.com/docs/error-codes/card-declined"
std::string doc_url(std::string_view code);

}  // namespace wolfix::sandbox
