// The probe's carts, orders, payments and the sandbox provider's records (probe.hpp).
#include "probe.hpp"

namespace wolfix::test {

// ---- carts and orders -------------------------------------------------------------------------

void Probe::add_cart_line(const std::string& id, const std::string& customer_id,
                          const std::string& product_id, int quantity, int64_t now) {
  exec(
      "INSERT INTO cart_items (id, customer_id, product_id, quantity, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {id, customer_id, product_id, quantity, now});
}

bool Probe::cart_line_exists(const std::string& cart_item_id) {
  return count("SELECT COUNT(*) FROM cart_items WHERE id = ?", {cart_item_id}) > 0;
}

bool Probe::order_exists(const std::string& order_id) {
  return count("SELECT COUNT(*) FROM orders WHERE id = ?", {order_id}) == 1;
}

int64_t Probe::orders_total() {
  return count("SELECT COUNT(*) FROM orders");
}

std::vector<Probe::OrderSummary> Probe::all_orders() {
  return db_->read([&](db::Session& s) {
    std::vector<OrderSummary> out;
    for (const auto& row :
         s.query("SELECT id, payment_option, payment_status, delivery_status FROM orders"))
      out.push_back({row.str(0), row.i64(1), row.i64(2), row.i64(3)});
    return out;
  });
}

int64_t Probe::payment_status(const std::string& order_id) {
  return db_->read([&](db::Session& s) {
    return s.query_one("SELECT payment_status FROM orders WHERE id = ?", {order_id})->i64(0);
  });
}

int64_t Probe::delivery_status(const std::string& order_id) {
  return db_->read([&](db::Session& s) {
    return s.query_one("SELECT delivery_status FROM orders WHERE id = ?", {order_id})->i64(0);
  });
}

int64_t Probe::payment_transitions(const std::string& order_id, int64_t to) {
  return count(
      "SELECT COUNT(*) FROM order_history WHERE order_id = ? AND what = 'paymentStatus' AND "
      "to_value = ?",
      {order_id, to});
}

int64_t Probe::orders_with_repeated_transition(int64_t to) {
  return count(
      "SELECT COUNT(*) FROM (SELECT order_id FROM order_history WHERE what = 'paymentStatus' "
      "AND to_value = ? GROUP BY order_id HAVING COUNT(*) > 1) t",
      {to});
}

int64_t Probe::refunded_orders_not_restocked() {
  return count(
      "SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id "
      "WHERE o.payment_status = 4 AND i.restocked_quantity <> i.quantity");
}

int64_t Probe::units_ordered(const std::string& product_id) {
  return count("SELECT COALESCE(SUM(quantity), 0) FROM order_items WHERE product_id = ?",
               {product_id});
}

int64_t Probe::order_children_without_order() {
  return count(
      "SELECT (SELECT COUNT(*) FROM order_items i WHERE NOT EXISTS "
      "(SELECT 1 FROM orders o WHERE o.id = i.order_id)) + (SELECT COUNT(*) FROM order_history h "
      "WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = h.order_id))");
}

int64_t Probe::units_held(const std::string& product_id) {
  return count(
      "SELECT COALESCE(SUM(i.quantity - i.restocked_quantity), 0) FROM order_items i "
      "JOIN orders o ON o.id = i.order_id WHERE i.product_id = ? AND o.delivery_status <> 3",
      {product_id});
}

int64_t Probe::units_held_by_all_orders() {
  return count("SELECT COALESCE(SUM(quantity - restocked_quantity), 0) FROM order_items");
}

void Probe::mark_card_refunded(const std::string& order_id) {
  exec("UPDATE orders SET payment_option = 1, payment_status = 4 WHERE id = ?", {order_id});
}

void Probe::set_refunded_quantity(const std::string& order_id, int64_t quantity) {
  exec("UPDATE order_items SET refunded_quantity = ? WHERE order_id = ?", {quantity, order_id});
}

void Probe::mark_delivered_and_paid(const std::string& customer_id) {
  exec("UPDATE orders SET delivery_status = 2, payment_status = 2 WHERE customer_id = ?",
       {customer_id});
}

void Probe::touch_order(const std::string& order_id) {
  exec("UPDATE orders SET updated_at = updated_at WHERE id = ?", {order_id});
}

void Probe::set_idempotency_fingerprint(const std::string& key, const std::string& fingerprint) {
  exec("UPDATE idempotency_keys SET fingerprint = ? WHERE idem_key = ?", {fingerprint, key});
}

// ---- payments ---------------------------------------------------------------------------------

int64_t Probe::payment_events(const std::string& order_id, const std::string& kind) {
  return count("SELECT COUNT(*) FROM payment_events WHERE order_id = ? AND kind = ?",
               {order_id, kind});
}

int64_t Probe::history_rows(const std::string& order_id, const std::string& what) {
  return count("SELECT COUNT(*) FROM order_history WHERE order_id = ? AND what = ?",
               {order_id, what});
}

void Probe::store_payment_intent_entry_as_before(const std::string& order_id) {
  db_->write([&](db::Session& s) {
    s.exec(
        "INSERT INTO order_history (id, order_id, at, actor_role, actor_id, what, from_value, "
        "to_value, note) SELECT '00000000-0000-7000-8000-000000000000', id, payment_intent_at, "
        "'Payments', NULL, 'paymentIntent', NULL, NULL, payment_intent_id FROM orders WHERE id = "
        "? AND payment_intent_at IS NOT NULL",
        {order_id});
    s.exec("UPDATE orders SET payment_intent_at = NULL WHERE id = ?", {order_id});
  });
}

void Probe::store_intent_created_as_before(const std::string& order_id) {
  db_->write([&](db::Session& s) {
    // Its id sorts first, as the first entry the order's checkout stored did.
    s.exec(
        "INSERT INTO payment_events (id, order_id, at, kind, amount_minor, provider_ref, code, "
        "source, detail) SELECT '00000000-0000-7000-8000-000000000000', order_id, created_at, "
        "'intent_created', amount_minor, intent_id, intent_created_status, 'client', NULL FROM "
        "order_payments WHERE order_id = ? AND intent_created_status IS NOT NULL",
        {order_id});
    s.exec("UPDATE order_payments SET intent_created_status = NULL WHERE order_id = ?", {order_id});
  });
}

void Probe::store_paid_as_before(const std::string& order_id) {
  db_->write([&](db::Session& s) {
    s.exec(
        "INSERT INTO payment_events (id, order_id, at, kind, amount_minor, provider_ref, code, "
        "source, detail) SELECT paid_event_id, order_id, paid_at, 'paid', paid_amount, "
        "intent_id, NULL, paid_source, NULL FROM order_payments WHERE order_id = ? AND "
        "paid_event_id IS NOT NULL",
        {order_id});
    s.exec(
        "UPDATE order_payments SET paid_event_id = NULL, paid_at = NULL, paid_amount = NULL, "
        "paid_source = NULL WHERE order_id = ?",
        {order_id});
  });
}

void Probe::store_webhook_entries_as_before(const std::string& order_id) {
  db_->write([&](db::Session& s) {
    s.exec(
        "INSERT INTO payment_events (id, order_id, at, kind, amount_minor, provider_ref, code, "
        "source, detail) SELECT history_id, order_id, received_at, 'webhook:' || type, "
        "history_amount, event_id, history_code, 'webhook', NULL FROM webhook_events WHERE "
        "order_id = ? AND history_id IS NOT NULL",
        {order_id});
    s.exec(
        "UPDATE webhook_events SET history_id = NULL, history_amount = NULL, history_code = NULL "
        "WHERE order_id = ?",
        {order_id});
  });
}

std::string Probe::payment_client_secret(const std::string& order_id) {
  return db_->read([&](db::Session& s) {
    return s.query_one("SELECT client_secret FROM order_payments WHERE order_id = ?", {order_id})
        ->str(0);
  });
}

int64_t Probe::refunds_pending() {
  return count("SELECT COUNT(*) FROM refunds WHERE status = 'pending'");
}

Probe::RefundRow Probe::refund(const std::string& refund_id) {
  return db_->read([&](db::Session& s) {
    auto row = *s.query_one(
        "SELECT r.provider_refund_id, r.amount_minor, p.intent_id, p.currency FROM refunds r "
        "JOIN order_payments p ON p.order_id = r.order_id WHERE r.id = ?",
        {refund_id});
    return RefundRow{row.str(0), row.str(2), row.str(3), row.i64(1)};
  });
}

std::map<std::string, Probe::PaidOutcome> Probe::paid_outcomes(const std::string& customer_id) {
  // One query: the race suite reads a thousand orders at once.
  auto rows = db_->read([&](db::Session& s) {
    return s.query(
        "SELECT o.id, o.payment_status, "
        " (SELECT COUNT(*) FROM order_history h WHERE h.order_id = o.id "
        "   AND h.what = 'paymentStatus' AND h.to_value = 2), "
        " (SELECT COUNT(*) FROM payment_events e WHERE e.order_id = o.id AND e.kind = 'paid') "
        "   + (SELECT COUNT(*) FROM order_payments p WHERE p.order_id = o.id "
        "   AND p.paid_event_id IS NOT NULL), "
        " (SELECT COUNT(*) FROM payment_events e WHERE e.order_id = o.id "
        "   AND e.kind = 'webhook:payment_intent.succeeded') "
        "   + (SELECT COUNT(*) FROM webhook_events w WHERE w.order_id = o.id "
        "   AND w.type = 'payment_intent.succeeded' AND w.history_id IS NOT NULL), "
        " (SELECT COUNT(*) FROM notifications n WHERE n.dedup_key = 'order_paid:' || o.id), "
        " (SELECT MIN(p.received_minor) FROM order_payments p WHERE p.order_id = o.id), "
        " (SELECT MIN(p.refunded_minor) FROM order_payments p WHERE p.order_id = o.id), "
        " (SELECT MIN(pr.stock) FROM order_items i JOIN products pr ON pr.id = i.product_id "
        "   WHERE i.order_id = o.id), "
        " (SELECT COUNT(*) FROM order_payments p WHERE p.order_id = o.id), "
        " (SELECT COUNT(*) FROM webhook_events w WHERE w.order_id = o.id "
        "   AND w.type = 'payment_intent.succeeded'), "
        " (SELECT MIN(x.source) FROM (SELECT e.source FROM payment_events e "
        "   WHERE e.order_id = o.id AND e.kind = 'paid' UNION ALL SELECT p.paid_source FROM "
        "   order_payments p WHERE p.order_id = o.id AND p.paid_event_id IS NOT NULL) x) "
        "FROM orders o WHERE o.customer_id = ?",
        {customer_id});
  });
  std::map<std::string, PaidOutcome> out;
  for (const auto& r : rows) {
    PaidOutcome o{r.i64(1),
                  r.i64(2),
                  r.i64(3),
                  r.i64(4),
                  r.i64(5),
                  r.opt_i64(6).value_or(-1),
                  r.opt_i64(7).value_or(-1),
                  r.opt_i64(8).value_or(-1),
                  r.i64(9),
                  r.i64(10),
                  r.opt_str(11).value_or("")};
    out.emplace(r.str(0), o);
  }
  return out;
}

std::map<std::string, Probe::RefundOutcome> Probe::refund_outcomes(const std::string& customer_id) {
  auto rows = db_->read([&](db::Session& s) {
    return s.query(
        "SELECT o.id, o.payment_status, "
        " (SELECT COUNT(*) FROM order_history h WHERE h.order_id = o.id "
        "   AND h.what = 'paymentStatus' AND h.to_value = 4), "
        " (SELECT COUNT(*) FROM refunds r WHERE r.order_id = o.id AND r.status = 'succeeded'), "
        " (SELECT COUNT(*) FROM refunds r WHERE r.order_id = o.id AND r.status = 'pending'), "
        " (SELECT COUNT(*) FROM payment_events e WHERE e.order_id = o.id "
        "   AND e.kind = 'refunded'), "
        " (SELECT MIN(p.refunded_minor) FROM order_payments p WHERE p.order_id = o.id), "
        " (SELECT MIN(pr.stock) FROM order_items i JOIN products pr ON pr.id = i.product_id "
        "   WHERE i.order_id = o.id), "
        " (SELECT COUNT(*) FROM notifications n JOIN refunds r "
        "   ON n.dedup_key = 'refund:' || r.id WHERE r.order_id = o.id), "
        " (SELECT COUNT(*) FROM payment_events e WHERE e.order_id = o.id "
        "   AND e.kind = 'dispute_lost') "
        "FROM orders o WHERE o.customer_id = ?",
        {customer_id});
  });
  std::map<std::string, RefundOutcome> out;
  for (const auto& r : rows)
    out.emplace(r.str(0), RefundOutcome{r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.i64(5),
                                        r.opt_i64(6).value_or(-1), r.opt_i64(7).value_or(-1),
                                        r.i64(8), r.i64(9)});
  return out;
}

void Probe::retry_once_when_webhook_recorded(const std::string& event_id) {
  db_->fail_commit_once_when([event_id](db::Session& s) {
    return s.query_one("SELECT 1 FROM webhook_events WHERE event_id = ?", {event_id}).has_value();
  });
}

void Probe::retry_once_when_refund_failed(const std::string& refund_id) {
  db_->fail_commit_once_when([refund_id](db::Session& s) {
    return s.query_one("SELECT 1 FROM refunds WHERE id = ? AND status = 'failed'", {refund_id})
        .has_value();
  });
}

void Probe::disarm_retry() {
  db_->fail_commit_once_when(nullptr);
}

int Probe::injected_failures() {
  return db_->injected_failures();
}

// ---- the sandbox provider's own records -------------------------------------------------------

void Probe::reopen_intent(const std::string& intent_id) {
  exec("UPDATE sandbox_payment_intents SET status = 'requires_payment_method' WHERE id = ?",
       {intent_id});
}

int64_t Probe::sandbox_refunds_total(const std::string& intent_id) {
  return db_->read([&](db::Session& s) {
    return s
        .query_one("SELECT SUM(amount) FROM sandbox_refunds WHERE payment_intent = ?", {intent_id})
        ->i64(0);
  });
}

bool Probe::sandbox_idempotency_key_stored(const std::string& key) {
  return db_->read([&](db::Session& s) {
    return s.query_one("SELECT 1 FROM sandbox_idempotency WHERE idem_key = ?", {key}).has_value();
  });
}

std::string Probe::sandbox_dump() {
  return db_->read([&](db::Session& s) {
    std::string all;
    for (const char* t : {"sandbox_payment_intents", "sandbox_events", "sandbox_idempotency"})
      for (const auto& row : s.query(std::string("SELECT * FROM ") + t))
        for (std::size_t i = 0; i < row.size(); ++i) all += row.str(i) + "|";
    return all;
  });
}

std::optional<Probe::Delivery> Probe::delivery(const std::string& object_id,
                                               const std::string& event_type) {
  return db_->read([&](db::Session& s) -> std::optional<Delivery> {
    auto row = event_type.empty()
                   ? s.query_one(
                         "SELECT attempts, next_attempt_at, status, last_status FROM "
                         "sandbox_deliveries WHERE object_id = ?",
                         {object_id})
                   : s.query_one(
                         "SELECT d.attempts, d.next_attempt_at, d.status, d.last_status FROM "
                         "sandbox_deliveries d JOIN sandbox_events e ON e.id = d.event_id "
                         "WHERE e.object_id = ? AND e.type = ?",
                         {object_id, event_type});
    if (!row) return std::nullopt;
    return Delivery{row->i64(0), row->opt_i64(1), row->opt_i64(3), row->str(2)};
  });
}

}  // namespace wolfix::test
