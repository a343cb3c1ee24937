#include "sandbox/events.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "common/crypto.hpp"
#include "common/json_writer.hpp"
#include "common/uuid.hpp"
#include "db/in_list.hpp"

namespace wolfix::sandbox {
namespace {

// Out-of-order events are held this long for a later event of the same object to overtake.
constexpr int64_t kOutOfOrderHoldMs = 3000;

std::string with_pending_webhooks(const std::string& body, int64_t pending) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return body;
  v.as_object()["pending_webhooks"] = pending;
  return boost::json::serialize(v);
}

// An event's webhooks still owed (Stripe's pending_webhooks) and whether one was delivered
// (GET /v1/events?delivery_success) are its deliveries' statuses: a delivery is marked once,
// and the event row is written once, when it is created.
constexpr const char* kPendingWebhooks =
    "(SELECT COUNT(*) FROM sandbox_deliveries d WHERE d.event_id = e.id AND d.status <> "
    "'delivered')";
constexpr const char* kDelivered =
    "EXISTS (SELECT 1 FROM sandbox_deliveries d WHERE d.event_id = e.id AND d.status = "
    "'delivered')";

std::optional<int64_t> seq_of(db::Session& s, const std::string& id) {
  auto row = s.query_one("SELECT seq FROM sandbox_events WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return row->i64(0);
}

}  // namespace

std::string emit_event(db::Session& s, const EventInput& in, const EmitSettings& settings) {
  std::string id = time_ordered_id("evt_", settings.now_ms, random_alnum(24 - kIdTimeDigits));
  int deliveries = settings.deliver && !in.faults.drop ? (in.faults.duplicate ? 2 : 1) : 0;
  int64_t created = settings.now_ms / 1000;
  JsonWriter w;
  w.begin_object()
      .field("id", id)
      .field("object", "event")
      .field("api_version", settings.api_version)
      .field("created", created)
      .key("data")
      .begin_object()
      .key("object")
      .raw(in.object_json);
  if (!in.previous_attributes_json.empty())
    w.key("previous_attributes").raw(in.previous_attributes_json);
  w.end_object().field("livemode", false).field("pending_webhooks", int64_t{deliveries});
  w.key("request").begin_object();
  if (in.request_id)
    w.field("id", *in.request_id);
  else
    w.key("id").null();
  if (in.idempotency_key)
    w.field("idempotency_key", *in.idempotency_key);
  else
    w.key("idempotency_key").null();
  w.end_object().field("type", in.type).end_object();
  // Fresh rows (random ids): sent with the transaction's next statement or its COMMIT.
  s.exec_later(
      "INSERT INTO sandbox_events (id, type, created, object_id, body, webhooks, delivered) "
      "VALUES (?,?,?,?,?,?,0)",
      {id, in.type, created, in.object_id, w.str(), deliveries});

  int64_t due = settings.now_ms + int64_t{in.faults.delay_seconds} * 1000;
  if (in.faults.out_of_order && deliveries > 0) {
    // Held events of this object not yet tried go after this one; this one is held in turn.
    int64_t held = s.exec(
        "UPDATE sandbox_deliveries SET next_attempt_at = ? WHERE object_id = ? AND status = "
        "'pending' AND attempts = 0 AND next_attempt_at > ?",
        {due, in.object_id, settings.now_ms});
    due = held > 0 ? due - 1 : due + kOutOfOrderHoldMs;
  }
  for (int i = 0; i < deliveries; ++i)
    s.exec_later(
        "INSERT INTO sandbox_deliveries (id, event_id, status, attempts, next_attempt_at, "
        "lease_until, stale_signature, object_id, created_at) VALUES (?,?,'pending',0,?,0,?,?,?)",
        {"whd_" + new_uuid_v7(), id, due, in.faults.stale_signature, in.object_id,
         settings.now_ms});
  return id;
}

std::optional<std::string> event_json(db::Session& s, const std::string& id) {
  auto row = s.query_one(
      std::string("SELECT body, ") + kPendingWebhooks + " FROM sandbox_events e WHERE id = ?",
      {id});
  if (!row) return std::nullopt;
  return with_pending_webhooks(row->str(0), row->i64(1));
}

std::string list_events_json(db::Session& s, const EventQuery& q) {
  std::string where = "1 = 1";
  db::Params params;
  if (!q.types.empty()) {
    std::string any;
    for (const auto& t : q.types) {
      any += any.empty() ? "" : " OR ";
      if (t.size() > 2 && t.ends_with(".*")) {
        any += "type LIKE ?";
        params.emplace_back(t.substr(0, t.size() - 1) + "%");
      } else {
        any += "type = ?";
        params.emplace_back(t);
      }
    }
    where += " AND (" + any + ")";
  }
  auto bound = [&](const std::optional<int64_t>& v, const char* op) {
    if (!v) return;
    where += std::string(" AND created ") + op + " ?";
    params.emplace_back(*v);
  };
  bound(q.created_gte, ">=");
  bound(q.created_gt, ">");
  bound(q.created_lte, "<=");
  bound(q.created_lt, "<");
  bound(q.created_eq, "=");
  if (q.delivery_success) {
    where += *q.delivery_success ? " AND " : " AND NOT ";
    where += kDelivered;
  }
  bool backwards = false;
  auto cursor = [&](const std::optional<std::string>& id, const char* param) {
    auto seq = seq_of(s, *id);
    if (!seq) throw invalid_request("resource_missing", "No such event: '" + *id + "'", param);
    return *seq;
  };
  if (q.starting_after) {
    where += " AND seq < ?";
    params.emplace_back(cursor(q.starting_after, "starting_after"));
  } else if (q.ending_before) {
    where += " AND seq > ?";
    params.emplace_back(cursor(q.ending_before, "ending_before"));
    backwards = true;
  }
  params.emplace_back(q.limit + 1);
  auto rows =
      s.query(std::string("SELECT body, ") + kPendingWebhooks + " FROM sandbox_events e WHERE " +
                  where + " ORDER BY seq " + (backwards ? "ASC" : "DESC") + " LIMIT ?",
              params);
  bool has_more = static_cast<int>(rows.size()) > q.limit;
  if (has_more) rows.pop_back();
  if (backwards) std::reverse(rows.begin(), rows.end());
  JsonWriter w;
  w.begin_object().field("object", "list").key("data").begin_array();
  for (const auto& r : rows) w.raw(with_pending_webhooks(r.str(0), r.i64(1)));
  w.end_array().field("has_more", has_more).field("url", "/v1/events").end_object();
  return w.take();
}

std::vector<Delivery> claim_due_deliveries(db::Session& s, int64_t now_ms, int64_t wall_ms,
                                           int64_t lease_until, const std::string& owner,
                                           int limit) {
  std::string pick =
      "SELECT id FROM sandbox_deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND "
      "lease_until <= ? ORDER BY next_attempt_at, id LIMIT ?";
  if (s.is_postgres()) pick += " FOR UPDATE SKIP LOCKED";
  auto rows = s.query(
      "UPDATE sandbox_deliveries SET lease_until = ?, lease_owner = ? WHERE id IN (" + pick +
          ") RETURNING id, event_id, object_id, attempts, stale_signature, next_attempt_at, "
          "created_at",
      {lease_until, owner, now_ms, wall_ms, limit});
  std::vector<Delivery> out;
  std::set<std::string> event_ids;
  for (const auto& r : rows) {
    Delivery d;
    d.id = r.str(0);
    d.event_id = r.str(1);
    d.object_id = r.str(2);
    d.attempts = static_cast<int>(r.i64(3));
    d.stale_signature = r.boolean(4);
    d.next_attempt_at = r.i64(5);
    d.created_at = r.i64(6);
    event_ids.insert(d.event_id);
    out.push_back(std::move(d));
  }
  if (!event_ids.empty()) {
    // The bodies of the whole batch in one statement, not one per delivery.
    std::string sql = "SELECT id, body FROM sandbox_events WHERE id IN (";
    db::Params params;
    db::append_in_list(sql, params, event_ids);
    std::map<std::string, std::string> bodies;
    for (auto& r : s.query(sql + ")", params)) bodies.emplace(r.str(0), r.str(1));
    for (auto& d : out)
      if (auto it = bodies.find(d.event_id); it != bodies.end()) d.body = it->second;
  }
  std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) {
    return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
  });
  return out;
}

