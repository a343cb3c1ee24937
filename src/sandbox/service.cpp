#include "sandbox/service.hpp"

#include <algorithm>
#include <charconv>

#include "common/crypto.hpp"
#include "common/json_writer.hpp"
#include "common/money.hpp"
#include "sandbox/events.hpp"
#include "sandbox/render.hpp"

namespace wolfix::sandbox {
namespace {

constexpr int64_t kMaxAmount = 99'999'999;
constexpr int64_t kIdempotencyTtlMs = 24LL * 3600 * 1000;
constexpr int64_t kInFlightTakeoverMs = 60'000;

StripeError no_such(const std::string& what, const std::string& id, const std::string& param) {
  return StripeError(404, "invalid_request_error", "resource_missing",
                     "No such " + what + ": '" + id + "'", param);
}

StripeError missing_param(const std::string& name) {
  return invalid_request("parameter_missing", "Missing required param: " + name + ".", name);
}

std::optional<int64_t> parse_i64(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

int64_t required_int(const FormFields& f, const std::string& name) {
  auto text = f.get(name);
  if (!text || text->empty()) throw missing_param(name);
  auto v = parse_i64(*text);
  if (!v) throw invalid_request("parameter_invalid_integer", "Invalid integer: " + *text, name);
  return *v;
}

std::string metadata_json(const std::map<std::string, std::string>& m) {
  if (m.size() > 50)
    throw invalid_request("parameter_invalid_empty", "Metadata can have at most 50 keys.",
                          "metadata");
  JsonWriter w;
  w.begin_object();
  for (const auto& [k, v] : m) {
    if (k.size() > 40)
      throw invalid_request("parameter_invalid_string",
                            "Metadata keys can be at most 40 characters long.",
                            "metadata[" + k + "]");
    if (v.size() > 500)
      throw invalid_request("parameter_invalid_string",
                            "Metadata values can be at most 500 characters long.",
                            "metadata[" + k + "]");
    w.field(k, v);
  }
  w.end_object();
  return w.take();
}

std::string string_array_json(const std::vector<std::string>& items) {
  JsonWriter w;
  w.begin_array();
  for (const auto& i : items) w.string(i);
  w.end_array();
  return w.take();
}

std::string status_change(const std::string& old_status) {
  JsonWriter w;
  w.begin_object().field("status", old_status).end_object();
  return w.take();
}

std::string unexpected_state(const std::string& verb, const IntentRow& pi,
                             const std::string& extra = {}) {
  return "You cannot " + verb + " this PaymentIntent because it has a status of " + pi.status +
         "." + extra;
}

std::string money_text(int64_t minor, const std::string& currency) {
  std::string upper = currency;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper + " " + format_minor(minor, currency_exponent(currency));
}

}  // namespace

std::string Service::new_id(const char* prefix) const {
  return time_ordered_id(prefix, clock_.now_ms(), random_alnum(24 - kIdTimeDigits));
}

namespace {}  // namespace

Service::Service(db::Database& db, Clock& clock, SandboxOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

template <class F>
Answer Service::run_in_one_round_trip(const CallInfo& c, F&& f) {
  Answer a = write(db_, [&](db::Session& s) {
    // Safe to send whole (never resent on a new connection): the caller's retry carries the
    // key, and finds the answer if this commit happened.
    s.commit_in_one_round_trip();
    Answer out = f(s);
    if (c.idempotency_key && c.fingerprint)
      insert_idempotency_answer(s, c.api_key, *c.idempotency_key, *c.fingerprint, c.request_id,
                                out.status, out.body, clock_.now_ms());
    else if (c.idempotency_key)
      finish_idempotency(s, c.api_key, *c.idempotency_key, out.status, out.body);
    return out;
  });
  if (on_events) on_events();
  return a;
}

template <class F>
Answer Service::run(const CallInfo& c, F&& f) {
  if (c.idempotency_key && c.fingerprint) {
    // The usual key is new: the operation runs and the key is stored with its answer by one
    // INSERT sent with the COMMIT. A key already there (a replay, a request in flight, other
    // parameters, a key past its 24 hours) or one a concurrent request stores first fails that
    // INSERT, which rolls the operation back; it then runs again behind the key's claim below.
    try {
      return run_in_one_round_trip(c, f);
    } catch (const db::UniqueViolation&) {
      // Whatever the violated key, the claimed run below is the operation as it always was.
    } catch (const StripeError&) {
      // A replay is answered as the first request was, even when the operation would fail now
      // (an intent refunded already); a new key meets the same error again below.
    }
  }
  Answer a = write(db_, [&](db::Session& s) {
    if (c.idempotency_key && c.fingerprint) {
      // The key is claimed, used and completed in one transaction: a concurrent request with
      // it runs after this one commits (SQLite's writes are serial; on PostgreSQL its INSERT
      // waits for this one's row) and replays its answer.
      auto claim =
          claim_in(s, c.api_key, *c.idempotency_key, *c.fingerprint, c.request_id, clock_.now_ms());
      if (!claim.proceed) {
        Answer out = std::move(claim.answer);
        out.replay = claim.replay;
        out.original_request = std::move(claim.original_request);
        return out;
      }
    }
    Answer out = f(s);
    if (c.idempotency_key)
      finish_idempotency(s, c.api_key, *c.idempotency_key, out.status, out.body);
    return out;
  });
  if (on_events) on_events();
  return a;
}

void Service::emit(db::Session& s, const CallInfo& c, const IntentRow& pi, const std::string& type,
                   const std::string& object_json, const std::string& previous) {
  EventInput in{type,
                pi.id,
                object_json,
                previous,
                c.request_id.empty() ? std::nullopt : std::optional(c.request_id),
                c.idempotency_key,
                parse_webhook_faults(pi.webhook_faults)};
  const auto& enabled = options_.webhook_events;
  bool subscribed =
      enabled.empty() || std::find(enabled.begin(), enabled.end(), type) != enabled.end();
  emit_event(s, in,
             {clock_.now_ms(), options_.deliver_webhooks && subscribed, options_.api_version});
}

Answer Service::create_intent(const FormFields& f, const CallInfo& c) {
  IntentRow pi;
  pi.amount = required_int(f, "amount");
  if (pi.amount < 1)
    throw invalid_request("amount_too_small",
                          "Amount must be at least 1 in the smallest currency unit.", "amount");
  if (pi.amount > kMaxAmount)
    throw invalid_request("amount_too_large", "Amount must be no more than 99999999.", "amount");
  auto currency = f.get("currency");
  if (!currency || currency->empty()) throw missing_param("currency");
  pi.currency = *currency;
  for (auto& ch : pi.currency) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  bool letters = pi.currency.size() == 3;
  for (char ch : pi.currency) letters = letters && ch >= 'a' && ch <= 'z';
  if (!letters) throw invalid_request("", "Invalid currency: " + *currency + ".", "currency");
  auto metadata = f.prefixed("metadata");
  pi.metadata_json = metadata_json(metadata);
  if (auto it = metadata.find("sandbox_webhook"); options_.fault_knobs && it != metadata.end())
    pi.webhook_faults = parse_webhook_faults(it->second).to_string();
  auto types = f.list("payment_method_types");
  pi.automatic_payment_methods = types.empty();
  if (auto apm = f.get("automatic_payment_methods[enabled]")) {
    pi.automatic_payment_methods = *apm == "true";
    if (pi.automatic_payment_methods && !types.empty())
      throw invalid_request("parameter_unknown",
                            "You may only specify one of these parameters: "
                            "automatic_payment_methods, payment_method_types.",
                            "payment_method_types");
  }
  if (types.empty()) types = options_.payment_method_types;
  for (const auto& t : types)
    if (t != "card")
      throw invalid_request("payment_intent_invalid_parameter",
                            "The payment method type \"" + t +
                                "\" is not supported by the sandbox; it knows only \"card\".",
                            "payment_method_types");
  pi.payment_method_types_json = string_array_json(types);
  pi.description = f.get("description");
  pi.receipt_email = f.get("receipt_email");
  if (pi.receipt_email && pi.receipt_email->find('@') == std::string::npos)
    throw invalid_request("email_invalid", "Invalid email address: " + *pi.receipt_email,
                          "receipt_email");
  if (auto cm = f.get("capture_method"); cm && *cm != "automatic" && *cm != "automatic_async")
    throw invalid_request("parameter_invalid_string",
                          "The sandbox supports only capture_method=automatic.", "capture_method");
  pi.return_url = allowed_return_url(f);
  bool confirm = f.get("confirm").value_or("false") == "true";
  auto pm = f.get("payment_method");
  if (pm && !confirm && !outcome_for_payment_method(*pm))
    throw no_such("PaymentMethod", *pm, "payment_method");
  pi.id = new_id("pi_");
  pi.client_secret = pi.id + "_secret_" + random_alnum(25);
  pi.created = clock_.now_seconds();
  pi.status = pm && !confirm ? "requires_confirmation" : "requires_payment_method";
  if (pm && !confirm) pi.payment_method = pm;
  std::optional<IntentRow> written;
  Answer a = run(c, [&](db::Session& s) {
    IntentRow row = pi;  // an attempt that is tried again starts from the same intent
    insert_intent(s, row);
    std::string json = intent_json(row);
    emit(s, c, row, "payment_intent.created", json);
    Answer out = confirm ? confirm_locked(s, row, f, c) : Answer{200, std::move(json)};
    written = std::move(row);
    return out;
  });
  // Only an answer the operation gave in the committed attempt (not a replay, not a key's
  // conflict) follows the intent written.
  if (written && !a.replay && (a.status == 200 || a.status == 402)) remember(*written);
  return a;
}

Answer Service::retrieve_intent(const std::string& id, const FormFields& query, bool publishable) {
  auto pi = db_.read([&](db::Session& s) { return find_intent(s, id); });
  if (!pi) throw no_such("payment_intent", id, "intent");
  if (publishable) {
    auto secret = query.get("client_secret");
    if (!secret || !constant_time_equals(*secret, pi->client_secret))
      throw no_such("payment_intent", id, "intent");
  }
  return {200, intent_json(*pi)};
}

Answer Service::confirm_intent(const std::string& id, const FormFields& f, const CallInfo& c,
                               bool publishable) {
  if (auto before = recent_.take(id))
    if (auto a = confirm_remembered(*before, f, c, publishable)) return *a;
  std::optional<IntentRow> written;
  Answer a = run(c, [&](db::Session& s) {
    auto pi = find_intent(s, id, true);
    if (!pi) throw no_such("payment_intent", id, "intent");
    auto secret = f.get("client_secret");
    if (publishable && !secret) throw missing_param("client_secret");
    if (secret && !constant_time_equals(*secret, pi->client_secret))
      throw invalid_request("payment_intent_invalid_parameter",
                            "The client_secret provided does not match the client_secret "
                            "associated with the PaymentIntent.",
                            "client_secret");
    if (publishable && (pi->status == "succeeded" || pi->status == "canceled"))
      throw invalid_request("payment_intent_unexpected_state",
                            "This PaymentIntent's client_secret can no longer be used: the "
                            "PaymentIntent has a status of " +
                                pi->status + ".",
                            "client_secret");
    Answer out = confirm_locked(s, *pi, f, c);
    written = std::move(*pi);
    return out;
  });
  if (written && !a.replay && (a.status == 200 || a.status == 402)) remember(*written);
  return a;
}

std::optional<Answer> Service::confirm_remembered(const IntentRow& before, const FormFields& f,
                                                  const CallInfo& c, bool publishable) {
  // Only a confirmation that changes the intent is decided here: its update carries the
  // expectation. Anything else (a wrong secret, a state that cannot be confirmed) is answered by
  // the usual path from the row as it is.
  auto secret = f.get("client_secret");
  if (publishable && !secret) return std::nullopt;
  if (secret && !constant_time_equals(*secret, before.client_secret)) return std::nullopt;
  if (!can_confirm(before.status)) return std::nullopt;
  std::optional<IntentRow> written;
  try {
    // A confirmation's retry finds the intent confirmed (or the key's answer), as after any
    // commit whose answer was lost.
    Answer a = run_in_one_round_trip(c, [&](db::Session& s) {
      IntentRow pi = before;
      Answer out = confirm_locked(s, pi, f, c, &before);
      written = std::move(pi);
      return out;
    });
    remember(*written);
    return a;
  } catch (const db::ExpectationFailed&) {
    // Changed since this node wrote it.
  } catch (const db::UniqueViolation&) {
    // The key is there already: the usual path replays or refuses.
  } catch (const StripeError&) {
    // Decided again from the row as it is (the same error, or the intent's own).
  }
  return std::nullopt;
}

void Service::write_intent(db::Session& s, const IntentRow& pi, const IntentRow* before) {
  if (!before) {
    update_intent(s, pi);
    return;
  }
  if (!update_intent_if_unchanged(s, pi, *before))
    throw db::ExpectationFailed("the sandbox intent changed since this node wrote it");
}

void Service::remember(const IntentRow& pi) {
  // SQLite's reads are local and its writes serial: nothing to save there. An intent that can
  // no longer be confirmed is not kept: its next confirmation is refused from the row as it is.
  if (db_.dialect() == db::Dialect::postgres && can_confirm(pi.status)) recent_.put(pi);
}

std::optional<std::string> Service::allowed_return_url(const FormFields& f) const {
  auto url = f.get("return_url");
  if (!url || url->empty()) return std::nullopt;
  // The 3-D Secure page sends the shopper there with the intent's client secret: only back to
  // the shop, never to a page whoever called confirm chose.
  if (!return_url_allowed(*url, options_.return_origins, options_.loopback_returns))
    throw invalid_request("url_invalid",
                          "Invalid return_url: it must lead back to the shop's own origin.",
                          "return_url");
  return url;
}

Answer Service::confirm_locked(db::Session& s, IntentRow& pi, const FormFields& f,
                               const CallInfo& c, const IntentRow* before) {
  if (!can_confirm(pi.status)) {
    auto e = unexpected_state("confirm", pi);
    return {400, error_body("invalid_request_error", "payment_intent_unexpected_state", e, "", "",
                            ",\"payment_intent\":" + intent_json(pi))};
  }
  if (auto r = allowed_return_url(f)) pi.return_url = r;
  if (auto e = f.get("receipt_email")) pi.receipt_email = e;
  CardOutcome outcome;
  std::string pm_id;
  if (auto pm = f.get("payment_method")) {
    auto o = outcome_for_payment_method(*pm);
    if (!o) throw no_such("PaymentMethod", *pm, "payment_method");
    outcome = *o;
    pm_id = *pm;
  } else if (auto number = f.get("payment_method_data[card][number]")) {
    auto type = f.get("payment_method_data[type]").value_or("card");
    if (type != "card")
      throw invalid_request("payment_intent_invalid_parameter",
                            "The sandbox accepts only payment_method_data[type]=card.",
                            "payment_method_data[type]");
    int64_t month = required_int(f, "payment_method_data[card][exp_month]");
    int64_t year = required_int(f, "payment_method_data[card][exp_year]");
    outcome = outcome_for_card(*number, static_cast<int>(month), static_cast<int>(year),
                               clock_.now_seconds());
    pm_id = new_id("pm_");
  } else if (pi.payment_method && pi.status == "requires_confirmation") {
    auto o = outcome_for_payment_method(*pi.payment_method);
    if (!o) throw no_such("PaymentMethod", *pi.payment_method, "payment_method");
    outcome = *o;
    pm_id = *pi.payment_method;
  } else {
    throw invalid_request("payment_intent_unexpected_state",
                          "You cannot confirm this PaymentIntent because it's missing a payment "
                          "method. Provide a payment_method or payment_method_data.",
                          "payment_method");
  }
  std::string old_status = pi.status;
  pi.payment_method = pm_id;
  pi.card_brand = outcome.brand;
  pi.card_last4 = outcome.last4;
  pi.action_token.reset();
  pi.action_url.reset();
  pi.action_outcome.reset();
  using Kind = CardOutcome::Kind;
  if (outcome.kind == Kind::succeed || outcome.kind == Kind::dispute) {
    return {200, succeed(s, pi, c, outcome.kind == Kind::dispute, before)};
  }
  if (outcome.kind == Kind::requires_action) {
    pi.status = "requires_action";
    pi.action_token = random_alnum(32);
    pi.action_url = c.base_url + "/3ds/" + *pi.action_token;
    pi.action_outcome = "succeed";
    pi.last_payment_error_json.reset();
    write_intent(s, pi, before);
    emit(s, c, pi, "payment_intent.requires_action", intent_json(pi), status_change(old_status));
    return {200, intent_json(pi)};
  }
  // A decline: the intent goes back to requires_payment_method and keeps the error.
  std::string charge = new_id("ch_");
  pi.status = "requires_payment_method";
  pi.latest_charge = charge;
  pi.charge_created = clock_.now_seconds();
  pi.last_payment_error_json = payment_error_json(outcome, charge, pi);
  write_intent(s, pi, before);
  std::string pi_json = intent_json(pi);
  emit(s, c, pi, "payment_intent.payment_failed", pi_json, status_change(old_status));
  std::string extra = ",\"charge\":\"" + charge + "\",\"payment_intent\":" + pi_json;
  return {402, error_body(outcome.type, outcome.code, outcome.message, outcome.param,
                          outcome.decline_code, extra)};
}

std::string Service::succeed(db::Session& s, IntentRow& pi, const CallInfo& c, bool dispute,
                             const IntentRow* before) {
  std::string old_status = pi.status;
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  pi.latest_charge = new_id("ch_");
  pi.charge_created = clock_.now_seconds();
  pi.last_payment_error_json.reset();
  write_intent(s, pi, before);
  std::string json = intent_json(pi);
  emit(s, c, pi, "payment_intent.succeeded", json, status_change(old_status));
  if (!dispute) return json;
  open_dispute(s, pi, c);
  return intent_json(pi);
}

void Service::open_dispute(db::Session& s, IntentRow& pi, const CallInfo& c) {
  DisputeRow d{new_id("dp_"),
               pi.id,
               pi.latest_charge.value_or(""),
               pi.amount_received,
               pi.currency,
               "needs_response",
               "fraudulent",
               clock_.now_seconds()};
  insert_dispute(s, d);
  pi.disputed = true;
  update_intent(s, pi);
  emit(s, c, pi, "charge.dispute.created", dispute_json(d));
}

Answer Service::cancel_intent(const std::string& id, const FormFields& f, const CallInfo& c) {
  auto reason = f.get("cancellation_reason");
  if (reason && !valid_cancellation_reason(*reason))
    throw invalid_request("parameter_invalid_string",
                          "Invalid cancellation_reason: must be one of duplicate, fraudulent, "
                          "requested_by_customer, or abandoned",
                          "cancellation_reason");
  return run(c, [&](db::Session& s) {
    auto pi = find_intent(s, id, true);
    if (!pi) throw no_such("payment_intent", id, "intent");
    if (!can_cancel(pi->status))
      throw invalid_request("payment_intent_unexpected_state",
                            unexpected_state("cancel", *pi,
                                             " Only a PaymentIntent with one of the following "
                                             "statuses may be canceled: requires_payment_method, "
                                             "requires_capture, requires_confirmation, "
                                             "requires_action, processing."));
    std::string old_status = pi->status;
    pi->status = "canceled";
    pi->canceled_at = clock_.now_seconds();
    pi->cancellation_reason = reason;
    pi->action_token.reset();
    pi->action_url.reset();
    update_intent(s, *pi);
    std::string json = intent_json(*pi);
    emit(s, c, *pi, "payment_intent.canceled", json, status_change(old_status));
    return Answer{200, json};
  });
}

Answer Service::create_refund(const FormFields& f, const CallInfo& c) {
  auto intent_id = f.get("payment_intent");
  auto charge_id = f.get("charge");
  if (!intent_id && !charge_id)
    throw invalid_request("parameter_missing",
                          "One of the following params should be provided for this request: "
                          "payment_intent or charge.",
                          "payment_intent");
  std::optional<int64_t> amount;
  if (f.has("amount")) {
    amount = required_int(f, "amount");
    if (*amount < 1)
      throw invalid_request("parameter_invalid_integer", "Invalid positive integer", "amount");
  }
  auto reason = f.get("reason");
  if (reason && !valid_refund_reason(*reason))
    throw invalid_request("parameter_invalid_string",
                          "Invalid reason: must be one of duplicate, fraudulent, or "
                          "requested_by_customer",
                          "reason");
  auto metadata = f.prefixed("metadata");
  std::string meta_json = metadata_json(metadata);
  bool pending = options_.fault_knobs && metadata.count("sandbox_refund") &&
                 metadata.at("sandbox_refund") == "pending";
  return run(c, [&](db::Session& s) {
    std::optional<IntentRow> pi;
    if (intent_id) {
      pi = find_intent(s, *intent_id, true);
      if (!pi) throw no_such("payment_intent", *intent_id, "payment_intent");
    } else {
      auto row = s.query_one("SELECT id FROM sandbox_payment_intents WHERE latest_charge = ?",
                             {*charge_id});
      if (row) pi = find_intent(s, row->str(0), true);
      if (!pi) throw no_such("charge", *charge_id, "charge");
    }
    if (pi->status != "succeeded")
      throw invalid_request("payment_intent_unexpected_state",
                            "This PaymentIntent does not have a successful charge to refund.",
                            "payment_intent");
    std::string charge = pi->latest_charge.value_or("");
    if (pi->disputed)
      throw invalid_request("charge_disputed",
                            "Charge " + charge + " has been charged back; cannot issue a refund.");
    int64_t remaining = pi->amount_received - pi->amount_refunded;
    if (remaining <= 0)
      throw invalid_request("charge_already_refunded",
                            "Charge " + charge + " has already been refunded.");
    int64_t value = amount.value_or(remaining);
    if (value > remaining)
      throw invalid_request("amount_too_large",
                            "Refund amount (" + money_text(value, pi->currency) +
                                ") is greater than unrefunded amount on charge (" +
                                money_text(remaining, pi->currency) + ")",
                            "amount");
    // The conditional update is the guard that holds under concurrency on both databases.
    if (!add_refunded(s, pi->id, value))
      throw invalid_request("amount_too_large",
                            "Refund amount is greater than unrefunded amount on charge.", "amount");
    JsonWriter prev;
    prev.begin_object().field("amount_refunded", pi->amount_refunded).field("refunded", false);
    prev.end_object();
    pi->amount_refunded += value;
    RefundRow r{new_id("re_"), pi->id,
                charge,        value,
                pi->currency,  pending ? "pending" : "succeeded",
                reason,        std::nullopt,
                meta_json,     clock_.now_seconds()};
    insert_refund(s, r);
    std::string json = refund_json(r);
    emit(s, c, *pi, "refund.created", json);
    emit(s, c, *pi, "charge.refunded", charge_json(*pi), prev.take());
    return Answer{200, json};
  });
}

Answer Service::retrieve_refund(const std::string& id) {
  auto r = db_.read([&](db::Session& s) { return find_refund(s, id); });
  if (!r) throw no_such("refund", id, "id");
  return {200, refund_json(*r)};
}

Answer Service::retrieve_charge(const std::string& id) {
  auto pi = db_.read([&](db::Session& s) { return find_intent_by_charge(s, id); });
  if (!pi) throw no_such("charge", id, "id");
  return {200, charge_json(*pi)};
}

Answer Service::retrieve_dispute(const std::string& id) {
  auto d = db_.read([&](db::Session& s) { return find_dispute(s, id); });
  if (!d) throw no_such("dispute", id, "id");
  return {200, dispute_json(*d)};
}

Answer Service::list_events(const FormFields& q) {
  EventQuery eq;
  if (auto t = q.get("type")) eq.types.push_back(*t);
  for (const auto& t : q.list("types")) eq.types.push_back(t);
  auto ts = [&](const std::string& name) -> std::optional<int64_t> {
    auto v = q.get(name);
    if (!v) return std::nullopt;
    auto n = parse_i64(*v);
    if (!n) throw invalid_request("parameter_invalid_integer", "Invalid integer: " + *v, name);
    return n;
  };
  eq.created_eq = ts("created");
  eq.created_gte = ts("created[gte]");
  eq.created_gt = ts("created[gt]");
  eq.created_lte = ts("created[lte]");
  eq.created_lt = ts("created[lt]");
  if (auto d = q.get("delivery_success")) {
    if (*d != "true" && *d != "false")
      throw invalid_request("parameter_invalid_boolean", "Invalid boolean: " + *d,
                            "delivery_success");
    eq.delivery_success = *d == "true";
  }
  if (auto l = ts("limit")) {
    if (*l < 1 || *l > 100)
      throw invalid_request("parameter_invalid_integer",
                            "This value must be greater than or equal to 1 and less than or equal "
                            "to 100.",
                            "limit");
    eq.limit = static_cast<int>(*l);
  }
  eq.starting_after = q.get("starting_after");
  eq.ending_before = q.get("ending_before");
  if (eq.starting_after && eq.ending_before)
    throw invalid_request("parameter_unknown",
                          "You may only specify one of these parameters: ending_before, "
                          "starting_after.");
  return {200, db_.read([&](db::Session& s) { return list_events_json(s, eq); })};
}

Answer Service::retrieve_event(const std::string& id) {
  auto e = db_.read([&](db::Session& s) { return event_json(s, id); });
  if (!e) throw no_such("event", id, "id");
  return {200, *e};
}

std::optional<IntentRow> Service::intent_for_action(const std::string& token) {
  return write(db_, [&](db::Session& s) { return find_intent_by_action(s, token); });
}

IntentRow Service::finish_action(const std::string& token, bool pass, const CallInfo& c) {
  auto out = write(db_, [&](db::Session& s) {
    auto pi = find_intent_by_action(s, token);
    if (!pi) throw no_such("3-D Secure challenge", token, "token");
    if (pi->status != "requires_action") return *pi;
    if (pass) {
      succeed(s, *pi, c, pi->action_outcome == "dispute");
    } else {
      std::string old_status = pi->status;
      pi->status = "requires_payment_method";
      pi->last_payment_error_json = payment_error_json(authentication_failure(), "", *pi);
      update_intent(s, *pi);
      emit(s, c, *pi, "payment_intent.payment_failed", intent_json(*pi), status_change(old_status));
    }
    return *pi;
  });
  if (on_events) on_events();
  return out;
}

Answer Service::create_dispute(const std::string& intent_id, const CallInfo& c) {
  return run(c, [&](db::Session& s) {
    auto pi = find_intent(s, intent_id, true);
    if (!pi) throw no_such("payment_intent", intent_id, "payment_intent");
    if (pi->status != "succeeded")
      throw invalid_request("payment_intent_unexpected_state",
                            "Only a succeeded PaymentIntent's charge can be disputed.");
    if (pi->disputed) throw invalid_request("charge_disputed", "This charge is already disputed.");
    open_dispute(s, *pi, c);
    auto d = find_dispute_for_intent(s, pi->id);
    return Answer{200, dispute_json(*d)};
  });
}

Answer Service::close_dispute(const std::string& dispute_id, bool won, const CallInfo& c) {
  return run(c, [&](db::Session& s) {
    auto d = find_dispute(s, dispute_id);
    if (!d) throw no_such("dispute", dispute_id, "dispute");
    if (d->status == "won" || d->status == "lost")
      throw invalid_request("dispute_already_closed", "This dispute is already closed.");
    auto pi = find_intent(s, d->payment_intent, true);
    d->status = won ? "won" : "lost";
    update_dispute_status(s, d->id, d->status);
    JsonWriter prev;
    prev.begin_object().field("status", "needs_response").end_object();
    emit(s, c, *pi, "charge.dispute.closed", dispute_json(*d), prev.take());
    return Answer{200, dispute_json(*d)};
  });
}

Answer Service::settle_refund(const std::string& refund_id, bool succeeded, const CallInfo& c) {
  return run(c, [&](db::Session& s) {
    auto r = find_refund(s, refund_id);
    if (!r) throw no_such("refund", refund_id, "refund");
    // A card refund can also fail after it succeeded (a closed card): Stripe then reports it
    // failed and gives the amount back to the charge.
    bool reversal = r->status == "succeeded" && !succeeded;
    if (r->status != "pending" && !reversal)
      throw invalid_request("refund_unexpected_state",
                            "Only a pending refund can be settled, or a succeeded one failed; this "
                            "one is " +
                                r->status + ".");
    auto pi = find_intent(s, r->payment_intent, true);
    std::string before = r->status;
    r->status = succeeded ? "succeeded" : "failed";
    if (!succeeded) {
      r->failure_reason = "expired_or_canceled_card";
      s.exec(
          "UPDATE sandbox_payment_intents SET amount_refunded = amount_refunded - ? WHERE id = ?",
          {r->amount, pi->id});
    }
    update_refund_status(s, r->id, r->status, r->failure_reason);
    JsonWriter prev;
    prev.begin_object().field("status", before).end_object();
    emit(s, c, *pi, "refund.updated", refund_json(*r), prev.take());
    return Answer{200, refund_json(*r)};
  });
}

std::vector<IntentRow> Service::recent_intents(int limit) {
  return db_.read([&](db::Session& s) { return sandbox::recent_intents(s, limit); });
}

std::vector<DisputeRow> Service::open_disputes() {
  return db_.read([&](db::Session& s) {
    std::vector<DisputeRow> out;
    for (const auto& r :
         s.query("SELECT id FROM sandbox_disputes WHERE status NOT IN ('won', 'lost') ORDER BY "
                 "created DESC LIMIT 50"))
      if (auto d = find_dispute(s, r.str(0))) out.push_back(*d);
    return out;
  });
}

std::vector<RefundRow> Service::pending_refunds() {
  return db_.read([&](db::Session& s) {
    std::vector<RefundRow> out;
    for (const auto& r :
         s.query("SELECT id FROM sandbox_refunds WHERE status = 'pending' ORDER BY created DESC "
                 "LIMIT 50"))
      if (auto x = find_refund(s, r.str(0))) out.push_back(*x);
    return out;
  });
}

Service::Claim Service::claim_key(const std::string& api_key, const std::string& key,
                                  const std::string& fingerprint, const std::string& request_id) {
  int64_t now = clock_.now_ms();
  return write(
      db_, [&](db::Session& s) { return claim_in(s, api_key, key, fingerprint, request_id, now); });
}

Service::Claim Service::claim_in(db::Session& s, const std::string& api_key, const std::string& key,
                                 const std::string& fingerprint, const std::string& request_id,
                                 int64_t now) {
  {
    Claim c;
    if (claim_idempotency(s, api_key, key, fingerprint, request_id, now)) {
      c.proceed = true;
      return c;
    }
    auto row = find_idempotency(s, api_key, key);
    if (!row || now - row->created_at >= kIdempotencyTtlMs) {
      // Pruned after 24 hours: the key is new again.
      release_idempotency(s, api_key, key);
      claim_idempotency(s, api_key, key, fingerprint, request_id, now);
      c.proceed = true;
      return c;
    }
    if (row->fingerprint != fingerprint) {
      c.answer = {400, error_body("idempotency_error", "",
                                  "Keys for idempotent requests can only be used with the same "
                                  "parameters they were first used with. Try using a key other "
                                  "than '" +
                                      key + "' if you meant to execute a different request.")};
      return c;
    }
    if (row->status == 0) {
      if (now - row->created_at < kInFlightTakeoverMs) {
        c.answer = {409, error_body("idempotency_error", "idempotency_key_in_use",
                                    "There is currently another in-progress request using this "
                                    "Stripe API key and idempotency key. Please try again later.")};
        return c;
      }
      // The first request died mid-flight (its process stopped): this one takes over.
      s.exec(
          "UPDATE sandbox_idempotency SET created_at = ?, request_id = ? WHERE api_key = ? AND "
          "idem_key = ?",
          {now, request_id, api_key, key});
      c.proceed = true;
      return c;
    }
    c.replay = true;
    c.original_request = row->request_id;
    c.answer = {row->status, row->body};
    return c;
  }
}

void Service::release_key(const std::string& api_key, const std::string& key) {
  write(db_, [&](db::Session& s) { release_idempotency(s, api_key, key); });
}

bool Service::fault_fires(const std::string& scope, int times) {
  if (times <= 0) return true;
  int64_t hits = write(db_, [&](db::Session& s) { return count_fault_hit(s, scope); });
  return hits <= times;
}

}  // namespace wolfix::sandbox
