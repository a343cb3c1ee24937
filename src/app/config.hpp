#pragma once
// Everything configurable, read from WOLFIX_* environment variables and overridden by flags.
#include <cstdint>
#include <string>
#include <vector>

namespace wolfix {

struct Config {
  std::string env = "development";  // development | production
  std::string listen = "127.0.0.1:8080";
  std::string database_url = "sqlite:var/wolfix.db";
  int db_pool = 16;
  int db_group_commits = 1;  // PostgreSQL: groups of one-round-trip commits on their way at once
  int io_threads = 0;
  int worker_threads = 16;
  std::size_t body_limit = 1 << 20;
  std::string log_level = "info";
  std::vector<std::string> cors_origins = {"http://localhost:3000", "http://127.0.0.1:3000"};
  // Proxies whose X-Forwarded-For is believed (src/http/client_address.hpp): addresses or CIDR
  // blocks, and/or a count of hops in front of us. WOLFIX_TRUST_FORWARDED_FOR=1 alone trusts
  // a proxy on loopback. trust_forwarded_for is true when any proxy is trusted.
  bool trust_forwarded_for = false;
  std::vector<std::string> trusted_proxies;
  int trusted_proxy_hops = 0;

  // The HTTP layer's limits (issue 15): per-phase deadlines, connections, bodies in flight.
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  std::size_t upload_limit = 25u << 20;  // multipart uploads by an authenticated caller
  int max_connections = 1000;
  int max_connections_per_address = 100;  // trusted proxies are exempt
  std::size_t max_body_bytes_in_flight = 256u << 20;
  // Bearer token /metrics asks for; in production, /metrics is not served without one.
  std::string metrics_token;

  std::string tls_cert;
  std::string tls_key;
  bool behind_tls_proxy = false;

  std::string jwt_secret = kDevJwtSecret;
  std::string jwt_issuer = "wolfix";
  std::string jwt_audience = "wolfix-clients";
  // Token lifetime. Wolfix.Server's clients never refresh, so a token must outlast a shopping
  // session that spans days (cart today, checkout at the weekend): 7 days. Set in days
  // (WOLFIX_TOKEN_LIFETIME_DAYS, the original's TOKEN_LIFETIME unit) or minutes.
  int64_t jwt_lifetime_minutes = 7 * 24 * 60;
  // The longest a chain of refreshes (POST /api/account/token/refresh) keeps one sign-in alive.
  int64_t token_max_session_days = 30;
  // How long a node trusts its cached copy of an account's token version before reading the
  // database again: a password changed on another node revokes tokens here within this time.
  int64_t token_revocation_cache_seconds = 10;
  std::string password_cost = "default";  // default | test (libsodium minimum; tests only)
  // Sign-in throttle (identity/throttle.hpp), over a sliding window: failures of one account
  // from one address before the progressive delay (login_delay_seconds, doubled per further
  // failure); failures of one account from addresses it never signed in from before those
  // addresses are refused for it; failures from one address over all accounts.
  int64_t login_max_failures_per_account = 5;
  int64_t login_max_failures_per_account_anywhere = 20;
  int64_t login_max_failures_per_address = 50;
  int64_t login_window_seconds = 15 * 60;
  int64_t login_delay_seconds = 30;
  // Registrations per client address in a sliding window.
  int64_t register_max_per_address = 10;
  int64_t register_window_seconds = 60 * 60;
  // Google sign-in: the OAuth client id (the ID tokens' audience) and a file holding Google's
  // JWKS (https://www.googleapis.com/oauth2/v3/certs). Unset = the route answers 503.
  std::string google_client_id;
  std::string google_jwks_file;

  std::string media_dir = "var/media";
  // GET /docs, the browsable API reference (GET /openapi.json is always there).
  bool api_docs = true;
  std::string web_dir;  // empty = the storefront embedded in the binary; a directory overrides it
  std::string public_base_url;  // e.g. https://shop.example; empty = derived from the listener

