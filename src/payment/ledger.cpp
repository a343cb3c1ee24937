#include "payment/ledger.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/clock.hpp"
#include "common/uuid.hpp"

namespace wolfix::payment::ledger {

// The inserts of fresh rows and the updates whose outcome nobody reads below run with
// exec_later: PostgreSQL sends them with the transaction's next statement or its COMMIT.
void insert_order_payment(db::Session& s, const OrderPayment& p, int64_t now_ms) {
  s.exec_later(
      "INSERT INTO order_payments (order_id, intent_id, client_secret, amount_minor, currency, "
      "intent_created_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {p.order_id, p.intent_id, p.client_secret, p.amount_minor, p.currency,
       p.intent_created_status, now_ms, now_ms});
}

std::optional<OrderPayment> find_order_payment(db::Session& s, const std::string& order_id) {
  auto r = s.query_one(
      "SELECT order_id, intent_id, client_secret, amount_minor, currency, received_minor, "
      "refunded_minor, restocked, last_error_code, last_decline_code, last_error_message FROM "
      "order_payments WHERE order_id = ?",
      {order_id});
  if (!r) return std::nullopt;
  return OrderPayment{r->str(0),     r->str(1),     r->str(2),      r->i64(3),
                      r->str(4),     r->i64(5),     r->i64(6),      r->boolean(7),
                      r->opt_str(8), r->opt_str(9), r->opt_str(10), std::nullopt};
}

void record_received(db::Session& s, const std::string& order_id, int64_t received_minor,
                     int64_t now_ms) {
  s.exec_later(
      "UPDATE order_payments SET received_minor = ?, last_error_code = NULL, last_decline_code "
      "= NULL, last_error_message = NULL, updated_at = ? WHERE order_id = ?",
      {received_minor, now_ms, order_id});
}

void record_paid(db::Session& s, const std::string& order_id, int64_t received_minor,
                 HistorySource source, int64_t now_ms) {
  s.exec_later(
      "UPDATE order_payments SET received_minor = ?, last_error_code = NULL, last_decline_code "
      "= NULL, last_error_message = NULL, updated_at = ?, paid_event_id = ?, paid_at = ?, "
      "paid_amount = ?, paid_source = ? WHERE order_id = ?",
      {received_minor, now_ms, new_uuid_v7(), now_ms, received_minor,
       std::string(to_string(source)), order_id});
}

void record_error(db::Session& s, const std::string& order_id, const std::string& code,
                  const std::string& decline_code, const std::string& message, int64_t now_ms) {
  s.exec(
      "UPDATE order_payments SET last_error_code = ?, last_decline_code = ?, last_error_message "
      "= ?, updated_at = ? WHERE order_id = ?",
      {code, decline_code, message, now_ms, order_id});
}

void lock_order_payment(db::Session& s, const std::string& order_id) {
  s.exec("UPDATE order_payments SET updated_at = updated_at WHERE order_id = ?", {order_id});
}

bool reserve_refund(db::Session& s, const std::string& order_id, int64_t amount, int64_t now_ms) {
  return s.exec(
             "UPDATE order_payments SET refunded_minor = refunded_minor + ?, updated_at = ? "
             "WHERE order_id = ? AND refunded_minor + ? <= received_minor",
             {amount, now_ms, order_id, amount}) == 1;
}

// What has gone back or is on its way: refunds pending or succeeded, and lost disputes.
static int64_t committed_back(db::Session& s, const std::string& order_id) {
  auto r = s.query_one(
      "SELECT (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = ? AND status "
      "IN ('pending', 'succeeded')) + (SELECT COALESCE(SUM(amount_minor), 0) FROM disputes WHERE "
      "order_id = ? AND status = 'lost')",
      {order_id, order_id});
  return r ? r->i64(0) : 0;
}

void unreserve_refund(db::Session& s, const std::string& order_id, int64_t amount, int64_t now_ms) {
  // Lock the row first: the reads below then see whatever a concurrent webhook committed
  // (PostgreSQL takes a snapshot per statement). The caller has already moved the refund out
  // of 'pending', so the total is recomputed rather than decremented: a lost dispute that
  // landed while this refund was in flight stays counted.
  auto row = s.query_one(
      "UPDATE order_payments SET updated_at = ? WHERE order_id = ? RETURNING refunded_minor, "
      "received_minor",
      {now_ms, order_id});
  if (!row) return;
  int64_t next = std::min(row->i64(1), committed_back(s, order_id));
  next = std::max<int64_t>(0, std::min(next, row->i64(0)));  // releasing never adds
  (void)amount;
  s.exec("UPDATE order_payments SET refunded_minor = ? WHERE order_id = ?", {next, order_id});
}