void deliveries_succeeded(db::Session& s, const std::vector<Succeeded>& done,
                          const std::string& owner) {
  std::map<int, std::vector<std::string>> by_status;
  for (const auto& d : done) by_status[d.status].push_back(d.delivery->id);
  // Only deliveries still pending and leased by this node count: a delivery is marked once,
  // however often it is reported (its event's pending_webhooks is counted from these rows).
  for (const auto& [status, ids] : by_status) {
    db::Params params{status, owner};
    for (const auto& id : ids) params.emplace_back(id);
    db::pad_in_list(params);  // pads the ids (the last value)
    s.exec_later(
        "UPDATE sandbox_deliveries SET status = 'delivered', attempts = attempts + 1, "
        "last_status = ?, last_error = NULL, lease_until = 0 WHERE lease_owner = ? AND status = "
        "'pending' AND id IN (" +
            db::placeholders(params.size() - 2) + ")",
        params);
  }
}

void delivery_failed(db::Session& s, const Delivery& d, const std::string& owner, int status,
                     const std::string& error, int64_t now_ms, int64_t retry_base_ms) {
  int attempts = d.attempts + 1;
  bool give_up = now_ms - d.created_at >= kDeliveryGiveUpMs;
  s.exec(
      "UPDATE sandbox_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, "
      "lease_until = 0, stale_signature = 0, last_status = ?, last_error = ? WHERE id = ? AND "
      "lease_owner = ? AND status = 'pending'",
      {give_up ? "failed" : "pending", attempts, now_ms + retry_delay_ms(attempts, retry_base_ms),
       status == 0 ? std::optional<int>() : std::optional<int>(status), error.substr(0, 500), d.id,
       owner});
}

}  // namespace wolfix::sandbox
