#include "app/app.hpp"

#include "admin/routes.hpp"
#include "apidoc/routes.hpp"
#include "app/payments.hpp"
#include "app/platform_routes.hpp"
#include "catalog/routes.hpp"
#include "common/log.hpp"
#include "customer/routes.hpp"
#include "db/db.hpp"
#include "delivery/routes.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "identity/hashing.hpp"
#include "identity/role_checks.hpp"
#include "identity/routes.hpp"
#include "identity/service.hpp"
#include "identity/tokens.hpp"
#include "jobs/runner.hpp"
#include "media/routes.hpp"
#include "notify/outbox.hpp"
#include "order/routes.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_routes.hpp"
#include "review/routes.hpp"
#include "review/toxicity.hpp"
#include "seller/routes.hpp"
#include "staff/accounts.hpp"
#include "support/routes.hpp"

namespace wolfix {

static identity::IdentitySettings identity_settings(const Config& c) {
  identity::IdentitySettings s;
  s.password_cost = identity::password_cost_named(c.password_cost);
  s.throttle.free_failures = c.login_max_failures_per_account;
  s.throttle.per_account_anywhere = c.login_max_failures_per_account_anywhere;
  s.throttle.per_address = c.login_max_failures_per_address;
  s.throttle.window_seconds = c.login_window_seconds;
  s.throttle.delay_base_seconds = c.login_delay_seconds;
  s.throttle.registrations_per_address = c.register_max_per_address;
  s.throttle.registration_window_seconds = c.register_window_seconds;
  s.token_revocation_cache_seconds = c.token_revocation_cache_seconds;
  s.token_max_session_days = c.token_max_session_days;
  s.google_jwks_file = c.google_jwks_file;
  s.google_client_id = c.google_client_id;
  return s;
}

static payment::CardSettings card_settings(const Config& c) {
  payment::CardSettings s;
  s.expire_after_ms = c.payment_expiry_minutes * 60'000;
  s.reconcile_after_ms = c.payment_reconcile_seconds * 1000;
  s.webhook_secrets = c.payment_webhook_secrets();
  return s;
}

// Answers that do not set their own: no sniffing, no framing, no referrer; a JSON answer loads
// nothing (pages set their own policy). HSTS in production, where every origin is HTTPS.
static std::vector<std::pair<std::string, std::string>> security_headers(const Config& c) {
  std::vector<std::pair<std::string, std::string>> h = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
  };
  if (c.production()) h.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return h;
}

static http::ServerOptions server_options(const Config& c) {
  http::ServerOptions o;
  o.host = c.host();
  o.port = c.port();
  o.io_threads = c.io_threads;
  o.worker_threads = c.worker_threads;
  o.body_limit = c.body_limit;
  o.upload_limit = c.upload_limit;
  o.read_timeout_seconds = c.read_timeout_seconds;
  o.write_timeout_seconds = c.write_timeout_seconds;
  o.tls_cert_file = c.tls_cert;
  o.tls_key_file = c.tls_key;
  o.proxies = http::ProxyTrust(c.forwarding_proxies(), c.trusted_proxy_hops);
  o.max_connections = c.max_connections;
  o.max_connections_per_address = c.max_connections_per_address;
  o.max_body_bytes_in_flight = c.max_body_bytes_in_flight;
  o.default_headers = security_headers(c);
  return o;
}

