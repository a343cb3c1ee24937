#include "payment/stripe_gateway.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "common/form.hpp"
#include "common/log.hpp"
#include "http/client.hpp"
#include "payment/stripe_json.hpp"

namespace wolfix::payment {
namespace json = boost::json;
namespace {

void add_metadata(FormPairs& form, const Metadata& metadata) {
  for (const auto& [k, v] : metadata) form.emplace_back("metadata[" + k + "]", v);
}

std::string url_escape(const std::string& s) {
  return form_encode({{"x", s}}).substr(2);
}

bool retryable_status(int status) {
  return status == 409 || status == 429 || status >= 500;
}

json::value parse_json(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  return ec ? json::value() : v;
}

}  // namespace

StripeGateway::StripeGateway(StripeGatewayOptions options) : options_(std::move(options)) {
  sleep = [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
}

void StripeGateway::set_api_base(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::lock_guard lock(mu_);
  options_.api_base = std::move(base);
}

bool StripeGateway::answers_on_this_thread() const {
  std::lock_guard lock(mu_);
  const auto& base = options_.api_base;
  return !in_process_base_.empty() && base.starts_with(in_process_base_) &&
         (base.size() == in_process_base_.size() || base[in_process_base_.size()] == '/');
}

std::string StripeGateway::api_base() const {
  std::lock_guard lock(mu_);
  return options_.api_base;
}

StripeGateway::Answer StripeGateway::call(const std::string& method, const std::string& path,
                                          const std::string& form_body,
                                          const std::string& idempotency_key) {
  http::ClientRequest req;
  req.method = method;
  req.url = api_base() + path;
  req.connect_timeout_ms = options_.connect_timeout_ms;
  req.timeout_ms = options_.timeout_ms;
  req.headers = {{"Authorization", "Bearer " + options_.secret_key},
                 {"Stripe-Version", options_.stripe_version},
                 {"Accept", "application/json"}};
  if (method == "POST") {
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    req.headers.emplace_back("Idempotency-Key", idempotency_key);
    req.body = form_body;
  }
  thread_local std::mt19937 rng{std::random_device{}()};
  for (int attempt = 0;; ++attempt) {
    bool last = attempt >= options_.max_retries;
    http::ClientResponse res;
    try {
      res = client_.send(req);
    } catch (const http::ConnectionError& e) {
      log::warn("provider_unreachable", {{"method", method},
                                         {"path", path},
                                         {"attempt", attempt + 1},
                                         {"timeout", e.timeout()},
                                         {"error", e.what()}});
      if (last)
        throw ProviderUnavailable(
            std::string("The payment provider could not be reached: ") + e.what(),
            "api_connection_error", 0, e.timeout());
      res.status = 0;
    }
    if (res.status >= 200 && res.status < 300)
      return {res.status, std::move(res.body), res.header("request-id")};
    if (res.status != 0) {
      // Stripe says explicitly when a retry cannot help (or can, whatever the status).
      std::string should = res.header("stripe-should-retry");
      bool retry = should == "true" || (should != "false" && retryable_status(res.status));
      if (!retry || last) {
        auto body = parse_json(res.body);
        const json::value* err = nullptr;
        if (body.is_object()) err = body.as_object().if_contains("error");
        ProviderErrorInfo info;
        if (err && err->is_object()) info = error_info_from_json(*err);
        if (info.type.empty())
          info.type = res.status >= 500 ? "api_error" : "invalid_request_error";
        if (info.message.empty())
          info.message = "The payment provider answered HTTP " + std::to_string(res.status);
        std::string request_id = res.header("request-id");
        if (res.status == 429 || res.status >= 500)
          throw ProviderUnavailable(info.message, res.status == 429 ? "rate_limit" : "api_error",
                                    res.status, false);
        std::optional<PaymentIntent> pi;
        if (err && err->is_object())
          if (auto* p = err->as_object().if_contains("payment_intent"); p && p->is_object())
            pi = intent_from_json(*p);
        throw ProviderError(res.status, std::move(info), std::move(request_id), std::move(pi));
      }
      log::warn(
          "provider_retry",
          {{"method", method}, {"path", path}, {"attempt", attempt + 1}, {"status", res.status}});
    }
    // Exponential backoff with full jitter in its upper half, as Stripe's SDKs do.
    int64_t base = static_cast<int64_t>(options_.initial_backoff_ms) << std::min(attempt, 20);
    int64_t cap = std::min<int64_t>(base, options_.max_backoff_ms);
    int ms = static_cast<int>(cap / 2 + (cap > 1 ? rng() % (cap / 2 + 1) : 0));
    if (auto ra = res.header("retry-after"); !ra.empty() && res.status == 429) {
      try {
        ms = std::max(ms, std::min(options_.max_backoff_ms, std::stoi(ra) * 1000));
      } catch (...) {
      }
    }
    if (ms > 0) sleep(ms);
  }
}

PaymentIntent StripeGateway::create_intent(const CreateIntent& p, const std::string& key) {
  FormPairs form{{"amount", std::to_string(p.amount_minor)}, {"currency", p.currency}};
  const auto& types =
      p.payment_method_types.empty() ? options_.payment_method_types : p.payment_method_types;
  for (const auto& t : types) form.emplace_back("payment_method_types[]", t);
  add_metadata(form, p.metadata);
  if (p.receipt_email) form.emplace_back("receipt_email", *p.receipt_email);
  if (p.description) form.emplace_back("description", *p.description);
  auto a = call("POST", "/v1/payment_intents", form_encode(form), key);
  return intent_from_json(parse_json(a.body));
}

PaymentIntent StripeGateway::retrieve_intent(const std::string& id) {
  auto a = call("GET", "/v1/payment_intents/" + url_escape(id), "", "");
  return intent_from_json(parse_json(a.body));
}

PaymentIntent StripeGateway::confirm_intent(const std::string& id, const std::string& pm,
                                            const std::string& key) {
  auto a = call("POST", "/v1/payment_intents/" + url_escape(id) + "/confirm",
                form_encode({{"payment_method", pm}}), key);
  return intent_from_json(parse_json(a.body));
}

PaymentIntent StripeGateway::cancel_intent(const std::string& id, const std::string& reason,
                                           const std::string& key) {
  FormPairs form;
  if (!reason.empty()) form.emplace_back("cancellation_reason", reason);
  auto a =
      call("POST", "/v1/payment_intents/" + url_escape(id) + "/cancel", form_encode(form), key);
  return intent_from_json(parse_json(a.body));
}

Refund StripeGateway::create_refund(const CreateRefund& p, const std::string& key) {
  FormPairs form{{"payment_intent", p.payment_intent}};
  if (p.amount) form.emplace_back("amount", std::to_string(*p.amount));
  if (p.reason) form.emplace_back("reason", *p.reason);
  add_metadata(form, p.metadata);
  auto a = call("POST", "/v1/refunds", form_encode(form), key);
  return refund_from_json(parse_json(a.body));
}

Refund StripeGateway::retrieve_refund(const std::string& id) {
  auto a = call("GET", "/v1/refunds/" + url_escape(id), "", "");
  return refund_from_json(parse_json(a.body));
}

Charge StripeGateway::retrieve_charge(const std::string& id) {
  auto a = call("GET", "/v1/charges/" + url_escape(id), "", "");
  return charge_from_json(parse_json(a.body));
}

Dispute StripeGateway::retrieve_dispute(const std::string& id) {
  auto a = call("GET", "/v1/disputes/" + url_escape(id), "", "");
  return dispute_from_json(parse_json(a.body));
}

EventPage StripeGateway::list_events(const EventFilter& f) {
  FormPairs q{{"limit", std::to_string(f.limit)}};
  if (f.types.size() == 1)
    q.emplace_back("type", f.types.front());
  else
    for (const auto& t : f.types) q.emplace_back("types[]", t);
  if (f.created_gte) q.emplace_back("created[gte]", std::to_string(*f.created_gte));
  if (f.created_gt) q.emplace_back("created[gt]", std::to_string(*f.created_gt));
  if (f.created_lte) q.emplace_back("created[lte]", std::to_string(*f.created_lte));
  if (f.created_lt) q.emplace_back("created[lt]", std::to_string(*f.created_lt));
  if (f.delivery_success)
    q.emplace_back("delivery_success", *f.delivery_success ? "true" : "false");
  if (f.starting_after) q.emplace_back("starting_after", *f.starting_after);
  if (f.ending_before) q.emplace_back("ending_before", *f.ending_before);
  auto a = call("GET", "/v1/events?" + form_encode(q), "", "");
  auto v = parse_json(a.body);
  EventPage page;
  if (auto* d = v.is_object() ? v.as_object().if_contains("data") : nullptr; d && d->is_array())
    for (const auto& e : d->as_array()) page.data.push_back(event_from_json(e));
  if (auto* m = v.is_object() ? v.as_object().if_contains("has_more") : nullptr; m && m->is_bool())
    page.has_more = m->as_bool();
  return page;
}

Event StripeGateway::retrieve_event(const std::string& id) {
  auto a = call("GET", "/v1/events/" + url_escape(id), "", "");
  return event_from_json(parse_json(a.body));
}

}  // namespace wolfix::payment
