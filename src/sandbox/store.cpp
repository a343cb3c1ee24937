#include "sandbox/store.hpp"

namespace wolfix::sandbox {
namespace {

constexpr const char* kIntentColumns =
    "id, client_secret, amount, amount_received, amount_refunded, currency, status, metadata, "
    "description, receipt_email, payment_method_types, automatic_payment_methods, payment_method, "
    "card_brand, card_last4, last_payment_error, latest_charge, charge_created, action_token, "
    "action_outcome, action_url, return_url, cancellation_reason, canceled_at, disputed, "
    "webhook_faults, created";

IntentRow intent_from_row(const db::Row& r) {
  IntentRow i;
  i.id = r.str(0);
  i.client_secret = r.str(1);
  i.amount = r.i64(2);
  i.amount_received = r.i64(3);
  i.amount_refunded = r.i64(4);
  i.currency = r.str(5);
  i.status = r.str(6);
  i.metadata_json = r.str(7);
  i.description = r.opt_str(8);
  i.receipt_email = r.opt_str(9);
  i.payment_method_types_json = r.str(10);
  i.automatic_payment_methods = r.boolean(11);
  i.payment_method = r.opt_str(12);
  i.card_brand = r.opt_str(13);
  i.card_last4 = r.opt_str(14);
  i.last_payment_error_json = r.opt_str(15);
  i.latest_charge = r.opt_str(16);
  i.charge_created = r.opt_i64(17);
  i.action_token = r.opt_str(18);
  i.action_outcome = r.opt_str(19);
  i.action_url = r.opt_str(20);
  i.return_url = r.opt_str(21);
  i.cancellation_reason = r.opt_str(22);
  i.canceled_at = r.opt_i64(23);
  i.disputed = r.boolean(24);
  i.webhook_faults = r.str(25);
  i.created = r.i64(26);
  return i;
}

db::Params intent_params(const IntentRow& i) {
  return {i.client_secret,
          i.amount,
          i.amount_received,
          i.amount_refunded,
          i.currency,
          i.status,
          i.metadata_json,
          i.description,
          i.receipt_email,
          i.payment_method_types_json,
          i.automatic_payment_methods,
          i.payment_method,
          i.card_brand,
          i.card_last4,
          i.last_payment_error_json,
          i.latest_charge,
          i.charge_created,
          i.action_token,
          i.action_outcome,
          i.action_url,
          i.return_url,
          i.cancellation_reason,
          i.canceled_at,
          i.disputed,
          i.webhook_faults,
          i.created,
          i.id};
}

RefundRow refund_from_row(const db::Row& r) {
  return {r.str(0), r.str(1),     r.str(2),     r.i64(3), r.str(4),
          r.str(5), r.opt_str(6), r.opt_str(7), r.str(8), r.i64(9)};
}

DisputeRow dispute_from_row(const db::Row& r) {
  return {r.str(0), r.str(1), r.str(2), r.i64(3), r.str(4), r.str(5), r.str(6), r.i64(7)};
}

}  // namespace

// A fresh intent (a random id) and the idempotency answer below run with exec_later: PostgreSQL
// sends them with the transaction's next statement or its COMMIT.
void insert_intent(db::Session& s, const IntentRow& i) {
  s.exec_later(
      "INSERT INTO sandbox_payment_intents (client_secret, amount, amount_received, "
      "amount_refunded, currency, status, metadata, description, receipt_email, "
      "payment_method_types, automatic_payment_methods, payment_method, card_brand, card_last4, "
      "last_payment_error, latest_charge, charge_created, action_token, action_outcome, "
      "action_url, return_url, cancellation_reason, canceled_at, disputed, webhook_faults, "
      "created, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      intent_params(i));
}

std::optional<IntentRow> find_intent(db::Session& s, const std::string& id, bool for_update) {
  std::string sql =
      std::string("SELECT ") + kIntentColumns + " FROM sandbox_payment_intents WHERE id = ?";
  if (for_update && s.is_postgres()) sql += " FOR UPDATE";
  auto row = s.query_one(sql, {id});
  if (!row) return std::nullopt;
  return intent_from_row(*row);
}

std::optional<IntentRow> find_intent_by_charge(db::Session& s, const std::string& charge_id) {
  auto row = s.query_one(std::string("SELECT ") + kIntentColumns +
                             " FROM sandbox_payment_intents WHERE latest_charge = ?",
                         {charge_id});
  if (!row) return std::nullopt;
  return intent_from_row(*row);
}

std::optional<IntentRow> find_intent_by_action(db::Session& s, const std::string& token) {
  std::string sql = std::string("SELECT ") + kIntentColumns +
                    " FROM sandbox_payment_intents WHERE action_token = ?";
  if (s.is_postgres()) sql += " FOR UPDATE";
  auto row = s.query_one(sql, {token});
  if (!row) return std::nullopt;
  return intent_from_row(*row);
}

// Every column of an intent, its id last (intent_params' order).
constexpr const char* kUpdateIntent =
    "UPDATE sandbox_payment_intents SET client_secret = ?, amount = ?, amount_received = ?, "
    "amount_refunded = ?, currency = ?, status = ?, metadata = ?, description = ?, "
    "receipt_email = ?, payment_method_types = ?, automatic_payment_methods = ?, "
    "payment_method = ?, card_brand = ?, card_last4 = ?, last_payment_error = ?, "
    "latest_charge = ?, charge_created = ?, action_token = ?, action_outcome = ?, "
    "action_url = ?, return_url = ?, cancellation_reason = ?, canceled_at = ?, disputed = ?, "
    "webhook_faults = ?, created = ? WHERE id = ?";

void update_intent(db::Session& s, const IntentRow& i) {
  s.exec_later(kUpdateIntent, intent_params(i));
}

bool update_intent_if_unchanged(db::Session& s, const IntentRow& i, const IntentRow& before) {
  static const std::string sql =
      std::string(kUpdateIntent) +
      " AND client_secret = ? AND amount = ? AND "
      "amount_received = ? AND amount_refunded = ? AND currency = ? AND status = ? AND "
      "metadata = ? AND description IS NOT DISTINCT FROM ? AND receipt_email IS NOT DISTINCT "
      "FROM ? AND payment_method_types = ? AND automatic_payment_methods = ? AND payment_method "
      "IS NOT DISTINCT FROM ? AND card_brand IS NOT DISTINCT FROM ? AND card_last4 IS NOT "
      "DISTINCT FROM ? AND last_payment_error IS NOT DISTINCT FROM ? AND latest_charge IS NOT "
      "DISTINCT FROM ? AND charge_created IS NOT DISTINCT FROM ? AND action_token IS NOT "
      "DISTINCT FROM ? AND action_outcome IS NOT DISTINCT FROM ? AND action_url IS NOT DISTINCT "
      "FROM ? AND return_url IS NOT DISTINCT FROM ? AND cancellation_reason IS NOT DISTINCT FROM "
      "? AND canceled_at IS NOT DISTINCT FROM ? AND disputed = ? AND webhook_faults = ? AND "
      "created = ?";
  db::Params params = intent_params(i);
  params.pop_back();  // the id, which the row keeps
  params.emplace_back(before.id);
  auto expected = intent_params(before);
  params.insert(params.end(), std::make_move_iterator(expected.begin()),
                std::make_move_iterator(expected.end() - 1));
  return s.exec_expecting_change(sql, params, "sandbox intent as remembered");
}

bool add_refunded(db::Session& s, const std::string& id, int64_t amount) {
  return s.exec(
             "UPDATE sandbox_payment_intents SET amount_refunded = amount_refunded + ? "
             "WHERE id = ? AND status = 'succeeded' AND amount_refunded + ? <= amount_received",
             {amount, id, amount}) == 1;
}

std::vector<IntentRow> recent_intents(db::Session& s, int limit) {
  std::vector<IntentRow> out;
  for (const auto& r : s.query(std::string("SELECT ") + kIntentColumns +
                                   " FROM sandbox_payment_intents ORDER BY created DESC, id "
                                   "DESC LIMIT ?",
                               {limit}))
    out.push_back(intent_from_row(r));
  return out;
}

void insert_refund(db::Session& s, const RefundRow& r) {
  s.exec(
      "INSERT INTO sandbox_refunds (id, payment_intent, charge, amount, currency, status, "
      "reason, failure_reason, metadata, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
      {r.id, r.payment_intent, r.charge, r.amount, r.currency, r.status, r.reason, r.failure_reason,
       r.metadata_json, r.created});
}

std::optional<RefundRow> find_refund(db::Session& s, const std::string& id) {
  auto row = s.query_one(
      "SELECT id, payment_intent, charge, amount, currency, status, reason, failure_reason, "
      "metadata, created FROM sandbox_refunds WHERE id = ?",
      {id});
  if (!row) return std::nullopt;
  return refund_from_row(*row);
}

void update_refund_status(db::Session& s, const std::string& id, const std::string& status,
                          const std::optional<std::string>& failure_reason) {
  s.exec("UPDATE sandbox_refunds SET status = ?, failure_reason = ? WHERE id = ?",
         {status, failure_reason, id});
}

void insert_dispute(db::Session& s, const DisputeRow& d) {
  s.exec(
      "INSERT INTO sandbox_disputes (id, payment_intent, charge, amount, currency, status, "
      "reason, created) VALUES (?,?,?,?,?,?,?,?)",
      {d.id, d.payment_intent, d.charge, d.amount, d.currency, d.status, d.reason, d.created});
}

std::optional<DisputeRow> find_dispute(db::Session& s, const std::string& id) {
  auto row = s.query_one(
      "SELECT id, payment_intent, charge, amount, currency, status, reason, created FROM "
      "sandbox_disputes WHERE id = ?",
      {id});
  if (!row) return std::nullopt;
  return dispute_from_row(*row);
}

std::optional<DisputeRow> find_dispute_for_intent(db::Session& s, const std::string& intent_id) {
  auto row = s.query_one(
      "SELECT id, payment_intent, charge, amount, currency, status, reason, created FROM "
      "sandbox_disputes WHERE payment_intent = ?",
      {intent_id});
  if (!row) return std::nullopt;
  return dispute_from_row(*row);
}

void update_dispute_status(db::Session& s, const std::string& id, const std::string& status) {
  s.exec("UPDATE sandbox_disputes SET status = ? WHERE id = ?", {status, id});
}

std::optional<IdempotencyRow> find_idempotency(db::Session& s, const std::string& api_key,
                                               const std::string& key) {
  auto row = s.query_one(
      "SELECT fingerprint, status, body, request_id, created_at FROM sandbox_idempotency WHERE "
      "api_key = ? AND idem_key = ?",
      {api_key, key});
  if (!row) return std::nullopt;
  return IdempotencyRow{row->str(0), static_cast<int>(row->i64(1)), row->str(2), row->str(3),
                        row->i64(4)};
}

bool claim_idempotency(db::Session& s, const std::string& api_key, const std::string& key,
                       const std::string& fingerprint, const std::string& request_id, int64_t now) {
  return s.exec(
             "INSERT INTO sandbox_idempotency (api_key, idem_key, fingerprint, status, body, "
             "request_id, created_at) VALUES (?,?,?,0,'',?,?) ON CONFLICT (api_key, idem_key) "
             "DO NOTHING",
             {api_key, key, fingerprint, request_id, now}) == 1;
}

void finish_idempotency(db::Session& s, const std::string& api_key, const std::string& key,
                        int status, const std::string& body) {
  s.exec_later(
      "UPDATE sandbox_idempotency SET status = ?, body = ? WHERE api_key = ? AND idem_key = ?",
      {status, body, api_key, key});
}

void insert_idempotency_answer(db::Session& s, const std::string& api_key, const std::string& key,
                               const std::string& fingerprint, const std::string& request_id,
                               int status, const std::string& body, int64_t now) {
  s.exec_later(
      "INSERT INTO sandbox_idempotency (api_key, idem_key, fingerprint, status, body, request_id, "
      "created_at) VALUES (?,?,?,?,?,?,?)",
      {api_key, key, fingerprint, status, body, request_id, now});
}

void release_idempotency(db::Session& s, const std::string& api_key, const std::string& key) {
  s.exec("DELETE FROM sandbox_idempotency WHERE api_key = ? AND idem_key = ?", {api_key, key});
}

int64_t count_fault_hit(db::Session& s, const std::string& scope) {
  auto row = s.query_one(
      "INSERT INTO sandbox_fault_hits (scope, hits) VALUES (?, 1) ON CONFLICT (scope) DO UPDATE "
      "SET hits = sandbox_fault_hits.hits + 1 RETURNING hits",
      {scope});
  return row ? row->i64(0) : 1;
}

}  // namespace wolfix::sandbox