struct App::Impl {
  Config config;
  std::shared_ptr<Clock> clock;
  std::unique_ptr<db::Database> db;
  identity::TokenService tokens;
  // One store of uploaded files for every module that keeps some.
  media::BlobStore blobs = media::BlobStore::from_config(config);
  catalog::CategoryService categories{*db, *clock, blobs};
  // What orders do to stock, which the product pages follow.
  catalog::Stock stock;
  catalog::ProductService products{*db, *clock, blobs, stock};
  Payments payments{config, *db, *clock};
  identity::IdentityService identity{*db, *clock, tokens, identity_settings(config)};
  delivery::DeliveryService delivery{*db, *clock};
  order::OrderService orders{*db, *clock, stock};
  payment::CardPayments card_payments{*db, *clock, orders, payments.gateway(),
                                      card_settings(config)};
  notify::Outbox outbox{*db, *clock,
                        config.smtp_url.empty()
                            ? notify::file_sender(config.mail_file)
                            : notify::smtp_sender(config.smtp_url, config.smtp_from,
                                                  config.smtp_user, config.smtp_password)};
  jobs::Runner jobs;
  // Mail has a thread of its own: a slow or hung mail server never holds up the payment jobs
  // or the search index, and a backlog drains without waiting behind them.
  jobs::Runner mail_jobs;
  customer::CustomerService customers{*db, *clock};
  seller::SellerService sellers{*db, *clock};
  seller::ApplicationService seller_applications{*db, *clock, blobs};
  identity::Accounts accounts{*db, *clock, identity::password_cost_named(config.password_cost)};
  staff::StaffAccounts staff_accounts{accounts};
  admin::AdminService admins{*db, *clock, staff_accounts};
  support::SupportStaffService supports{*db, *clock, staff_accounts};
  support::SupportRequestService support_requests{*db, *clock, orders, accounts, blobs};
  identity::RoleChecks role_checks;
  std::unique_ptr<review::ToxicityCheck> review_moderation =
      config.review_moderation_url.empty()
          ? nullptr
          : std::make_unique<review::HttpToxicityCheck>(config.review_moderation_url,
                                                        config.review_moderation_timeout_ms);
  review::ReviewService reviews{*db, *clock, review_moderation.get()};
  http::Metrics metrics;
  http::Router router;
  std::unique_ptr<apidoc::Reference> reference;
  std::unique_ptr<http::Dispatcher> dispatcher;
  // The payment sandbox, when it is the provider: its own routes, dispatcher and pool, mounted
  // on the main listener under /sandbox/ (the gateway calls it over HTTP from the main pool).
  http::Router sandbox_router;
  std::unique_ptr<http::Dispatcher> sandbox_dispatcher;
  std::unique_ptr<http::WorkerPool> sandbox_pool;
  std::unique_ptr<http::Server> server;

  Impl(Config c, std::shared_ptr<Clock> clk)
      : config(std::move(c)),
        clock(std::move(clk)),
        db(db::Database::open(config.database_url, config.db_pool, config.db_group_commits)),
        tokens({config.jwt_secret, config.jwt_issuer, config.jwt_audience,
                config.jwt_lifetime_minutes},
               *clock) {
    // With jobs, the search index is built by one at start-up; without, by the first search.
    register_platform_routes(router, config, *db, metrics,
                             [this] { return !config.jobs || products.search_index_built(); });
    payments.register_routes(router);
    media::register_routes(router, blobs);
    catalog::register_category_routes(router, categories);
    catalog::register_product_routes(router, products);
    identity::register_identity_routes(router, identity);
    delivery::register_delivery_routes(router, delivery);
    order::register_order_routes(router, orders);
    payment::register_card_routes(router, card_payments);
    customer::register_routes(router, customers, *clock);
    seller::register_routes(router, sellers, seller_applications, *clock, role_checks);
    admin::register_routes(router, admins, role_checks);
    support::register_staff_routes(router, supports, role_checks);
    support::register_request_routes(router, support_requests, *clock);
    review::register_review_routes(router, reviews);
    // After every route of the site: the document describes them (and itself).
    reference = std::make_unique<apidoc::Reference>(router, config.api_docs);
    sellers.on_products_removed([this] { products.forget_cached_pages(); });
    reviews.on_ratings_changed([this] { products.forget_cached_pages(); });
    sellers.on_name_changed([this] { products.forget_cached_pages(); });
    categories.on_products_shown_changed([this] { products.forget_cached_pages(); });
    // A removed seller's, admin's or support member's token verifies until it expires, but no
    // longer carries the role (each module adds its role's check when its routes are
    // registered): every route of that role answers 403 instead of acting for a profile that
    // is gone.
    auto auth = [this](std::string_view token, std::string& reason) {
      auto p = identity.authenticate(token, reason);  // signature, expiry, not revoked
      if (p) role_checks.apply(*p);
      return p;
    };
    http::OriginOptions origin;
    origin.public_base_url = config.public_base_url;
    while (!origin.public_base_url.empty() && origin.public_base_url.back() == '/')
      origin.public_base_url.pop_back();
    origin.https = !config.tls_cert.empty() || config.behind_tls_proxy;
    origin.trust_forwarded = config.trust_forwarded_for;
    dispatcher = std::make_unique<http::Dispatcher>(
        router, auth, metrics, http::DispatcherOptions{config.cors_origins, origin});
    if (payments.register_sandbox_routes(sandbox_router)) {
      auto no_tokens = [](std::string_view, std::string& reason) -> std::optional<http::Principal> {
        reason = "the sandbox has no user tokens";
        return std::nullopt;
      };
      sandbox_dispatcher = std::make_unique<http::Dispatcher>(
          sandbox_router, no_tokens, metrics, http::DispatcherOptions{config.cors_origins, origin});
      sandbox_pool = std::make_unique<http::WorkerPool>(config.sandbox_workers);
    }
    reference->build({&router, &sandbox_router});
  }
};