bool claim_restock(db::Session& s, const std::string& order_id, int64_t now_ms) {
  return s.exec(
             "UPDATE order_payments SET restocked = 1, updated_at = ? WHERE order_id = ? AND "
             "restocked = 0",
             {now_ms, order_id}) == 1;
}

void add_event(db::Session& s, const std::string& order_id, const PaymentEvent& e, int64_t now_ms) {
  s.exec_later(
      "INSERT INTO payment_events (id, order_id, at, kind, amount_minor, provider_ref, code, "
      "source, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {new_uuid_v7(), order_id, now_ms, to_string(e.kind), e.amount_minor, e.provider_ref, e.code,
       std::string(to_string(e.source)), e.detail});
}

std::vector<PaymentEvent> events_of(db::Session& s, const std::string& order_id) {
  std::vector<PaymentEvent> out;
  // The derived intent_created entry sorts before stored ones of the same millisecond (its id ''
  // is the smallest): it was the order's first, as the stored one it replaces was. The derived
  // paid and webhook entries have the ids the stored ones would have had. A row written before
  // migration 0310 (0314, 0315) has no status (paid_event_id, history_id), and its stored entry
  // is the only one.
  for (const auto& r :
       s.query("SELECT at, kind, amount_minor, provider_ref, code, source, detail, id FROM "
               "payment_events WHERE order_id = ? UNION ALL SELECT created_at, 'intent_created', "
               "amount_minor, intent_id, intent_created_status, 'client', NULL, '' FROM "
               "order_payments WHERE order_id = ? AND intent_created_status IS NOT NULL UNION ALL "
               "SELECT paid_at, 'paid', paid_amount, intent_id, NULL, paid_source, NULL, "
               "paid_event_id FROM order_payments WHERE order_id = ? AND paid_event_id IS NOT NULL "
               "UNION ALL SELECT received_at, 'webhook:' || type, history_amount, event_id, "
               "history_code, 'webhook', NULL, history_id FROM webhook_events WHERE order_id = ? "
               "AND history_id IS NOT NULL ORDER BY 1, 8",
               {order_id, order_id, order_id, order_id})) {
    // Only add_event and the derived entry above write these columns, with these types' names.
    auto kind = parse_history_kind(r.str(1));
    auto source = parse_history_source(r.str(5));
    if (!kind || !source)
      throw std::runtime_error("payment event of order " + order_id + " has an unknown " +
                               (kind ? "source" : "kind") + ": " + r.str(kind ? 5 : 1));
    out.push_back(
        {*kind, r.opt_i64(2), r.opt_str(3), r.opt_str(4), *source, r.opt_str(6), r.i64(0)});
  }
  return out;
}

void delete_events(db::Session& s, const std::string& order_id) {
  s.exec("DELETE FROM payment_events WHERE order_id = ?", {order_id});
}

void add_refunded_elsewhere(db::Session& s, const std::string& order_id, int64_t amount,
                            int64_t now_ms) {
  s.exec(
      "UPDATE order_payments SET refunded_minor = CASE WHEN refunded_minor + ? > "
      "received_minor THEN received_minor ELSE refunded_minor + ? END, updated_at = ? WHERE "
      "order_id = ?",
      {amount, amount, now_ms, order_id});
}

bool webhook_seen(db::Session& s, const std::string& event_id) {
  return s.query_one("SELECT 1 FROM webhook_events WHERE event_id = ?", {event_id}).has_value();
}

void set_webhook_outcome(db::Session& s, const std::string& event_id, const std::string& outcome) {
  s.exec_later("UPDATE webhook_events SET outcome = ? WHERE event_id = ?", {outcome, event_id});
}

void set_webhook_outcome(db::Session& s, const std::string& event_id, const std::string& outcome,
                         const std::string& order_id) {
  s.exec_later("UPDATE webhook_events SET outcome = ?, order_id = ? WHERE event_id = ?",
               {outcome, order_id, event_id});
}

void set_webhook_order(db::Session& s, const std::string& event_id, const std::string& order_id) {
  s.exec_later("UPDATE webhook_events SET order_id = ? WHERE event_id = ?", {order_id, event_id});
}

bool mark_refund_accepted(db::Session& s, const std::string& id,
                          const std::string& provider_refund_id, int64_t now_ms) {
  return s.exec(
             "UPDATE refunds SET provider_refund_id = ?, unanswered = 0, updated_at = ? "
             "WHERE id = ? AND status = 'pending' AND provider_refund_id IS NULL",
             {provider_refund_id, now_ms, id}) == 1;
}

bool has_late_payment_refund(db::Session& s, const std::string& order_id) {
  return s
      .query_one("SELECT id FROM refunds WHERE order_id = ? AND source = 'late_payment'",
                 {order_id})
      .has_value();
}

