#pragma once
// The order side's payment records: the intent behind each card order, its history of payment
// events, the refunds and disputes, and the provider events already applied. Plain SQL over the
// tables of 0061_payments.sql; every function runs inside the caller's transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "payment/dispute_status.hpp"
#include "payment/history_kind.hpp"
#include "payment/history_source.hpp"
#include "payment/refund_status.hpp"

namespace wolfix::payment::ledger {

struct OrderPayment {
  std::string order_id;
  std::string intent_id;
  std::string client_secret;
  int64_t amount_minor = 0;
  std::string currency;
  int64_t received_minor = 0;
  int64_t refunded_minor = 0;  // including refunds in flight
  bool restocked = false;
  std::optional<std::string> last_error_code;
  std::optional<std::string> last_decline_code;
  std::optional<std::string> last_error_message;
  // The intent's status when it was created; the row then stands for the order's
  // intent_created history entry (events_of), which is not stored. Set on insert only.
  std::optional<std::string> intent_created_status;
};

void insert_order_payment(db::Session& s, const OrderPayment& p, int64_t now_ms);
std::optional<OrderPayment> find_order_payment(db::Session& s, const std::string& order_id);
// Sent with the transaction's next statement or its commit (exec_later).
void record_received(db::Session& s, const std::string& order_id, int64_t received_minor,
                     int64_t now_ms);
// The provider's payment applied to its order (apply_intent, once per order: only a Pending or
// Failed order becomes Paid so): record_received's update, and the row then stands for the
// order's "paid" history entry (events_of), which is not stored; its provider reference is the
// row's intent, the only one apply_intent accepts as the order's payment. Sent like
// record_received.
void record_paid(db::Session& s, const std::string& order_id, int64_t received_minor,
                 HistorySource source, int64_t now_ms);
void record_error(db::Session& s, const std::string& order_id, const std::string& code,
                  const std::string& decline_code, const std::string& message, int64_t now_ms);
// Reserves `amount` of the received money for a refund; false when it would exceed it.
// Takes the write lock on the order's payment row (a no-op update). Every transaction that
// changes the order's refunds takes it first, so they run one after the other and each reads
// the others' results: on PostgreSQL (READ COMMITTED) a reversal and a settling refund of the
// same order would otherwise each compute from a state the other is changing.
void lock_order_payment(db::Session& s, const std::string& order_id);
bool reserve_refund(db::Session& s, const std::string& order_id, int64_t amount, int64_t now_ms);
void unreserve_refund(db::Session& s, const std::string& order_id, int64_t amount, int64_t now_ms);
// Marks the order restocked; true only the first time (so stock returns exactly once).
bool claim_restock(db::Session& s, const std::string& order_id, int64_t now_ms);

struct PaymentEvent {
  HistoryKind kind;
  std::optional<int64_t> amount_minor;
  std::optional<std::string> provider_ref;
  std::optional<std::string> code;
  HistorySource source = HistorySource::system;
  std::optional<std::string> detail;
  int64_t at = 0;  // when it was recorded (set by add_event's now_ms)
};
void add_event(db::Session& s, const std::string& order_id, const PaymentEvent& e, int64_t now_ms);
// The order's history, oldest first: the stored events, the intent_created and paid entries
// that an order_payments row with intent_created_status or paid_event_id stands for, and the
// entries of webhook_events rows with a history_id.
std::vector<PaymentEvent> events_of(db::Session& s, const std::string& order_id);
// An order discarded at checkout leaves no history.
void delete_events(db::Session& s, const std::string& order_id);
// Money refunded outside Wolfix (the provider's dashboard) counts as refunded, never beyond what
// was received.
void add_refunded_elsewhere(db::Session& s, const std::string& order_id, int64_t amount,
                            int64_t now_ms);

bool webhook_seen(db::Session& s, const std::string& event_id);
void set_webhook_outcome(db::Session& s, const std::string& event_id, const std::string& outcome);
// The outcome and the order it was about, in one statement.
void set_webhook_outcome(db::Session& s, const std::string& event_id, const std::string& outcome,
                         const std::string& order_id);
void set_webhook_order(db::Session& s, const std::string& event_id, const std::string& order_id);
// Remembers a provider event id; false when it was already applied (a redelivery).
bool remember_webhook(db::Session& s, const std::string& event_id, const std::string& type,
                      const std::string& object_id, const std::string& order_id,
                      const std::string& outcome, int64_t now_ms);
// The same for an event whose outcome is known before the transaction: the row is written with
// it, sent with the commit (exec_later). A redelivery fails the commit with db::UniqueViolation,
// which only the caller of Database::write may catch. The row also stands for the order's history
// entry of the event (kind webhook:<type>, the event's id, `amount` and `code`, source webhook;
// events_of), which is not stored.
void remember_webhook_with_entry(db::Session& s, const std::string& event_id,
                                 const std::string& type, const std::string& object_id,
                                 const std::string& order_id, const std::string& outcome,
                                 std::optional<int64_t> amount, const std::string& code,
                                 int64_t now_ms);

struct RefundRow {
  std::string id;
  std::string order_id;
  std::optional<std::string> provider_refund_id;
  int64_t amount_minor = 0;
  std::optional<std::string> reason;
  RefundStatus status = RefundStatus::pending;
  RefundSource source = RefundSource::api;
  int64_t created_at = 0;
};
void insert_refund(db::Session& s, const RefundRow& r, const std::string& role,
                   const std::string& actor_id, int64_t now_ms);
// Sets status (and the provider's id); returns the row before the change, or nullopt when
// there is no such row or a concurrent change got there first.
std::optional<RefundRow> update_refund(db::Session& s, const std::string& id, RefundStatus status,
                                       const std::optional<std::string>& provider_refund_id,
                                       int64_t now_ms);
// The provider accepted a pending refund (its answer was `pending`): records its id once; false
// when the refund is no longer pending or already has one.
bool mark_refund_accepted(db::Session& s, const std::string& id,
                          const std::string& provider_refund_id, int64_t now_ms);
// Whether the order already has the automatic refund of a payment that came after it expired.
bool has_late_payment_refund(db::Session& s, const std::string& order_id);
std::optional<RefundRow> find_refund_by_provider_id(db::Session& s, const std::string& provider_id);
std::optional<RefundRow> find_refund(db::Session& s, const std::string& id);
std::vector<RefundRow> refunds_of(db::Session& s, const std::string& order_id);
std::vector<RefundRow> pending_refunds(db::Session& s, int64_t created_before_ms, int limit);
// Succeeded refunds with a provider id, created after `created_after_ms` and not looked at
// since `checked_before_ms` (updated_at is the last look), least recently looked at first.
std::vector<RefundRow> succeeded_refunds_to_recheck(db::Session& s, int64_t created_after_ms,
                                                    int64_t checked_before_ms, int limit);
// Records a look at a succeeded refund that found it unchanged.
void mark_refund_checked(db::Session& s, const std::string& refund_id, int64_t now_ms);
// Sum of succeeded and pending refunds.
int64_t refunds_total(db::Session& s, const std::string& order_id);

// The order lines a refund gives back (restocked when the provider confirms the refund).
struct RefundItem {
  std::string order_item_id;
  std::string product_id;
  int64_t quantity = 0;
  int64_t amount_minor = 0;
};
void insert_refund_items(db::Session& s, const std::string& refund_id,
                         const std::vector<RefundItem>& items);
std::vector<RefundItem> refund_items_of(db::Session& s, const std::string& refund_id);
// Sum of succeeded refunds (money that has actually gone back).
int64_t refunded_total(db::Session& s, const std::string& order_id);
// Money that has gone back for good: succeeded refunds plus lost disputes.
int64_t money_back_total(db::Session& s, const std::string& order_id);
// Units of each order line (by order item id) that succeeded refunds gave back.
std::map<std::string, int64_t> refunded_units_by_line(db::Session& s, const std::string& order_id);
// A refund whose provider call went unanswered; mark_unanswered(false) claims it for a retry
// and is true only for the one caller that flipped it.
bool mark_unanswered(db::Session& s, const std::string& refund_id, bool unanswered);
std::vector<RefundRow> unanswered_refunds(db::Session& s, const std::string& order_id);
// Money a lost dispute took back counts as refunded (never beyond what was received).
void record_dispute_loss(db::Session& s, const std::string& order_id, int64_t amount,
                         int64_t now_ms);

struct DisputeRow {
  std::string id;
  std::string order_id;
  int64_t amount_minor = 0;
  std::string reason;
  DisputeStatus status = DisputeStatus::needs_response;
};
// Inserts or updates; returns the previous status (nullopt when new).
std::optional<DisputeStatus> upsert_dispute(db::Session& s, const DisputeRow& d, int64_t now_ms);

}  // namespace wolfix::payment::ledger