  // Payments (see docs/sandbox.md). No Stripe secret key = the built-in sandbox is the provider.
  std::string stripe_secret_key;
  std::string stripe_publishable_key;
  std::string stripe_webhook_secret;
  std::string stripe_api_base = "https://api.stripe.com";
  int stripe_connect_timeout_ms = 5000;
  int stripe_timeout_ms = 30000;
  int stripe_max_retries = 2;
  std::string payment_currency = "uah";
  std::vector<std::string> payment_method_types = {"card"};
  // The sandbox, mounted under /sandbox/stripe when no Stripe secret key is set.
  std::string sandbox_secret_key = kSandboxSecretKey;
  std::string sandbox_publishable_key = kSandboxPublishableKey;
  std::string sandbox_webhook_secret = kSandboxWebhookSecret;  // comma-separated while rolling
  std::string sandbox_webhook_url;   // empty = this node's own /webhooks/stripe; "none" = off
  int sandbox_retry_base_ms = 1000;  // webhook retry backoff: base * 2^(attempt-1), capped
  int sandbox_poll_ms = 500;         // how often the delivery job looks for due deliveries
  int sandbox_workers = 4;           // the listener's own pool for /sandbox/ requests
  // The sandbox's fault knobs (failing amounts, metadata[sandbox_fault], pm_sandbox_*,
  // metadata[sandbox_webhook]): for tests of outages only, off unless asked for, never in
  // production. Off, a 900.00 order is an order like any other.
  bool sandbox_fault_knobs = false;
  // Production with the sandbox as the provider: a demo shop where test cards "pay" and no money
  // moves. Off, production refuses to start without a live provider key.
  bool demo_payments = false;

  static constexpr const char* kSandboxSecretKey = "sk_test_wolfix_sandbox";
  static constexpr const char* kSandboxPublishableKey = "pk_test_wolfix_sandbox";
  static constexpr const char* kSandboxWebhookSecret = "whsec_wolfix_sandbox_development";

  // "stripe" when a Stripe secret key is configured, otherwise "sandbox".
  std::string payment_provider() const;
  // The secret(s) a webhook receiver verifies Stripe-Signature with: the Stripe endpoint's
  // secret, or the sandbox's. Several while a secret rolls.
  std::vector<std::string> payment_webhook_secrets() const;

  // Card orders and notifications.
  int64_t payment_expiry_minutes = 30;      // unpaid card orders are cancelled after this
  int64_t payment_reconcile_seconds = 120;  // pending orders older than this are checked
  // How often the background passes run (a test or a busy shop shortens them).
  int64_t payment_jobs_seconds = 60;    // expiry of unpaid card orders and reconciliation
  int64_t review_recheck_seconds = 60;  // held reviews asked about again
  int64_t outbox_seconds = 5;           // notifications delivered
  std::string smtp_url;                 // smtp://host:587 or smtps://host:465; empty = file
  std::string smtp_from = "Wolfix <no-reply@wolfix.test>";
  std::string smtp_user;
  std::string smtp_password;
  std::string mail_file = "var/mail/outbox.jsonl";  // where mail goes without SMTP
  bool jobs = true;                                 // run background jobs on this node
  // Reviews: the optional external moderation service (POST {"text"} -> JSON boolean, true =
  // toxic). Empty = the built-in rules only.
  std::string review_moderation_url;
  int review_moderation_timeout_ms = 3000;
  std::string payment_publishable_key() const;

  static constexpr const char* kDevJwtSecret = "wolfix-development-jwt-secret-do-not-use-in-prod";

  bool production() const { return env == "production"; }
  // The proxies to believe, as configured (loopback for WOLFIX_TRUST_FORWARDED_FOR=1 alone).
  std::vector<std::string> forwarding_proxies() const;
  std::string host() const;
  uint16_t port() const;

  // Reads WOLFIX_* variables over the defaults.
  static Config from_env();
  // Problems that forbid starting (production without TLS, development secrets in production...).
  std::vector<std::string> problems() const;

 private:
  void payment_problems_in_production(std::vector<std::string>& out) const;
};

// A comma-separated setting ("a, b,,c") as its non-empty items, spaces around each trimmed.
std::vector<std::string> split_csv(const std::string& s);

}  // namespace wolfix
