#include "sandbox/routes.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "common/money.hpp"
#include "sandbox/render.hpp"

namespace wolfix::sandbox {
namespace {

using http::Method;
using http::Request;
using http::Response;

struct Caller {
  std::string key;
  bool publishable = false;
};

std::string new_request_id() {
  return "req_" + random_alnum(14);
}

Response stripe_answer(const Answer& a, const std::string& request_id, const Service& svc) {
  auto res = Response::raw_json(a.body, a.status);
  res.with_header("Request-Id", request_id);
  res.with_header("Stripe-Version", svc.options().api_version);
  res.with_header("Cache-Control", "no-cache, no-store");
  return res;
}

Answer error_answer(const StripeError& e) {
  return {e.status, error_body(e.type, e.code, e.what(), e.param)};
}

// Stripe answers 503 when it cannot serve for a while; its clients retry with the same key.
Answer unavailable_answer() {
  return {503, error_body("api_error", "", "The sandbox is temporarily unavailable: storage.")};
}

std::string base64_decode(std::string_view in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return {};
  out.resize(static_cast<std::size_t>(n));
  std::size_t pad = 0;
  for (auto it = in.rbegin(); it != in.rend() && *it == '='; ++it) ++pad;
  out.resize(out.size() >= pad ? out.size() - pad : 0);
  return out;
}

std::string masked(const std::string& key) {
  auto u = key.rfind('_');
  std::string head = u == std::string::npos ? "" : key.substr(0, u + 1);
  return head + "****" + (key.size() > 4 ? key.substr(key.size() - 4) : "");
}

// The API key of a call: Bearer, Basic (key as user name, as Stripe allows) or, for Stripe.js
// style client calls, a `key` form field.
std::string presented_key(const Request& req, const std::optional<FormFields>& form) {
  std::string_view auth = req.header("authorization");
  auto starts = [&](std::string_view p) {
    return auth.size() >= p.size() &&
           std::equal(p.begin(), p.end(), auth.begin(),
                      [](char a, char b) { return a == std::tolower(b); });
  };
  if (starts("bearer ")) return std::string(auth.substr(7));
  if (starts("basic ")) {
    auto user = base64_decode(auth.substr(6));
    return user.substr(0, user.find(':'));
  }
  if (form)
    if (auto k = form->get("key")) return *k;
  return {};
}

Caller authenticate(const Request& req, const std::optional<FormFields>& form, const Service& svc,
                    bool allow_publishable) {
  std::string key = presented_key(req, form);
  if (key.empty())
    throw StripeError(401, "invalid_request_error", "",
                      "You did not provide an API key. You need to provide your API key in the "
                      "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                      "YOUR_SECRET_KEY').");
  if (constant_time_equals(key, svc.options().secret_key)) return {key, false};
  if (constant_time_equals(key, svc.options().publishable_key)) {
    if (!allow_publishable)
      throw StripeError(401, "invalid_request_error", "",
                        "This API call cannot be made with a publishable API key. Please use a "
                        "secret API key.");
    return {key, true};
  }
  throw StripeError(401, "invalid_request_error", "api_key_invalid",
                    "Invalid API Key provided: " + masked(key));
}

std::string fingerprint(const Request& req, const std::string& route, const FormFields& f) {
  FormPairs pairs;
  for (const auto& p : f.pairs())
    if (p.first != "key") pairs.push_back(p);
  std::sort(pairs.begin(), pairs.end());
  return to_hex(
      sha256(std::string(method_name(req.method)) + " " + route + "\n" + form_encode(pairs)));
}

// Links a browser follows (3-D Secure) come from configuration, never from the Host header a
// client wrote: without a public base URL they are paths on the origin the browser is on.
std::string base_url(const Request&, const RouteOptions& o) {
  return o.public_base_url + o.prefix;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string amount_text(int64_t minor, const std::string& currency) {
  std::string upper = currency;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return format_minor(minor, currency_exponent(currency)) + " " + upper;
}

Response html(std::string body, int status = 200) {
  auto res = Response::text(
      "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width\"><title>Wolfix payment sandbox</title><style>body{font-family:"
      "system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}table{border-collapse:"
      "collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}"
      "button{margin:.2rem}</style></head><body>" +
          body + "</body></html>",
      "text/html; charset=utf-8", status);
  res.with_header("Cache-Control", "no-store");
  res.with_header("Content-Security-Policy",
                  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' *");
  return res;
}

class Routes {
 public:
  Routes(Service& svc, RouteOptions o) : svc_(svc), o_(std::move(o)) {}

  // A Stripe API call: errors in Stripe's shape, Request-Id on every answer.
  Response api(Request& req, const std::function<Answer(const std::string& request_id)>& f) {
    std::string request_id = new_request_id();
    try {
      return stripe_answer(f(request_id), request_id, svc_);
    } catch (const StripeError& e) {
      return stripe_answer(error_answer(e), request_id, svc_);
    } catch (const db::Unavailable& e) {
      log::warn("sandbox_unavailable", {{"request_id", request_id}, {"what", e.what()}});
      return stripe_answer(unavailable_answer(), request_id, svc_).with_header("Retry-After", "2");
    } catch (const db::Error& e) {
      log::error("sandbox_failure", {{"request_id", request_id}, {"what", e.what()}});
      return stripe_answer({500, error_body("api_error", "", "The sandbox failed: storage error.")},
                           request_id, svc_);
    }
  }

  using PostOp = std::function<Answer(const FormFields&, const CallInfo&, const Caller&)>;
  using FaultOf = std::function<CallFault(const FormFields&)>;

  // A POST: authentication, fault knobs, then Stripe's idempotency around the operation.
  Response post(Request& req, const std::string& route, bool allow_publishable,
                const FaultOf& fault_of, const PostOp& op) {
    std::string request_id = new_request_id();
    std::optional<std::string> idem_key;
    if (auto k = req.header("idempotency-key"); !k.empty()) idem_key = std::string(k);
    auto finish = [&](Response res) {
      if (idem_key) res.with_header("Idempotency-Key", *idem_key);
      return res;
    };
    try {
      auto form = FormFields::parse(req.body);
      if (!form)
        throw invalid_request("",
                              "Invalid request: the body is not "
                              "application/x-www-form-urlencoded.");
      Caller caller = authenticate(req, form, svc_, allow_publishable);
      if (idem_key && idem_key->size() > 255)
        throw invalid_request("", "Idempotency-Key must be at most 255 characters long.");
      std::string fp = fingerprint(req, route, *form);
      // Knobs only where a test turned them on, and never for a browser's publishable key:
      // else any shopper could stall or fail everyone's checkout.
      bool knobs = svc_.options().fault_knobs && !caller.publishable;
      CallFault fault = knobs && fault_of ? fault_of(*form) : CallFault{};
      int delay_ms = 0;
      if (auto spec = form->get("metadata[sandbox_fault]"); knobs && spec && !fault.active())
        fault = parse_call_fault(*spec);
      if (fault.active()) {
        std::string scope = idem_key ? "key:" + caller.key + ":" + *idem_key : "fp:" + fp;
        if (fault.kind == CallFault::Kind::delay) {
          delay_ms = fault.delay_ms;  // after the key is claimed: an in-flight request
        } else if (svc_.fault_fires(scope, fault.times)) {
          if (fault.kind == CallFault::Kind::drop_connection) {
            Response dropped;
            dropped.drop_connection = true;
            return dropped;
          }
          if (fault.kind == CallFault::Kind::rate_limit)
            return finish(stripe_answer(
                {429, error_body("invalid_request_error", "rate_limit",
                                 "Too many requests hit the API too quickly. We recommend an "
                                 "exponential backoff of your requests. (sandbox fault knob)")},
                request_id, svc_));
          return finish(stripe_answer(
              {500, error_body("api_error", "",
                               "Something went wrong on the provider's end. (sandbox fault knob)")},
              request_id, svc_));
        }
      }
      CallInfo info{request_id, idem_key, caller.key, base_url(req, o_), std::nullopt};
      if (idem_key && delay_ms == 0) {
        // Claimed with the operation, in its transaction: one write instead of two (three when
        // it fails).
        info.fingerprint = fp;
        Answer a = op(*form, info, caller);
        auto res = stripe_answer(a, request_id, svc_);
        if (a.replay) {
          res.with_header("Idempotent-Replayed", "true");
          res.with_header("Original-Request", a.original_request);
        }
        return finish(std::move(res));
      }
      if (idem_key) {
        auto claim = svc_.claim_key(caller.key, *idem_key, fp, request_id);
        if (!claim.proceed) {
          auto res = stripe_answer(claim.answer, request_id, svc_);
          if (claim.replay) {
            res.with_header("Idempotent-Replayed", "true");
            res.with_header("Original-Request", claim.original_request);
          }
          return finish(std::move(res));
        }
        try {
          if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
          return finish(stripe_answer(op(*form, info, caller), request_id, svc_));
        } catch (...) {
          // Nothing ran to completion: the key stays usable for a retry.
          svc_.release_key(caller.key, *idem_key);
          throw;
        }
      }
      if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      return stripe_answer(op(*form, info, caller), request_id, svc_);
    } catch (const StripeError& e) {
      return finish(stripe_answer(error_answer(e), request_id, svc_));
    } catch (const db::Unavailable& e) {
      log::warn("sandbox_unavailable", {{"request_id", request_id}, {"what", e.what()}});
      return finish(
          stripe_answer(unavailable_answer(), request_id, svc_).with_header("Retry-After", "2"));
    } catch (const db::Error& e) {
      log::error("sandbox_failure", {{"request_id", request_id}, {"what", e.what()}});
      return finish(
          stripe_answer({500, error_body("api_error", "", "The sandbox failed: storage error.")},
                        request_id, svc_));
    }
  }

  Response get(Request& req, bool allow_publishable,
               const std::function<Answer(const FormFields&, const Caller&)>& op) {
    return api(req, [&](const std::string&) {
      FormPairs q(req.query.begin(), req.query.end());
      FormFields query(std::move(q));
      Caller caller = authenticate(req, query, svc_, allow_publishable);
      return op(query, caller);
    });
  }

  // Dashboard calls accept the secret key only; a browser sends it with Basic auth.
  bool dashboard_allowed(const Request& req) {
    try {
      return !authenticate(req, std::nullopt, svc_, false).publishable;
    } catch (const StripeError&) {
      return false;
    }
  }

  Response ask_for_key() {
    auto res = html(
        "<h1>Wolfix payment sandbox</h1><p>Sign in with the sandbox's secret key as the user "
        "name (no password).</p>",
        401);
    res.with_header("WWW-Authenticate", "Basic realm=\"Wolfix payment sandbox\"");
    return res;
  }

  Response action_page(Request& req) {
    auto pi = svc_.intent_for_action(req.param("token"));
    if (!pi) return html("<h1>Unknown or expired authentication</h1>", 404);
    std::string body = "<h1>3-D Secure authentication (sandbox)</h1>";
    body += "<p>Payment of <b>" + html_escape(amount_text(pi->amount, pi->currency)) + "</b>";
    if (pi->card_brand)
      body += " with " + html_escape(*pi->card_brand) + " •••• " +
              html_escape(pi->card_last4.value_or(""));
    body += ".</p>";
    if (pi->status != "requires_action") {
      body +=
          "<p>This challenge is over: the payment is <b>" + html_escape(pi->status) + "</b>.</p>";
      return html(body);
    }
    body +=
        "<form method=\"post\"><button name=\"outcome\" value=\"complete\">Complete "
        "authentication</button><button name=\"outcome\" value=\"fail\">Fail "
        "authentication</button></form>";
    return html(body);
  }

  Response finish_action(Request& req) {
    auto form = FormFields::parse(req.body);
    std::string outcome = form ? form->get("outcome").value_or("") : "";
    if (outcome != "complete" && outcome != "fail")
      return html("<h1>Choose complete or fail</h1>", 400);
    try {
      CallInfo info{new_request_id(), std::nullopt, "", base_url(req, o_), std::nullopt};
      auto pi = svc_.finish_action(req.param("token"), outcome == "complete", info);
      // Checked again: a row written before return URLs were checked may hold any URL.
      if (pi.return_url && return_url_allowed(*pi.return_url, svc_.options().return_origins,
                                              svc_.options().loopback_returns)) {
        std::string url = *pi.return_url;
        url += url.find('?') == std::string::npos ? "?" : "&";
        url +=
            form_encode({{"payment_intent", pi.id},
                         {"payment_intent_client_secret", pi.client_secret},
                         {"redirect_status", pi.status == "succeeded" ? "succeeded" : "failed"}});
        Response res = html("<p>Redirecting…</p>", 303);
        res.with_header("Location", url);
        return res;
      }
      return html("<h1>Authentication " +
                  std::string(outcome == "complete" ? "completed" : "failed") +
                  "</h1><p>The payment is now <b>" + html_escape(pi.status) +
                  "</b>. You may close this page.</p>");
    } catch (const StripeError&) {
      return html("<h1>Unknown or expired authentication</h1>", 404);
    }
  }

  Response dashboard(Request& req) {
    if (!dashboard_allowed(req)) return ask_for_key();
    std::string p = html_escape(o_.prefix);
    std::string body =
        "<h1>Wolfix payment sandbox</h1><h2>Recent payments</h2><table><tr><th>"
        "PaymentIntent</th><th>Amount</th><th>Status</th><th>Refunded</th><th>"
        "</th></tr>";
    for (const auto& pi : svc_.recent_intents(50)) {
      body += "<tr><td>" + html_escape(pi.id) + "</td><td>" +
              html_escape(amount_text(pi.amount, pi.currency)) + "</td><td>" +
              html_escape(pi.status) + (pi.disputed ? " (disputed)" : "") + "</td><td>" +
              html_escape(amount_text(pi.amount_refunded, pi.currency)) + "</td><td>";
      if (pi.status == "succeeded" && !pi.disputed)
        body += "<form method=\"post\" action=\"" + p + "/dashboard/payment_intents/" +
                html_escape(pi.id) +
                "/dispute\"><input type=\"hidden\" name=\"redirect\" value=\"1\"><button>Open "
                "a dispute</button></form>";
      body += "</td></tr>";
    }
    body += "</table><h2>Open disputes</h2><table>";
    for (const auto& d : svc_.open_disputes())
      body += "<tr><td>" + html_escape(d.id) + "</td><td>" + html_escape(d.payment_intent) +
              "</td><td>" + html_escape(amount_text(d.amount, d.currency)) +
              "</td><td><form method=\"post\" action=\"" + p + "/dashboard/disputes/" +
              html_escape(d.id) +
              "/close\"><input type=\"hidden\" name=\"redirect\" value=\"1\"><button "
              "name=\"outcome\" value=\"won\">Won</button><button name=\"outcome\" "
              "value=\"lost\">Lost</button></form></td></tr>";
    body += "</table><h2>Pending refunds</h2><table>";
    for (const auto& r : svc_.pending_refunds())
      body += "<tr><td>" + html_escape(r.id) + "</td><td>" + html_escape(r.payment_intent) +
              "</td><td>" + html_escape(amount_text(r.amount, r.currency)) +
              "</td><td><form method=\"post\" action=\"" + p + "/dashboard/refunds/" +
              html_escape(r.id) +
              "/settle\"><input type=\"hidden\" name=\"redirect\" value=\"1\"><button "
              "name=\"outcome\" value=\"succeeded\">Succeed</button><button name=\"outcome\" "
              "value=\"failed\">Fail</button></form></td></tr>";
    body += "</table>";
    return html(body);
  }

  // A dashboard action: JSON for API callers, back to the page for the page's own forms.
  Response dashboard_action(Request& req,
                            const std::function<Answer(const FormFields&, const CallInfo&)>& op) {
    auto form = FormFields::parse(req.body).value_or(FormFields({}));
    bool from_page = form.get("redirect") == "1";
    if (from_page && !dashboard_allowed(req)) return ask_for_key();
    auto res = api(req, [&](const std::string& request_id) {
      Caller caller = authenticate(req, form, svc_, false);
      return op(form,
                CallInfo{request_id, std::nullopt, caller.key, base_url(req, o_), std::nullopt});
    });
    if (!from_page) return res;
    if (res.status >= 400) return html("<pre>" + html_escape(res.body) + "</pre>", res.status);
    Response back = html("<p>Done.</p>", 303);
    back.with_header("Location", o_.prefix + "/dashboard");
    return back;
  }

  Service& svc_;
  RouteOptions o_;
};

}  // namespace

void register_sandbox_routes(http::Router& router, Service& svc, RouteOptions options) {
  auto r = std::make_shared<Routes>(svc, std::move(options));
  const std::string p = r->o_.prefix;
  auto any = http::Access::anyone();
  auto no_fault = Routes::FaultOf{};

  router.add(Method::post, p + "/v1/payment_intents", any, [r](Request& req) {
    return r->post(
        req, "/v1/payment_intents", false,
        [](const FormFields& f) {
          auto amount = f.get("amount");
          CallFault fault;
          if (amount) {
            try {
              fault = fault_for_amount(std::stoll(*amount));
            } catch (...) {
            }
          }
          if (auto pm = f.get("payment_method"); pm && !fault.active())
            fault = fault_for_payment_method(*pm);
          return fault;
        },
        [r](const FormFields& f, const CallInfo& c, const Caller&) {
          return r->svc_.create_intent(f, c);
        });
  });
  router.add(Method::get, p + "/v1/payment_intents/{id}", any, [r](Request& req) {
    return r->get(req, true, [&](const FormFields& q, const Caller& caller) {
      return r->svc_.retrieve_intent(req.param("id"), q, caller.publishable);
    });
  });
  router.add(Method::post, p + "/v1/payment_intents/{id}/confirm", any, [r](Request& req) {
    std::string id = req.param("id");
    return r->post(
        req, "/v1/payment_intents/" + id + "/confirm", true,
        [](const FormFields& f) {
          auto pm = f.get("payment_method");
          return pm ? fault_for_payment_method(*pm) : CallFault{};
        },
        [r, id](const FormFields& f, const CallInfo& c, const Caller& caller) {
          return r->svc_.confirm_intent(id, f, c, caller.publishable);
        });
  });
  router.add(Method::post, p + "/v1/payment_intents/{id}/cancel", any, [r, no_fault](Request& req) {
    std::string id = req.param("id");
    return r->post(req, "/v1/payment_intents/" + id + "/cancel", false, no_fault,
                   [r, id](const FormFields& f, const CallInfo& c, const Caller&) {
                     return r->svc_.cancel_intent(id, f, c);
                   });
  });
  router.add(Method::post, p + "/v1/refunds", any, [r](Request& req) {
    return r->post(
        req, "/v1/refunds", false,
        [](const FormFields& f) {
          auto amount = f.get("amount");
          try {
            return amount ? fault_for_amount(std::stoll(*amount)) : CallFault{};
          } catch (...) {
            return CallFault{};
          }
        },
        [r](const FormFields& f, const CallInfo& c, const Caller&) {
          return r->svc_.create_refund(f, c);
        });
  });
  router.add(Method::get, p + "/v1/refunds/{id}", any, [r](Request& req) {
    return r->get(req, false, [&](const FormFields&, const Caller&) {
      return r->svc_.retrieve_refund(req.param("id"));
    });
  });
  router.add(Method::get, p + "/v1/charges/{id}", any, [r](Request& req) {
    return r->get(req, false, [&](const FormFields&, const Caller&) {
      return r->svc_.retrieve_charge(req.param("id"));
    });
  });
  router.add(Method::get, p + "/v1/disputes/{id}", any, [r](Request& req) {
    return r->get(req, false, [&](const FormFields&, const Caller&) {
      return r->svc_.retrieve_dispute(req.param("id"));
    });
  });
  router.add(Method::get, p + "/v1/events", any, [r](Request& req) {
    return r->get(req, false,
                  [&](const FormFields& q, const Caller&) { return r->svc_.list_events(q); });
  });
  router.add(Method::get, p + "/v1/events/{id}", any, [r](Request& req) {
    return r->get(req, false, [&](const FormFields&, const Caller&) {
      return r->svc_.retrieve_event(req.param("id"));
    });
  });

  router.add(Method::get, p + "/3ds/{token}", any,
             [r](Request& req) { return r->action_page(req); });
  router.add(Method::post, p + "/3ds/{token}", any,
             [r](Request& req) { return r->finish_action(req); });

  router.add(Method::get, p + "/dashboard", any, [r](Request& req) { return r->dashboard(req); });
  router.add(Method::post, p + "/dashboard/payment_intents/{id}/dispute", any, [r](Request& req) {
    return r->dashboard_action(req, [&](const FormFields&, const CallInfo& c) {
      return r->svc_.create_dispute(req.param("id"), c);
    });
  });
  router.add(Method::post, p + "/dashboard/disputes/{id}/close", any, [r](Request& req) {
    return r->dashboard_action(req, [&](const FormFields& f, const CallInfo& c) {
      auto outcome = f.get("outcome").value_or("");
      if (outcome != "won" && outcome != "lost")
        throw invalid_request("parameter_invalid_string", "outcome must be won or lost", "outcome");
      return r->svc_.close_dispute(req.param("id"), outcome == "won", c);
    });
  });
  router.add(Method::post, p + "/dashboard/refunds/{id}/settle", any, [r](Request& req) {
    return r->dashboard_action(req, [&](const FormFields& f, const CallInfo& c) {
      auto outcome = f.get("outcome").value_or("");
      if (outcome != "succeeded" && outcome != "failed")
        throw invalid_request("parameter_invalid_string", "outcome must be succeeded or failed",
                              "outcome");
      return r->svc_.settle_refund(req.param("id"), outcome == "succeeded", c);
    });
  });
}

}  // namespace wolfix::sandbox