bool remember_webhook(db::Session& s, const std::string& event_id, const std::string& type,
                      const std::string& object_id, const std::string& order_id,
                      const std::string& outcome, int64_t now_ms) {
  return s.exec(
             "INSERT INTO webhook_events (event_id, type, object_id, order_id, received_at, "
             "outcome) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
             {event_id, type, object_id, order_id, now_ms, outcome}) == 1;
}

void remember_webhook_with_entry(db::Session& s, const std::string& event_id,
                                 const std::string& type, const std::string& object_id,
                                 const std::string& order_id, const std::string& outcome,
                                 std::optional<int64_t> amount, const std::string& code,
                                 int64_t now_ms) {
  s.exec_later(
      "INSERT INTO webhook_events (event_id, type, object_id, order_id, received_at, outcome, "
      "history_id, history_amount, history_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {event_id, type, object_id, order_id, now_ms, outcome, new_uuid_v7(), amount, code});
}

static RefundRow refund_from(const db::Row& r) {
  // Only insert_refund and update_refund write these columns, with these enums' names.
  auto status = parse_refund_status(r.str(5));
  auto source = parse_refund_source(r.str(6));
  if (!status || !source)
    throw std::runtime_error("refund " + r.str(0) + " has an unknown status or source");
  return RefundRow{r.str(0),     r.str(1), r.opt_str(2), r.i64(3),
                   r.opt_str(4), *status,  *source,      r.i64(7)};
}
static constexpr const char* kRefundCols =
    "id, order_id, provider_refund_id, amount_minor, reason, status, source, created_at";

void insert_refund(db::Session& s, const RefundRow& r, const std::string& role,
                   const std::string& actor_id, int64_t now_ms) {
  s.exec(
      "INSERT INTO refunds (id, order_id, provider_refund_id, amount_minor, reason, status, "
      "source, requested_by_role, requested_by_id, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id, r.order_id, r.provider_refund_id, r.amount_minor, r.reason,
       std::string(to_string(r.status)), std::string(to_string(r.source)), role, actor_id, now_ms,
       now_ms});
}

std::optional<RefundRow> update_refund(db::Session& s, const std::string& id, RefundStatus status,
                                       const std::optional<std::string>& provider_refund_id,
                                       int64_t now_ms) {
  auto before =
      s.query_one(std::string("SELECT ") + kRefundCols + " FROM refunds WHERE id = ?", {id});
  if (!before) return std::nullopt;
  auto row = refund_from(*before);
  // Compare-and-set on the status read: of two concurrent finishers only one sees the change.
  if (s.exec("UPDATE refunds SET status = ?, provider_refund_id = COALESCE(provider_refund_id, "
             "?), updated_at = ? WHERE id = ? AND status = ?",
             {std::string(to_string(status)), provider_refund_id, now_ms, id,
              std::string(to_string(row.status))}) != 1)
    return std::nullopt;
  return row;
}

std::optional<RefundRow> find_refund_by_provider_id(db::Session& s,
                                                    const std::string& provider_id) {
  auto r = s.query_one(
      std::string("SELECT ") + kRefundCols + " FROM refunds WHERE provider_refund_id = ?",
      {provider_id});
  if (!r) return std::nullopt;
  return refund_from(*r);
}

