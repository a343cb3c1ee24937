#pragma once
// The sandbox's use cases: Stripe's PaymentIntent, Refund and Event endpoints with Stripe's
// rules, each one database transaction that also records its events (and, for idempotent
// requests, the answer to replay).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/form.hpp"
#include "db/db.hpp"
#include "sandbox/model.hpp"
#include "sandbox/recent_intents.hpp"
#include "sandbox/store.hpp"

namespace wolfix::sandbox {

struct SandboxOptions {
  std::string secret_key;
  std::string publishable_key;
  bool deliver_webhooks = true;  // a webhook endpoint is configured
  // The endpoint's enabled_events, as on Stripe: only these types are delivered (every event is
  // still recorded and listed); empty = every type.
  std::vector<std::string> webhook_events;
  std::string api_version = "2024-06-20";
  std::vector<std::string> payment_method_types = {"card"};
  // The fault knobs (failing amounts and payment methods, metadata[sandbox_fault],
  // [sandbox_webhook], [sandbox_refund]): tests only. Off, they are ordinary values.
  bool fault_knobs = false;
  // Origins a 3-D Secure page may send the shopper back to (return_url); a path on this origin
  // ("/...") always may.
  std::vector<std::string> return_origins;
  bool loopback_returns = false;  // development: any loopback origin too
};

// Facts about the HTTP call a use case records in events and links.
struct CallInfo {
  std::string request_id;
  std::optional<std::string> idempotency_key;
  std::string api_key;   // the key the caller used (scope of idempotency keys)
  std::string base_url;  // how the caller reaches the sandbox, for next_action links
  // Set with idempotency_key: the operation claims the key inside its own transaction
  // (Service::claim_key is the separate claim, for a request that must be seen in flight).
  std::optional<std::string> fingerprint;
};

struct Answer {
  Answer() = default;
  Answer(int status_code, std::string answer_body)
      : status(status_code), body(std::move(answer_body)) {}
  int status = 200;
  std::string body;
  bool replay = false;  // the stored answer of an earlier request with the same key
  std::string original_request;
};

class Service {
 public:
  Service(db::Database& db, Clock& clock, SandboxOptions options);

  Answer create_intent(const FormFields& f, const CallInfo& c);
  // With a publishable key, `client_secret` must be the intent's own.
  Answer retrieve_intent(const std::string& id, const FormFields& query, bool publishable);
  Answer confirm_intent(const std::string& id, const FormFields& f, const CallInfo& c,
                        bool publishable);
  Answer cancel_intent(const std::string& id, const FormFields& f, const CallInfo& c);
  Answer create_refund(const FormFields& f, const CallInfo& c);
  Answer retrieve_refund(const std::string& id);
  Answer retrieve_charge(const std::string& id);
  Answer retrieve_dispute(const std::string& id);
  Answer list_events(const FormFields& query);
  Answer retrieve_event(const std::string& id);

  // The 3-D Secure page: the intent waiting for the challenge behind `token`.
  std::optional<IntentRow> intent_for_action(const std::string& token);
  // Passes or fails the challenge; returns the intent afterwards. Repeating it changes nothing.
  IntentRow finish_action(const std::string& token, bool pass, const CallInfo& c);

  // "Dashboard" actions a person (or a test) takes on the provider's side.
  Answer create_dispute(const std::string& intent_id, const CallInfo& c);
  Answer close_dispute(const std::string& dispute_id, bool won, const CallInfo& c);
  Answer settle_refund(const std::string& refund_id, bool succeeded, const CallInfo& c);
  std::vector<IntentRow> recent_intents(int limit);
  std::vector<DisputeRow> open_disputes();
  std::vector<RefundRow> pending_refunds();

  // Idempotency: claims `key` for a request; a replay or a conflict comes back as an answer.
  struct Claim {
    bool proceed = false;
    Answer answer;                 // when !proceed
    std::string original_request;  // for a replay
    bool replay = false;
  };
  Claim claim_key(const std::string& api_key, const std::string& key,
                  const std::string& fingerprint, const std::string& request_id);
  void release_key(const std::string& api_key, const std::string& key);
  // Counts a fault hit for `scope`; true while it should still fire (`times` 0 = always).
  bool fault_fires(const std::string& scope, int times);

  const SandboxOptions& options() const { return options_; }
  // Called after a transaction that recorded events has committed (wakes the delivery job).
  std::function<void()> on_events;

 private:
  template <class F>
  Answer run(const CallInfo& c, F&& f);
  // The operation and its key's answer in one transaction sent in one round trip: a new key is
  // stored by one INSERT (UniqueViolation when it is there already), a key the route claimed
  // before the operation (no fingerprint) is completed.
  template <class F>
  Answer run_in_one_round_trip(const CallInfo& c, F&& f);
  // pi_..., ch_..., re_...: 24 characters after the prefix, as before, time-ordered.
  std::string new_id(const char* prefix) const;
  // The call's return_url, refused (400) unless it leads back to the shop.
  std::optional<std::string> allowed_return_url(const FormFields& f) const;
  Claim claim_in(db::Session& s, const std::string& api_key, const std::string& key,
                 const std::string& fingerprint, const std::string& request_id, int64_t now);
  // `before`: the intent as this node last wrote it, when `pi` was not read from the database
  // (confirm_remembered): its first update then expects the row to be still so.
  Answer confirm_locked(db::Session& s, IntentRow& pi, const FormFields& f, const CallInfo& c,
                        const IntentRow* before = nullptr);
  // PostgreSQL: a confirmation of an intent this node wrote last, in one round trip whose update
  // expects the row unchanged. Empty when it cannot be decided so (the row changed, the answer
  // would not change it, an error): the usual confirmation then decides.
  std::optional<Answer> confirm_remembered(const IntentRow& before, const FormFields& f,
                                           const CallInfo& c, bool publishable);
  // Returns the intent's JSON afterwards (the event's copy, built once).
  std::string succeed(db::Session& s, IntentRow& pi, const CallInfo& c, bool dispute,
                      const IntentRow* before = nullptr);
  void write_intent(db::Session& s, const IntentRow& pi, const IntentRow* before);
  void remember(const IntentRow& pi);
  void emit(db::Session& s, const CallInfo& c, const IntentRow& pi, const std::string& type,
            const std::string& object_json, const std::string& previous = {});
  void open_dispute(db::Session& s, IntentRow& pi, const CallInfo& c);

  db::Database& db_;
  Clock& clock_;
  SandboxOptions options_;
  RecentIntents recent_;
};

}  // namespace wolfix::sandbox
