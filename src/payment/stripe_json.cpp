#include "payment/stripe_json.hpp"

#include <boost/json.hpp>

namespace wolfix::payment {
namespace json = boost::json;
namespace {

const json::value* field(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  auto* f = v.as_object().if_contains(key);
  return f && !f->is_null() ? f : nullptr;
}

std::string str(const json::value& v, std::string_view key) {
  auto* f = field(v, key);
  return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

std::optional<std::string> opt_str(const json::value& v, std::string_view key) {
  auto* f = field(v, key);
  if (!f || !f->is_string()) return std::nullopt;
  return std::string(f->as_string());
}

// An expandable field: an id string, or the object carrying an "id".
std::optional<std::string> ref(const json::value& v, std::string_view key) {
  auto* f = field(v, key);
  if (!f) return std::nullopt;
  if (f->is_string()) return std::string(f->as_string());
  if (f->is_object()) return opt_str(*f, "id");
  return std::nullopt;
}

int64_t i64(const json::value& v, std::string_view key) {
  auto* f = field(v, key);
  if (!f) return 0;
  if (f->is_int64()) return f->as_int64();
  if (f->is_uint64()) return static_cast<int64_t>(f->as_uint64());
  // Stripe sends integers; a double out of int64's range would make the cast undefined (found
  // by tests/fuzz stripe_event), so such a value reads as absent.
  if (f->is_double()) {
    double d = f->as_double();
    return d >= -9e18 && d <= 9e18 ? static_cast<int64_t>(d) : 0;
  }
  return 0;
}

std::optional<int64_t> opt_i64(const json::value& v, std::string_view key) {
  if (!field(v, key)) return std::nullopt;
  return i64(v, key);
}

bool boolean(const json::value& v, std::string_view key) {
  auto* f = field(v, key);
  return f && f->is_bool() && f->as_bool();
}

Metadata metadata(const json::value& v) {
  Metadata out;
  auto* f = field(v, "metadata");
  if (!f || !f->is_object()) return out;
  for (const auto& [k, val] : f->as_object())
    if (val.is_string()) out[std::string(k)] = std::string(val.as_string());
  return out;
}

// The fields every Stripe money object carries (PaymentIntent, Charge, Refund, Dispute).
template <class T>
T money_object(const json::value& v) {
  T out;
  out.id = str(v, "id");
  out.status = str(v, "status");
  out.amount = i64(v, "amount");
  out.currency = str(v, "currency");
  return out;
}

// An expandable reference that the object always has ("" when it is missing).
std::string ref_id(const json::value& v, std::string_view key) {
  return ref(v, key).value_or("");
}

}  // namespace

ProviderErrorInfo error_info_from_json(const json::value& v) {
  return {str(v, "type"), str(v, "code"), str(v, "decline_code"), str(v, "message"),
          str(v, "param")};
}

PaymentIntent intent_from_json(const json::value& v) {
  auto pi = money_object<PaymentIntent>(v);
  pi.amount_received = i64(v, "amount_received");
  pi.client_secret = str(v, "client_secret");
  pi.metadata = metadata(v);
  if (auto* e = field(v, "last_payment_error"); e && e->is_object())
    pi.last_payment_error = error_info_from_json(*e);
  pi.latest_charge = ref(v, "latest_charge");
  pi.payment_method = ref(v, "payment_method");
  if (auto* t = field(v, "payment_method_types"); t && t->is_array())
    for (const auto& x : t->as_array())
      if (x.is_string()) pi.payment_method_types.emplace_back(x.as_string());
  pi.description = opt_str(v, "description");
  pi.receipt_email = opt_str(v, "receipt_email");
  pi.created = i64(v, "created");
  pi.canceled_at = opt_i64(v, "canceled_at");
  pi.cancellation_reason = opt_str(v, "cancellation_reason");
  if (auto* na = field(v, "next_action"))
    if (auto* r = field(*na, "redirect_to_url")) pi.next_action_url = opt_str(*r, "url");
  pi.livemode = boolean(v, "livemode");
  return pi;
}

Refund refund_from_json(const json::value& v) {
  auto r = money_object<Refund>(v);
  r.payment_intent = ref_id(v, "payment_intent");
  r.charge = ref_id(v, "charge");
  r.reason = opt_str(v, "reason");
  r.failure_reason = opt_str(v, "failure_reason");
  r.metadata = metadata(v);
  r.created = i64(v, "created");
  return r;
}

Charge charge_from_json(const json::value& v) {
  auto c = money_object<Charge>(v);
  c.amount_captured = i64(v, "amount_captured");
  c.amount_refunded = i64(v, "amount_refunded");
  c.payment_intent = ref_id(v, "payment_intent");
  c.refunded = boolean(v, "refunded");
  c.disputed = boolean(v, "disputed");
  c.metadata = metadata(v);
  return c;
}

Dispute dispute_from_json(const json::value& v) {
  auto d = money_object<Dispute>(v);
  d.charge = ref_id(v, "charge");
  d.payment_intent = ref_id(v, "payment_intent");
  d.reason = str(v, "reason");
  return d;
}

Event event_from_json(const json::value& v) {
  if (str(v, "object") != "event" || str(v, "id").empty())
    throw std::invalid_argument("not a Stripe event");
  Event e;
  e.id = str(v, "id");
  e.type = str(v, "type");
  e.created = i64(v, "created");
  e.livemode = boolean(v, "livemode");
  e.api_version = str(v, "api_version");
  e.pending_webhooks = i64(v, "pending_webhooks");
  if (auto* r = field(v, "request"); r && r->is_object()) {
    e.request_id = opt_str(*r, "id");
    e.idempotency_key = opt_str(*r, "idempotency_key");
  }
  auto* data = field(v, "data");
  auto* obj = data ? field(*data, "object") : nullptr;
  if (!obj || !obj->is_object()) throw std::invalid_argument("event without data.object");
  e.object_type = str(*obj, "object");
  e.object_id = str(*obj, "id");
  e.object_json = json::serialize(*obj);
  if (e.object_type == "payment_intent")
    e.payment_intent = intent_from_json(*obj);
  else if (e.object_type == "charge")
    e.charge = charge_from_json(*obj);
  else if (e.object_type == "refund")
    e.refund = refund_from_json(*obj);
  else if (e.object_type == "dispute")
    e.dispute = dispute_from_json(*obj);
  return e;
}

Event parse_event(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) throw std::invalid_argument("event is not JSON");
  return event_from_json(v);
}

}  // namespace wolfix::payment
