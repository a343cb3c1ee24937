#pragma once
// The sandbox's events and their webhook deliveries (tables sandbox_events, sandbox_deliveries).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "sandbox/model.hpp"

namespace wolfix::sandbox {

struct EventInput {
  std::string type;
  std::string object_id;
  std::string object_json;
  std::string previous_attributes_json;  // "" = none
  std::optional<std::string> request_id;
  std::optional<std::string> idempotency_key;
  WebhookFaults faults;
};

struct EmitSettings {
  int64_t now_ms = 0;
  bool deliver = true;  // a webhook endpoint is configured
  std::string api_version;
};

// Records the event and schedules its deliveries (after the faults); returns the event id.
std::string emit_event(db::Session& s, const EventInput& in, const EmitSettings& settings);

std::optional<std::string> event_json(db::Session& s, const std::string& id);

struct EventQuery {
  std::vector<std::string> types;  // "a.b.*" wildcards allowed
  std::optional<int64_t> created_gte, created_gt, created_lte, created_lt, created_eq;
  std::optional<bool> delivery_success;
  std::optional<std::string> starting_after, ending_before;
  int limit = 10;
};
// Stripe's list object, newest first. Throws StripeError for an unknown cursor.
std::string list_events_json(db::Session& s, const EventQuery& q);

struct Delivery {
  std::string id, event_id, object_id;
  int attempts = 0;
  bool stale_signature = false;
  int64_t next_attempt_at = 0;
  int64_t created_at = 0;
  std::string body;  // the event JSON, as sent
};

// Leases up to `limit` due deliveries to `owner` until `lease_until_wall_ms`.
std::vector<Delivery> claim_due_deliveries(db::Session& s, int64_t now_ms, int64_t wall_ms,
                                           int64_t lease_until_wall_ms, const std::string& owner,
                                           int limit);
// A round's delivered deliveries (each with the status it was answered): a statement per
// distinct status (usually one), not one per delivery. The events are not written: what they
// owe is counted from their deliveries.
struct Succeeded {
  const Delivery* delivery;
  int status;
};
void deliveries_succeeded(db::Session& s, const std::vector<Succeeded>& done,
                          const std::string& owner);
// Schedules the next attempt, or gives up after kDeliveryGiveUpMs.
void delivery_failed(db::Session& s, const Delivery& d, const std::string& owner, int status,
                     const std::string& error, int64_t now_ms, int64_t retry_base_ms);

}  // namespace wolfix::sandbox
