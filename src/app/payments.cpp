#include "app/payments.hpp"

#include "common/log.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "payment/routes.hpp"
#include "payment/stripe_gateway.hpp"
#include "payment/webhook_events.hpp"
#include "sandbox/routes.hpp"
#include "sandbox/service.hpp"
#include "sandbox/webhooks.hpp"

namespace wolfix {
namespace {

// The host this node's own clients dial: the listener's, or loopback for a wildcard address.
std::string loopback_for(const Config& c) {
  std::string h = c.host();
  if (h == "0.0.0.0" || h.empty()) return "127.0.0.1";
  if (h == "::") return "[::1]";
  if (h.find(':') != std::string::npos) return "[" + h + "]";
  return h;
}

std::string trimmed_base_url(const Config& c) {
  std::string base = c.public_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

sandbox::SandboxOptions sandbox_options(const Config& c) {
  sandbox::SandboxOptions o;
  o.fault_knobs = c.sandbox_fault_knobs;
  // The shop's own origins: where it is published, and the storefronts it serves (CORS).
  if (!c.public_base_url.empty()) o.return_origins.push_back(trimmed_base_url(c));
  for (const auto& origin : c.cors_origins)
    if (origin != "*") o.return_origins.push_back(origin);
  o.loopback_returns = !c.production() && c.public_base_url.empty();
  o.secret_key = c.sandbox_secret_key;
  o.publishable_key = c.sandbox_publishable_key;
  o.deliver_webhooks = c.sandbox_webhook_url != "none";
  o.payment_method_types = c.payment_method_types;
  return o;
}

sandbox::DeliveryOptions delivery_options(const Config& c) {
  sandbox::DeliveryOptions o;
  o.endpoint = c.sandbox_webhook_url == "none" ? "" : c.sandbox_webhook_url;
  o.secrets = split_csv(c.sandbox_webhook_secret);
  o.retry_base_ms = c.sandbox_retry_base_ms;
  o.poll_ms = c.sandbox_poll_ms;
  return o;
}

}  // namespace

struct Payments::Impl {
  const Config& config;
  std::unique_ptr<payment::StripeGateway> gateway;
  std::unique_ptr<sandbox::Service> sandbox;
  std::unique_ptr<sandbox::WebhookSender> sender;

  Impl(const Config& c, db::Database& db, Clock& clock) : config(c) {
    payment::StripeGatewayOptions g;
    g.connect_timeout_ms = c.stripe_connect_timeout_ms;
    g.timeout_ms = c.stripe_timeout_ms;
    g.max_retries = c.stripe_max_retries;
    g.payment_method_types = c.payment_method_types;
    if (c.payment_provider() == "stripe") {
      g.api_base = c.stripe_api_base;
      g.secret_key = c.stripe_secret_key;
    } else {
      // Pointed at this node once its port is known (start()).
      g.api_base = "http://127.0.0.1:0/sandbox/stripe";
      g.secret_key = c.sandbox_secret_key;
      g.provider_name = "sandbox";
      auto options = sandbox_options(c);
      // Delivering to this node: only what its /webhooks/stripe acts on, as a Stripe endpoint
      // is set up. Another endpoint (a test's receiver, another system) gets every event.
      if (c.sandbox_webhook_url.empty()) options.webhook_events = payment::webhook_event_types();
      sandbox = std::make_unique<sandbox::Service>(db, clock, std::move(options));
      sender = std::make_unique<sandbox::WebhookSender>(db, clock, delivery_options(c));
      sandbox->on_events = [s = sender.get()] { s->notify(); };
    }
    gateway = std::make_unique<payment::StripeGateway>(std::move(g));
  }
};

Payments::Payments(const Config& config, db::Database& db, Clock& clock)
    : impl_(std::make_unique<Impl>(config, db, clock)) {}

Payments::~Payments() {
  stop();
}

void Payments::register_routes(http::Router& router) {
  payment::register_payment_routes(router, impl_->config, *impl_->gateway);
}

bool Payments::register_sandbox_routes(http::Router& router) {
  if (impl_->sandbox) {
    sandbox::RouteOptions o;
    o.prefix = "/sandbox/stripe";
    o.public_base_url = trimmed_base_url(impl_->config);
    sandbox::register_sandbox_routes(router, *impl_->sandbox, o);
  }
  return impl_->sandbox != nullptr;
}

void Payments::start(uint16_t port, http::Handler self_site) {
  if (!impl_->sandbox) return;
  const auto& c = impl_->config;
  // Native TLS would need a certificate valid for the loopback name; see docs/sandbox.md.
  std::string self =
      (c.tls_cert.empty() ? "http://" : "https://") + loopback_for(c) + ":" + std::to_string(port);
  impl_->gateway->set_api_base(self + "/sandbox/stripe");
  if (self_site) impl_->gateway->serve_in_process(self, self_site);
  if (c.sandbox_webhook_url.empty()) {
    impl_->sender->set_endpoint(self + "/webhooks/stripe");
    if (self_site) impl_->sender->deliver_in_process(self_site);
  }
  impl_->sender->start();
}

void Payments::stop() {
  if (impl_ && impl_->sender) impl_->sender->stop();
}

payment::Gateway& Payments::gateway() {
  return *impl_->gateway;
}
bool Payments::sandbox_enabled() const {
  return impl_->sandbox != nullptr;
}

int run_sandbox_server(const Config& config) {
  auto db = db::Database::open(config.database_url, config.db_pool, config.db_group_commits);
  db->migrate();
  SystemClock clock;
  sandbox::Service service(*db, clock, sandbox_options(config));
  auto delivery = delivery_options(config);
  sandbox::WebhookSender sender(*db, clock, delivery);
  service.on_events = [&sender] { sender.notify(); };
  http::Router router;
  http::Metrics metrics;
  for (const char* prefix : {"", "/sandbox/stripe"}) {
    sandbox::RouteOptions o;
    o.prefix = prefix;
    o.public_base_url = trimmed_base_url(config);
    sandbox::register_sandbox_routes(router, service, o);
  }
  router.add(http::Method::get, "/health", http::Access::anyone(),
             [](http::Request&) { return http::Response::raw_json(R"({"status":"ok"})"); });
  auto no_tokens = [](std::string_view, std::string& reason) -> std::optional<http::Principal> {
    reason = "the sandbox has no user tokens";
    return std::nullopt;
  };
  http::Dispatcher dispatcher(router, no_tokens, metrics,
                              http::DispatcherOptions{config.cors_origins});
  http::ServerOptions o;
  o.host = config.host();
  o.port = config.port();
  o.io_threads = config.io_threads;
  o.worker_threads = config.worker_threads;
  o.tls_cert_file = config.tls_cert;
  o.tls_key_file = config.tls_key;
  http::Server server(o, [&dispatcher](http::Request& r) { return dispatcher.handle(r); });
  uint16_t port = server.start();
  sender.start();
  log::info("sandbox_listening",
            {{"address", config.host()},
             {"port", port},
             {"secret_key", config.sandbox_secret_key},
             {"publishable_key", config.sandbox_publishable_key},
             {"webhook_endpoint", delivery.endpoint.empty() ? "none" : delivery.endpoint}});
  server.wait_for_signal();
  sender.stop();
  log::info("stopped");
  return 0;
}

}  // namespace wolfix