App::App(Config config, std::shared_ptr<Clock> clock)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(clock))) {}

App::~App() {
  stop();
}

uint16_t App::start() {
  impl_->db->migrate();
  impl_->server =
      std::make_unique<http::Server>(server_options(impl_->config), impl_->dispatcher->site());
  if (impl_->sandbox_dispatcher)
    impl_->server->mount("/sandbox/", impl_->sandbox_dispatcher->site(impl_->sandbox_pool.get()));
  uint16_t port = impl_->server->start();
  // The node's own calls to its sandbox and deliveries to its webhook endpoint, in-process:
  // the same sites the listener routes them to.
  http::Handler self;
  if (impl_->sandbox_dispatcher)
    self = [&i = *impl_](http::Request& r) {
      return r.path.starts_with("/sandbox/") ? i.sandbox_dispatcher->handle(r)
                                             : i.dispatcher->handle(r);
    };
  impl_->payments.start(port, std::move(self));
  if (impl_->config.jobs) {
    // Every pass claims its rows, so any number of nodes may run the jobs at once.
    auto& i = *impl_;
    const auto& c = i.config;
    i.jobs.every("expire_unpaid_card_orders", std::chrono::seconds(c.payment_jobs_seconds),
                 [&i] { i.card_payments.expire_unpaid(); });
    i.jobs.every("reconcile_payments", std::chrono::seconds(c.payment_jobs_seconds),
                 [&i] { i.card_payments.reconcile(); });
    // Reviews held because the moderation service did not answer are asked about again.
    if (i.review_moderation)
      i.jobs.every("recheck_held_reviews", std::chrono::seconds(c.review_recheck_seconds),
                   [&i] { i.reviews.recheck_held(); });
    i.mail_jobs.every("deliver_notifications", std::chrono::seconds(c.outbox_seconds),
                      [&i, secs = c.outbox_seconds] {
                        i.outbox.deliver_backlog(20, std::chrono::seconds(secs));
                      });
    // Built at start-up rather than by the first search, then kept as fresh as cached pages.
    i.jobs.every("follow_search_index", std::chrono::seconds(1),
                 [&i] { i.products.follow_search_index(); });
    i.jobs.start();
    i.mail_jobs.start();
  }
  return port;
}

void App::wait_for_signal() {
  if (impl_->server) impl_->server->wait_for_signal();
}

void App::stop() {
  if (impl_) impl_->jobs.stop();
  if (impl_) impl_->mail_jobs.stop();
  if (impl_ && impl_->server) impl_->server->stop();
  if (impl_) impl_->payments.stop();
}

const Config& App::config() const {
  return impl_->config;
}
db::Database& App::database() {
  return *impl_->db;
}
Clock& App::clock() {
  return *impl_->clock;
}
identity::TokenService& App::tokens() {
  return impl_->tokens;
}
payment::Gateway& App::payment_gateway() {
  return impl_->payments.gateway();
}
payment::CardPayments& App::card_payments() {
  return impl_->card_payments;
}
notify::Outbox& App::outbox() {
  return impl_->outbox;
}
const std::vector<std::string>& App::undocumented_routes() const {
  return impl_->reference->undocumented();
}
const std::vector<std::string>& App::unrouted_descriptions() const {
  return impl_->reference->unrouted();
}
review::ReviewService& App::reviews() {
  return impl_->reviews;
}

}  // namespace wolfix
