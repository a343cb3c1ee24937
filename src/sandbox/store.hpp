#pragma once
// SQL for the sandbox's tables (migrations 0050/0051). Every function runs inside the caller's
// transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::sandbox {

// Every sandbox transaction: the sandbox stands in for the provider's own database, so its
// commits need not wait for the disk (db::Session::commit_asynchronously). Whatever the node
// commits after a sandbox answer flushes the log past it, so a crash of the database server can
// lose only sandbox state that nothing durable depends on yet.
template <class F>
auto write(db::Database& db, F&& f) {
  return db.write([&](db::Session& s) {
    s.commit_asynchronously();
    return f(s);
  });
}

struct IntentRow {
  std::string id, client_secret;
  int64_t amount = 0, amount_received = 0, amount_refunded = 0;
  std::string currency, status;
  std::string metadata_json = "{}";
  std::optional<std::string> description, receipt_email;
  std::string payment_method_types_json = "[\"card\"]";
  bool automatic_payment_methods = false;
  std::optional<std::string> payment_method, card_brand, card_last4;
  std::optional<std::string> last_payment_error_json;
  std::optional<std::string> latest_charge;
  std::optional<int64_t> charge_created;
  std::optional<std::string> action_token, action_outcome, action_url, return_url;
  std::optional<std::string> cancellation_reason;
  std::optional<int64_t> canceled_at;
  bool disputed = false;
  std::string webhook_faults;
  int64_t created = 0;
};

struct RefundRow {
  std::string id, payment_intent, charge;
  int64_t amount = 0;
  std::string currency, status;
  std::optional<std::string> reason, failure_reason;
  std::string metadata_json = "{}";
  int64_t created = 0;
};

struct DisputeRow {
  std::string id, payment_intent, charge;
  int64_t amount = 0;
  std::string currency, status, reason;
  int64_t created = 0;
};

void insert_intent(db::Session& s, const IntentRow& r);
// `for_update` locks the row on PostgreSQL (SQLite's write transactions are serial already).
std::optional<IntentRow> find_intent(db::Session& s, const std::string& id,
                                     bool for_update = false);
std::optional<IntentRow> find_intent_by_action(db::Session& s, const std::string& token);
std::optional<IntentRow> find_intent_by_charge(db::Session& s, const std::string& charge_id);
// Sent with the transaction's next statement or its commit (exec_later): the row is the one
// the transaction read FOR UPDATE, or inserted.
void update_intent(db::Session& s, const IntentRow& r);
// The same when the row is still exactly `before` (the intent as this node last wrote it):
// false when it is not. In a transaction committing in one round trip, PostgreSQL checks that at
// the commit instead (db::Session::exec_expecting_change: a miss fails the commit with
// db::ExpectationFailed).
bool update_intent_if_unchanged(db::Session& s, const IntentRow& r, const IntentRow& before);
// Adds `amount` to the refunded total only if it stays within what was received; false if not.
bool add_refunded(db::Session& s, const std::string& intent_id, int64_t amount);
std::vector<IntentRow> recent_intents(db::Session& s, int limit);

void insert_refund(db::Session& s, const RefundRow& r);
std::optional<RefundRow> find_refund(db::Session& s, const std::string& id);
void update_refund_status(db::Session& s, const std::string& id, const std::string& status,
                          const std::optional<std::string>& failure_reason);

void insert_dispute(db::Session& s, const DisputeRow& r);
std::optional<DisputeRow> find_dispute(db::Session& s, const std::string& id);
std::optional<DisputeRow> find_dispute_for_intent(db::Session& s, const std::string& intent_id);
void update_dispute_status(db::Session& s, const std::string& id, const std::string& status);

struct IdempotencyRow {
  std::string fingerprint;
  int status = 0;
  std::string body, request_id;
  int64_t created_at = 0;
};
std::optional<IdempotencyRow> find_idempotency(db::Session& s, const std::string& api_key,
                                               const std::string& key);
// false when another request holds the key.
bool claim_idempotency(db::Session& s, const std::string& api_key, const std::string& key,
                       const std::string& fingerprint, const std::string& request_id, int64_t now);
void finish_idempotency(db::Session& s, const std::string& api_key, const std::string& key,
                        int status, const std::string& body);
// A new key with its answer at once (status and body), sent with the commit (exec_later): a key
// already there fails the commit with db::UniqueViolation.
void insert_idempotency_answer(db::Session& s, const std::string& api_key, const std::string& key,
                               const std::string& fingerprint, const std::string& request_id,
                               int status, const std::string& body, int64_t now);
void release_idempotency(db::Session& s, const std::string& api_key, const std::string& key);
// Counts one more hit of a fault for `scope`; returns the count including this one.
int64_t count_fault_hit(db::Session& s, const std::string& scope);

}  // namespace wolfix::sandbox