std::optional<RefundRow> find_refund(db::Session& s, const std::string& id) {
  auto r = s.query_one(std::string("SELECT ") + kRefundCols + " FROM refunds WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return refund_from(*r);
}

std::vector<RefundRow> refunds_of(db::Session& s, const std::string& order_id) {
  std::vector<RefundRow> out;
  for (const auto& r : s.query(std::string("SELECT ") + kRefundCols +
                                   " FROM refunds WHERE order_id = ? ORDER BY created_at, id",
                               {order_id}))
    out.push_back(refund_from(r));
  return out;
}

std::vector<RefundRow> pending_refunds(db::Session& s, int64_t created_before_ms, int limit) {
  std::vector<RefundRow> out;
  for (const auto& r :
       s.query(std::string("SELECT ") + kRefundCols +
                   " FROM refunds WHERE status = 'pending' AND created_at < ? ORDER BY created_at "
                   "LIMIT ?",
               {created_before_ms, limit}))
    out.push_back(refund_from(r));
  return out;
}

std::vector<RefundRow> succeeded_refunds_to_recheck(db::Session& s, int64_t created_after_ms,
                                                    int64_t checked_before_ms, int limit) {
  std::vector<RefundRow> out;
  for (const auto& r :
       s.query(std::string("SELECT ") + kRefundCols +
                   " FROM refunds WHERE status = 'succeeded' AND provider_refund_id IS NOT NULL "
                   "AND created_at > ? AND updated_at < ? ORDER BY updated_at LIMIT ?",
               {created_after_ms, checked_before_ms, limit}))
    out.push_back(refund_from(r));
  return out;
}

void mark_refund_checked(db::Session& s, const std::string& refund_id, int64_t now_ms) {
  s.exec("UPDATE refunds SET updated_at = ? WHERE id = ? AND status = 'succeeded'",
         {now_ms, refund_id});
}

int64_t refunds_total(db::Session& s, const std::string& order_id) {
  auto r = s.query_one(
      "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = ? AND status IN "
      "('pending', 'succeeded')",
      {order_id});
  return r ? r->i64(0) : 0;
}

void insert_refund_items(db::Session& s, const std::string& refund_id,
                         const std::vector<RefundItem>& items) {
  for (const auto& i : items)
    s.exec(
        "INSERT INTO refund_items (refund_id, order_item_id, product_id, quantity, amount_minor) "
        "VALUES (?, ?, ?, ?, ?)",
        {refund_id, i.order_item_id, i.product_id, i.quantity, i.amount_minor});
}

std::vector<RefundItem> refund_items_of(db::Session& s, const std::string& refund_id) {
  std::vector<RefundItem> out;
  for (const auto& r :
       s.query("SELECT order_item_id, product_id, quantity, amount_minor FROM refund_items WHERE "
               "refund_id = ? ORDER BY order_item_id",
               {refund_id}))
    out.push_back({r.str(0), r.str(1), r.i64(2), r.i64(3)});
  return out;
}

int64_t refunded_total(db::Session& s, const std::string& order_id) {
  auto r = s.query_one(
      "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = ? AND status = "
      "'succeeded'",
      {order_id});
  return r ? r->i64(0) : 0;
}

int64_t money_back_total(db::Session& s, const std::string& order_id) {
  auto r = s.query_one(
      "SELECT (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = ? AND status "
      "= 'succeeded') + (SELECT COALESCE(SUM(amount_minor), 0) FROM disputes WHERE order_id = ? "
      "AND status = 'lost')",
      {order_id, order_id});
  return r ? r->i64(0) : 0;
}

std::map<std::string, int64_t> refunded_units_by_line(db::Session& s, const std::string& order_id) {
  std::map<std::string, int64_t> out;
  for (const auto& r : s.query(
           "SELECT i.order_item_id, SUM(i.quantity) FROM refund_items i JOIN refunds r ON r.id = "
           "i.refund_id WHERE r.order_id = ? AND r.status = 'succeeded' GROUP BY i.order_item_id",
           {order_id}))
    out[r.str(0)] = r.i64(1);
  return out;
}

bool mark_unanswered(db::Session& s, const std::string& refund_id, bool unanswered) {
  return s.exec(
             "UPDATE refunds SET unanswered = ? WHERE id = ? AND unanswered = ? AND status = "
             "'pending'",
             {unanswered ? 1 : 0, refund_id, unanswered ? 0 : 1}) == 1;
}

std::vector<RefundRow> unanswered_refunds(db::Session& s, const std::string& order_id) {
  std::vector<RefundRow> out;
  for (const auto& r : s.query(std::string("SELECT ") + kRefundCols +
                                   " FROM refunds WHERE order_id = ? AND status = 'pending' AND "
                                   "unanswered = 1 AND source = 'api' ORDER BY created_at, id",
                               {order_id}))
    out.push_back(refund_from(r));
  return out;
}

void record_dispute_loss(db::Session& s, const std::string& order_id, int64_t amount,
                         int64_t now_ms) {
  // The dispute row already says 'lost'. Lock, then recompute (see unreserve_refund).
  auto row = s.query_one(
      "UPDATE order_payments SET updated_at = ? WHERE order_id = ? RETURNING refunded_minor, "
      "received_minor",
      {now_ms, order_id});
  if (!row) return;
  (void)amount;
  int64_t next = std::max(row->i64(0), std::min(row->i64(1), committed_back(s, order_id)));
  s.exec("UPDATE order_payments SET refunded_minor = ? WHERE order_id = ?", {next, order_id});
}

std::optional<DisputeStatus> upsert_dispute(db::Session& s, const DisputeRow& d, int64_t now_ms) {
  std::string status(to_string(d.status));
  auto before = s.query_one("SELECT status FROM disputes WHERE id = ?", {d.id});
  if (before) {
    // Only this function writes the column, with this enum's names.
    auto previous = parse_dispute_status(before->str(0));
    if (!previous) throw std::runtime_error("dispute " + d.id + " has an unknown status");
    s.exec("UPDATE disputes SET status = ?, updated_at = ? WHERE id = ?", {status, now_ms, d.id});
    return previous;
  }
  s.exec(
      "INSERT INTO disputes (id, order_id, amount_minor, reason, status, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {d.id, d.order_id, d.amount_minor, d.reason, status, now_ms, now_ms});
  return std::nullopt;
}

}  // namespace wolfix::payment::ledger
