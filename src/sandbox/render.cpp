#include "sandbox/render.hpp"

#include "common/json_writer.hpp"

namespace wolfix::sandbox {
namespace {

void opt(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  if (v)
    w.field(key, *v);
  else
    w.key(key).null();
}

void opt(JsonWriter& w, std::string_view key, const std::optional<int64_t>& v) {
  if (v)
    w.field(key, *v);
  else
    w.key(key).null();
}

void card_details(JsonWriter& w, const IntentRow& pi) {
  w.key("card").begin_object();
  opt(w, "brand", pi.card_brand);
  opt(w, "last4", pi.card_last4);
  w.end_object();
}

}  // namespace

std::string intent_json(const IntentRow& pi) {
  JsonWriter w;
  w.begin_object()
      .field("id", pi.id)
      .field("object", "payment_intent")
      .field("amount", pi.amount)
      .field("amount_capturable", int64_t{0})
      .key("amount_details")
      .raw("{\"tip\":{}}")
      .field("amount_received", pi.amount_received);
  w.key("application").null().key("application_fee_amount").null();
  if (pi.automatic_payment_methods)
    w.key("automatic_payment_methods").raw("{\"allow_redirects\":\"always\",\"enabled\":true}");
  else
    w.key("automatic_payment_methods").null();
  opt(w, "canceled_at", pi.canceled_at);
  opt(w, "cancellation_reason", pi.cancellation_reason);
  w.field("capture_method", "automatic")
      .field("client_secret", pi.client_secret)
      .field("confirmation_method", "automatic")
      .field("created", pi.created)
      .field("currency", pi.currency)
      .key("customer")
      .null();
  opt(w, "description", pi.description);
  if (pi.last_payment_error_json)
    w.key("last_payment_error").raw(*pi.last_payment_error_json);
  else
    w.key("last_payment_error").null();
  opt(w, "latest_charge", pi.latest_charge);
  w.field("livemode", false).key("metadata").raw(pi.metadata_json);
  if (pi.status == "requires_action" && pi.action_url) {
    w.key("next_action").begin_object().key("redirect_to_url").begin_object();
    w.field("url", *pi.action_url);
    opt(w, "return_url", pi.return_url);
    w.end_object().field("type", "redirect_to_url").end_object();
  } else {
    w.key("next_action").null();
  }
  w.key("on_behalf_of").null();
  opt(w, "payment_method", pi.payment_method);
  w.key("payment_method_configuration_details").null();
  w.key("payment_method_options").raw("{\"card\":{\"request_three_d_secure\":\"automatic\"}}");
  w.key("payment_method_types").raw(pi.payment_method_types_json);
  w.key("processing").null();
  opt(w, "receipt_email", pi.receipt_email);
  w.key("review").null().key("setup_future_usage").null().key("shipping").null();
  w.key("source").null().key("statement_descriptor").null();
  w.key("statement_descriptor_suffix").null();
  w.field("status", pi.status).key("transfer_data").null().key("transfer_group").null();
  w.end_object();
  return w.take();
}

std::string charge_json(const IntentRow& pi) {
  JsonWriter w;
  bool paid = pi.status == "succeeded";
  w.begin_object();
  opt(w, "id", pi.latest_charge);
  w.field("object", "charge")
      .field("amount", pi.amount)
      .field("amount_captured", pi.amount_received)
      .field("amount_refunded", pi.amount_refunded)
      .field("captured", paid)
      .field("created", pi.charge_created.value_or(pi.created))
      .field("currency", pi.currency)
      .field("disputed", pi.disputed)
      .field("livemode", false)
      .key("metadata")
      .raw(pi.metadata_json)
      .field("paid", paid)
      .field("payment_intent", pi.id);
  opt(w, "payment_method", pi.payment_method);
  w.key("payment_method_details").begin_object().field("type", "card");
  card_details(w, pi);
  w.end_object();
  w.field("refunded", paid && pi.amount_received > 0 && pi.amount_refunded >= pi.amount_received)
      .field("status", paid ? "succeeded" : "failed")
      .end_object();
  return w.take();
}

std::string refund_json(const RefundRow& r) {
  JsonWriter w;
  w.begin_object()
      .field("id", r.id)
      .field("object", "refund")
      .field("amount", r.amount)
      .key("balance_transaction")
      .null()
      .field("charge", r.charge)
      .field("created", r.created)
      .field("currency", r.currency)
      .key("destination_details")
      .raw("{\"card\":{\"type\":\"refund\"},\"type\":\"card\"}");
  if (r.failure_reason) w.field("failure_reason", *r.failure_reason);
  w.key("metadata").raw(r.metadata_json).field("payment_intent", r.payment_intent);
  opt(w, "reason", r.reason);
  w.key("receipt_number").null().key("source_transfer_reversal").null();
  w.field("status", r.status).key("transfer_reversal").null().end_object();
  return w.take();
}

std::string dispute_json(const DisputeRow& d) {
  JsonWriter w;
  w.begin_object()
      .field("id", d.id)
      .field("object", "dispute")
      .field("amount", d.amount)
      .field("charge", d.charge)
      .field("created", d.created)
      .field("currency", d.currency)
      .key("evidence")
      .raw("{}")
      .field("is_charge_refundable", false)
      .field("livemode", false)
      .key("metadata")
      .raw("{}")
      .field("payment_intent", d.payment_intent)
      .field("reason", d.reason)
      .field("status", d.status)
      .end_object();
  return w.take();
}

std::string payment_error_json(const CardOutcome& o, const std::string& charge_id,
                               const IntentRow& pi) {
  JsonWriter w;
  w.begin_object();
  if (o.type == "card_error") w.field("charge", charge_id);
  w.field("code", o.code);
  if (!o.decline_code.empty()) w.field("decline_code", o.decline_code);
  w.field("doc_url", doc_url(o.code)).field("message", o.message);
  if (!o.param.empty()) w.field("param", o.param);
  w.key("payment_method").begin_object();
  opt(w, "id", pi.payment_method);
  w.field("object", "payment_method").field("type", "card");
  card_details(w, pi);
  w.end_object();
  w.field("type", o.type).end_object();
  return w.take();
}

std::string error_body(const std::string& type, const std::string& code, const std::string& message,
                       const std::string& param, const std::string& decline_code,
                       const std::string& extra) {
  JsonWriter w;
  w.begin_object().key("error").begin_object();
  if (!code.empty()) w.field("code", code);
  if (!decline_code.empty()) w.field("decline_code", decline_code);
  if (!code.empty()) w.field("doc_url", doc_url(code));
  w.field("message", message);
  if (!param.empty()) w.field("param", param);
  w.field("type", type);
  std::string out = w.take();
  // Close the error object after the raw extra members, then the envelope.
  out += extra;
  out += "}}";
  return out;
}

}  // namespace wolfix::sandbox
