#include "app/config.hpp"

#include <cctype>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <type_traits>

#include "app/config_reference.hpp"
#include "common/money.hpp"
#include "http/client_address.hpp"

namespace wolfix {
namespace {

// One WOLFIX_* variable: how it loads into a Config and how its default reads.
struct Setting {
  const char* name;
  const char* flag;
  const char* meaning;
  std::function<void(Config&, const std::string&)> load;  // empty: read elsewhere
  std::function<std::string(const Config&)> show;
  const char* shown_default = nullptr;  // instead of show(): secrets, computed values
  bool empty_is_a_value = false;        // otherwise a set but empty variable means "default"
  Setting& shown_as(const char* text) {
    shown_default = text;
    return *this;
  }
  Setting& keep_empty() {
    empty_is_a_value = true;
    return *this;
  }
};

int64_t parse_int(const char* name, const std::string& v) {
  try {
    std::size_t used = 0;
    int64_t n = std::stoll(v, &used);
    if (used == v.size()) return n;
  } catch (...) {
  }
  throw std::invalid_argument(std::string(name) + " must be an integer");
}

template <class T>
void parse_into(const char* name, const std::string& v, T& out) {
  if constexpr (std::is_same_v<T, std::string>)
    out = v;
  else if constexpr (std::is_same_v<T, bool>)
    out = v == "1" || v == "true" || v == "yes";
  else if constexpr (std::is_same_v<T, std::vector<std::string>>)
    out = split_csv(v);
  else
    out = static_cast<T>(parse_int(name, v));
}

template <class T>
std::string text_of(const T& v) {
  if constexpr (std::is_same_v<T, std::string>)
    return v;
  else if constexpr (std::is_same_v<T, bool>)
    return v ? "1" : "0";
  else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    std::string out;
    for (const auto& item : v) out += (out.empty() ? "" : ",") + item;
    return out;
  } else
    return std::to_string(v);
}

template <class T>
Setting field(const char* name, T Config::*member, const char* meaning, const char* flag = "") {
  Setting s{name, flag, meaning, {}, {}};
  s.load = [name, member](Config& c, const std::string& v) { parse_into(name, v, c.*member); };
  s.show = [member](const Config& c) { return text_of(c.*member); };
  return s;
}

// A variable read outside Config (listed so the reference is complete).
Setting outside(const char* name, const char* meaning) {
  return Setting{name, "", meaning, {}, {}};
}

}  // namespace

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    auto j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string item = s.substr(i, j - i);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    i = j + 1;
  }
  return out;
}

std::string Config::host() const {
  auto pos = listen.rfind(':');
  if (pos == std::string::npos) throw std::invalid_argument("listen must be HOST:PORT");
  std::string h = listen.substr(0, pos);
  if (h.size() > 2 && h.front() == '[') h = h.substr(1, h.size() - 2);
  return h.empty() ? "0.0.0.0" : h;
}

uint16_t Config::port() const {
  auto pos = listen.rfind(':');
  if (pos == std::string::npos) throw std::invalid_argument("listen must be HOST:PORT");
  int p = -1;
  try {
    p = std::stoi(listen.substr(pos + 1));
  } catch (...) {
  }
  if (p < 0 || p > 65535) throw std::invalid_argument("listen port must be 0..65535");
  return static_cast<uint16_t>(p);
}

namespace {

// Every WOLFIX_* variable: the loader below reads them through this table, and
// `wolfix config --reference` prints it (README "Configuration reference" is its output, checked
// by tests/config_reference.sh). A new setting is one line here.
const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = [] {
    std::vector<Setting> s;
    // clang-format off
    s.push_back(field("WOLFIX_ENV", &Config::env, "`production` refuses development secrets and plain HTTP", "--env"));
    s.push_back(field("WOLFIX_LISTEN", &Config::listen, "address and port (`:0` picks a free port)", "serve --listen"));
    s.push_back(field("WOLFIX_DATABASE_URL", &Config::database_url, "`sqlite:PATH` (relative to the working directory) or `postgres://user:pass@host:port/db`", "--database-url"));
    s.push_back(field("WOLFIX_DB_POOL", &Config::db_pool, "database connections per node"));
    s.push_back(field("WOLFIX_DB_GROUP_COMMITS", &Config::db_group_commits, "PostgreSQL: how many groups of concurrent one-round-trip transactions (cash orders, card steps; the sandbox's asynchronous ones group apart) may be on their way at once, each committed as one transaction; `0` commits every transaction alone"));
    s.push_back(field("WOLFIX_IO_THREADS", &Config::io_threads, "io threads; 0 = one per core", "serve --io-threads"));
    s.push_back(field("WOLFIX_WORKER_THREADS", &Config::worker_threads, "blocking pool (database, password hashing, provider calls)", "serve --worker-threads"));
    s.push_back(field("WOLFIX_BODY_LIMIT", &Config::body_limit, "largest request body in bytes, except admitted uploads"));
    s.push_back(field("WOLFIX_LOG_LEVEL", &Config::log_level, "`debug`, `info`, `warn`, `error`", "--log-level"));
    s.push_back(field("WOLFIX_CORS_ORIGINS", &Config::cors_origins, "comma-separated origins, or `*`; set but empty = none").keep_empty());
    s.push_back(field("WOLFIX_TRUST_FORWARDED_FOR", &Config::trust_forwarded_for, "`1` alone trusts a proxy on loopback (`127.0.0.0/8`, `::1`) for `X-Forwarded-For`, and for the origin of media URLs"));
    s.push_back(field("WOLFIX_TRUSTED_PROXIES", &Config::trusted_proxies, "proxies (addresses, CIDR blocks: `127.0.0.1,10.0.0.0/8`) whose `X-Forwarded-For` is believed: the client is the right-most hop they did not write"));
    s.push_back(field("WOLFIX_TRUSTED_PROXY_HOPS", &Config::trusted_proxy_hops, "or: this many proxies stand in front, whatever their address (only if nothing else can reach the node)"));
    s.push_back(field("WOLFIX_READ_TIMEOUT_SECONDS", &Config::read_timeout_seconds, "deadline for reading one request"));
    s.push_back(field("WOLFIX_WRITE_TIMEOUT_SECONDS", &Config::write_timeout_seconds, "deadline for writing one answer (none while the handler runs)"));
    s.push_back(field("WOLFIX_UPLOAD_LIMIT", &Config::upload_limit, "largest multipart upload, only on upload routes with a valid token (refused before the body is read otherwise)"));
    s.push_back(field("WOLFIX_MAX_CONNECTIONS", &Config::max_connections, "open connections per node (503 beyond)"));
    s.push_back(field("WOLFIX_MAX_CONNECTIONS_PER_ADDRESS", &Config::max_connections_per_address, "open connections per client address (429 beyond; trusted proxies exempt)"));
    s.push_back(field("WOLFIX_MAX_BODY_BYTES_IN_FLIGHT", &Config::max_body_bytes_in_flight, "request body bytes a node holds at once (503 beyond)"));
    s.push_back(field("WOLFIX_METRICS_TOKEN", &Config::metrics_token, "bearer token `/metrics` asks for; production serves no `/metrics` without one"));
    s.push_back(field("WOLFIX_TLS_CERT", &Config::tls_cert, "PEM certificate chain: serve HTTPS natively (with the key)", "serve --tls-cert"));
    s.push_back(field("WOLFIX_TLS_KEY", &Config::tls_key, "PEM private key", "serve --tls-key"));
    s.push_back(field("WOLFIX_BEHIND_TLS_PROXY", &Config::behind_tls_proxy, "a TLS-terminating proxy fronts this node (production needs this or native TLS)", "serve --behind-tls-proxy"));
    s.push_back(field("WOLFIX_JWT_SECRET", &Config::jwt_secret, "HS256 key, at least 32 bytes; required in production").shown_as("development value"));
    s.push_back(field("WOLFIX_JWT_ISSUER", &Config::jwt_issuer, "checked on every token"));
    s.push_back(field("WOLFIX_JWT_AUDIENCE", &Config::jwt_audience, "checked on every token"));
    s.push_back(field("WOLFIX_JWT_LIFETIME_MINUTES", &Config::jwt_lifetime_minutes, "token lifetime"));
    s.push_back(field("WOLFIX_TOKEN_MAX_SESSION_DAYS", &Config::token_max_session_days, "the longest a chain of token refreshes keeps one sign-in alive"));
    s.push_back(field("WOLFIX_TOKEN_REVOCATION_CACHE_SECONDS", &Config::token_revocation_cache_seconds, "how long a node trusts its cached token version (a password changed on another node revokes tokens here within this time)"));
    s.push_back(outside("WOLFIX_TOKEN_LIFETIME_DAYS", "token lifetime in days (the original's unit); instead of WOLFIX_JWT_LIFETIME_MINUTES, not with it"));
    s.push_back(field("WOLFIX_PASSWORD_COST", &Config::password_cost, "Argon2id cost (`test` = libsodium minimum, tests only)"));
    s.push_back(field("WOLFIX_LOGIN_MAX_FAILURES_PER_ACCOUNT", &Config::login_max_failures_per_account, "failed sign-ins per account e-mail in one window"));
    s.push_back(field("WOLFIX_LOGIN_MAX_FAILURES_PER_ADDRESS", &Config::login_max_failures_per_address, "failed sign-ins per client address in one window"));
    s.push_back(field("WOLFIX_LOGIN_WINDOW_SECONDS", &Config::login_window_seconds, "the login throttling window"));
    s.push_back(field("WOLFIX_LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE", &Config::login_max_failures_per_account_anywhere, "failed sign-ins of one account from addresses it never signed in from, before those are refused for it"));
    s.push_back(field("WOLFIX_LOGIN_DELAY_SECONDS", &Config::login_delay_seconds, "the progressive delay after the per-account+address failures (doubles per further failure)"));
    s.push_back(field("WOLFIX_REGISTER_MAX_PER_ADDRESS", &Config::register_max_per_address, "registrations per client address in one window"));
    s.push_back(field("WOLFIX_REGISTER_WINDOW_SECONDS", &Config::register_window_seconds, "the registration throttling window"));
    s.push_back(field("WOLFIX_GOOGLE_CLIENT_ID", &Config::google_client_id, "Google sign-in: the OAuth client id (503 without it)"));
    s.push_back(field("WOLFIX_GOOGLE_JWKS_FILE", &Config::google_jwks_file, "Google sign-in: a file holding Google's JWKS"));
    s.push_back(field("WOLFIX_MEDIA_DIR", &Config::media_dir, "uploaded photos, videos and documents"));
    s.push_back(field("WOLFIX_API_DOCS", &Config::api_docs, "serve the browsable API reference at `/docs` (`/openapi.json` is always served)"));
    s.push_back(field("WOLFIX_WEB_DIR", &Config::web_dir, "serve the storefront from this directory (development) instead of the copy in the binary").shown_as("embedded"));
    s.push_back(field("WOLFIX_PUBLIC_BASE_URL", &Config::public_base_url, "e.g. `https://shop.example`; empty = derived from the listener"));
    s.push_back(field("WOLFIX_STRIPE_SECRET_KEY", &Config::stripe_secret_key, "use real Stripe; without it the built-in sandbox at `/sandbox/stripe` is the provider"));
    s.push_back(field("WOLFIX_STRIPE_PUBLISHABLE_KEY", &Config::stripe_publishable_key, "Stripe publishable key (`pk_...`) handed to clients"));
    s.push_back(field("WOLFIX_STRIPE_WEBHOOK_SECRET", &Config::stripe_webhook_secret, "the Stripe endpoint's `whsec_` secret(s), comma-separated while rolling"));
    s.push_back(field("WOLFIX_STRIPE_API_BASE", &Config::stripe_api_base, "Stripe's API base URL"));
    s.push_back(field("WOLFIX_STRIPE_CONNECT_TIMEOUT_MS", &Config::stripe_connect_timeout_ms, "provider connect timeout"));
    s.push_back(field("WOLFIX_STRIPE_TIMEOUT_MS", &Config::stripe_timeout_ms, "provider request timeout"));
    s.push_back(field("WOLFIX_STRIPE_MAX_RETRIES", &Config::stripe_max_retries, "retries of network errors (same Idempotency-Key)"));
    s.push_back(field("WOLFIX_PAYMENT_CURRENCY", &Config::payment_currency, "ISO currency of card payments: the shop currency (uah), the only one accepted"));
    s.push_back(field("WOLFIX_PAYMENT_METHOD_TYPES", &Config::payment_method_types, "comma-separated PaymentIntent method types"));
    s.push_back(field("WOLFIX_SANDBOX_SECRET_KEY", &Config::sandbox_secret_key, "the sandbox's secret key (`sk_test_...`)"));
    s.push_back(field("WOLFIX_SANDBOX_PUBLISHABLE_KEY", &Config::sandbox_publishable_key, "the sandbox's publishable key (`pk_test_...`)"));
    s.push_back(field("WOLFIX_SANDBOX_WEBHOOK_SECRET", &Config::sandbox_webhook_secret, "the sandbox's webhook signing secret(s), comma-separated while rolling"));
    s.push_back(field("WOLFIX_SANDBOX_WEBHOOK_URL", &Config::sandbox_webhook_url, "where the sandbox delivers events; empty = this node's `/webhooks/stripe`, `none` = off", "sandbox --webhook-url"));
    s.push_back(field("WOLFIX_SANDBOX_RETRY_BASE_MS", &Config::sandbox_retry_base_ms, "webhook retry backoff: base * 2^(attempt-1), capped"));
    s.push_back(field("WOLFIX_SANDBOX_POLL_MS", &Config::sandbox_poll_ms, "how often the delivery job looks for due deliveries"));
    s.push_back(field("WOLFIX_SANDBOX_WORKERS", &Config::sandbox_workers, "threads of the sandbox's own request pool, for calls from outside (the browser's confirm); the node's own gateway and webhook deliveries reach it in-process (`docs/sandbox.md`)"));
    s.push_back(field("WOLFIX_PAYMENT_EXPIRY_MINUTES", &Config::payment_expiry_minutes, "unpaid card orders are cancelled after this"));
    s.push_back(field("WOLFIX_PAYMENT_RECONCILE_SECONDS", &Config::payment_reconcile_seconds, "pending card orders and refunds older than this are checked with the provider"));
    s.push_back(field("WOLFIX_PAYMENT_JOBS_SECONDS", &Config::payment_jobs_seconds, "how often the expiry and reconciliation passes over card orders run"));
    s.push_back(field("WOLFIX_SMTP_URL", &Config::smtp_url, "`smtp://host:587` or `smtps://host:465`; empty = mail goes to WOLFIX_MAIL_FILE"));
    s.push_back(field("WOLFIX_SMTP_FROM", &Config::smtp_from, "sender of customer e-mail"));
    s.push_back(field("WOLFIX_SMTP_USER", &Config::smtp_user, "SMTP user name"));
    s.push_back(field("WOLFIX_SMTP_PASSWORD", &Config::smtp_password, "SMTP password"));
    s.push_back(field("WOLFIX_MAIL_FILE", &Config::mail_file, "where mail is appended (JSON lines) without SMTP"));
    s.push_back(field("WOLFIX_JOBS", &Config::jobs, "run the background jobs on this node"));
    s.push_back(field("WOLFIX_OUTBOX_SECONDS", &Config::outbox_seconds, "how often queued notifications are delivered"));
    s.push_back(field("WOLFIX_SANDBOX_FAULT_KNOBS", &Config::sandbox_fault_knobs, "the sandbox's fault knobs, for tests of outages only (refused in production)"));
    s.push_back(field("WOLFIX_DEMO_PAYMENTS", &Config::demo_payments, "production with the sandbox or a Stripe test key: a demo shop that takes no money (logged at every start)"));
    s.push_back(field("WOLFIX_REVIEW_MODERATION_URL", &Config::review_moderation_url, "optional external review moderation service (see Product reviews); empty = built-in rules only").keep_empty());
    s.push_back(field("WOLFIX_REVIEW_MODERATION_TIMEOUT_MS", &Config::review_moderation_timeout_ms, "how long a review waits for that service before it is held"));
    s.push_back(field("WOLFIX_REVIEW_RECHECK_SECONDS", &Config::review_recheck_seconds, "how often reviews held for the moderation service are asked about again"));
    s.push_back(outside("WOLFIX_SUPERADMIN_PASSWORD", "the password of `admin create-superadmin` when `--password` is not given"));
    // clang-format on
    return s;
  }();
  return all;
}

}  // namespace

Config Config::from_env() {
  Config c;
  for (const auto& s : settings()) {
    if (!s.load) continue;
    const char* v = std::getenv(s.name);
    if (v && (*v || s.empty_is_a_value)) s.load(c, v);
  }
  // The original's TOKEN_LIFETIME unit: days. Either it or the minutes setting, not both.
  if (const char* days = std::getenv("WOLFIX_TOKEN_LIFETIME_DAYS"); days && *days) {
    if (const char* m = std::getenv("WOLFIX_JWT_LIFETIME_MINUTES"); m && *m)
      throw std::invalid_argument(
          "set WOLFIX_TOKEN_LIFETIME_DAYS or WOLFIX_JWT_LIFETIME_MINUTES, not both");
    int64_t d = 0;
    parse_into("WOLFIX_TOKEN_LIFETIME_DAYS", days, d);
    c.jwt_lifetime_minutes = d * 24 * 60;
  }
  // Naming a proxy (or a hop count) is trusting forwarded headers.
  if (!c.trusted_proxies.empty() || c.trusted_proxy_hops > 0) c.trust_forwarded_for = true;
  for (auto& ch : c.payment_currency)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return c;
}

std::vector<SettingInfo> config_reference() {
  const Config defaults;
  std::vector<SettingInfo> out;
  for (const auto& s : settings())
    out.push_back({s.name, s.flag,
                   s.shown_default ? s.shown_default
                   : s.show        ? s.show(defaults)
                                   : "",
                   s.meaning});
  return out;
}

std::string config_reference_markdown() {
  std::string md = "| variable | flag | default | meaning |\n| --- | --- | --- | --- |\n";
  auto code = [](const std::string& t) { return t.empty() ? std::string() : "`" + t + "`"; };
  for (const auto& s : config_reference())
    md += "| `" + s.name + "` | " + code(s.flag) + " | " + code(s.default_value) + " | " +
          s.meaning + " |\n";
  return md;
}

std::string Config::payment_provider() const {
  return stripe_secret_key.empty() ? "sandbox" : "stripe";
}

std::vector<std::string> Config::payment_webhook_secrets() const {
  return split_csv(stripe_secret_key.empty() ? sandbox_webhook_secret : stripe_webhook_secret);
}

std::string Config::payment_publishable_key() const {
  return stripe_secret_key.empty() ? sandbox_publishable_key : stripe_publishable_key;
}

// Production takes money: no provider whose "payments" are test cards unless a demo says so out
// loud, and no key or secret that is printed in this repository (anyone could sign webhooks,
// refund through the sandbox or open its dashboard with them).
void Config::payment_problems_in_production(std::vector<std::string>& out) const {
  auto published_webhook_secret = [](const std::string& csv) {
    for (const auto& s : split_csv(csv))
      if (s == kSandboxWebhookSecret) return true;
    return false;
  };
  if (sandbox_fault_knobs)
    out.push_back(
        "production refuses WOLFIX_SANDBOX_FAULT_KNOBS: the sandbox's fault knobs are for tests");
  if (payment_provider() == "sandbox") {
    if (!demo_payments) {
      out.push_back(
          "production refuses the built-in payment sandbox (test cards would pay orders and no "
          "money would move): set WOLFIX_STRIPE_SECRET_KEY, WOLFIX_STRIPE_PUBLISHABLE_KEY and "
          "WOLFIX_STRIPE_WEBHOOK_SECRET, or WOLFIX_DEMO_PAYMENTS=1 for a demo shop that takes no "
          "money");
      return;
    }
    if (sandbox_secret_key == kSandboxSecretKey)
      out.push_back(
          "production refuses the published sandbox secret key: set WOLFIX_SANDBOX_SECRET_KEY to "
          "sk_test_ and a random value");
    if (published_webhook_secret(sandbox_webhook_secret))
      out.push_back(
          "production refuses the published sandbox webhook secret: set "
          "WOLFIX_SANDBOX_WEBHOOK_SECRET to a random value");
    return;
  }
  bool test_mode =
      stripe_secret_key.rfind("sk_test_", 0) == 0 || stripe_secret_key.rfind("rk_test_", 0) == 0;
  if (stripe_secret_key == kSandboxSecretKey)
    out.push_back(
        "production refuses the published sandbox secret key as WOLFIX_STRIPE_SECRET_KEY");
  else if (test_mode && !demo_payments)
    out.push_back(
        "production refuses a Stripe test-mode key (no money moves): set WOLFIX_STRIPE_SECRET_KEY "
        "to a live key, or WOLFIX_DEMO_PAYMENTS=1 for a demo shop that takes no money");
  if (stripe_webhook_secret.empty())
    out.push_back("production with a Stripe key needs WOLFIX_STRIPE_WEBHOOK_SECRET");
  else if (published_webhook_secret(stripe_webhook_secret) ||
           stripe_webhook_secret == sandbox_webhook_secret)
    out.push_back(
        "production refuses the sandbox webhook secret as WOLFIX_STRIPE_WEBHOOK_SECRET: set it to "
        "the endpoint's whsec_ secret");
}

std::vector<std::string> Config::forwarding_proxies() const {
  if (trusted_proxies.empty() && trusted_proxy_hops == 0 && trust_forwarded_for)
    return {"127.0.0.0/8", "::1"};
  return trusted_proxies;
}

std::vector<std::string> Config::problems() const {
  std::vector<std::string> out;
  try {
    http::ProxyTrust(forwarding_proxies(), trusted_proxy_hops);
  } catch (const std::exception& e) {
    out.push_back(std::string("WOLFIX_TRUSTED_PROXIES/WOLFIX_TRUSTED_PROXY_HOPS: ") + e.what());
  }
  if (read_timeout_seconds < 1 || write_timeout_seconds < 1)
    out.push_back("the read and write timeouts must be at least 1 second");
  if (max_connections < 1 || max_connections_per_address < 1)
    out.push_back("the connection limits must be at least 1");
  if (upload_limit < body_limit || max_body_bytes_in_flight < upload_limit)
    out.push_back(
        "body limits must grow: WOLFIX_BODY_LIMIT <= WOLFIX_UPLOAD_LIMIT <= "
        "WOLFIX_MAX_BODY_BYTES_IN_FLIGHT");
  if (!metrics_token.empty() && metrics_token.size() < 16)
    out.push_back("WOLFIX_METRICS_TOKEN must be at least 16 characters");
  if (env != "development" && env != "production")
    out.push_back("WOLFIX_ENV must be development or production");
  if (payment_jobs_seconds < 1 || review_recheck_seconds < 1 || outbox_seconds < 1)
    out.push_back("the background job intervals must be at least 1 second");
  if (jwt_lifetime_minutes < 1) out.push_back("the JWT lifetime must be at least one minute");
  if (token_max_session_days < 1) out.push_back("WOLFIX_TOKEN_MAX_SESSION_DAYS must be at least 1");
  if (token_revocation_cache_seconds < 0 || token_revocation_cache_seconds > 300)
    out.push_back("WOLFIX_TOKEN_REVOCATION_CACHE_SECONDS must be 0..300");
  if (jwt_secret.size() < 32) out.push_back("the JWT secret must be at least 32 bytes");
  if (!review_moderation_url.empty() && review_moderation_url.rfind("http://", 0) != 0 &&
      review_moderation_url.rfind("https://", 0) != 0)
    out.push_back("WOLFIX_REVIEW_MODERATION_URL must be an http:// or https:// URL");
  if (review_moderation_timeout_ms < 1)
    out.push_back("WOLFIX_REVIEW_MODERATION_TIMEOUT_MS must be at least 1");
  if (password_cost != "default" && password_cost != "test")
    out.push_back("WOLFIX_PASSWORD_COST must be default or test");
  if (login_max_failures_per_account < 1 || login_max_failures_per_address < 1 ||
      login_window_seconds < 1 || login_max_failures_per_account_anywhere < 1 ||
      login_delay_seconds < 1 || register_max_per_address < 1 || register_window_seconds < 1)
    out.push_back("the login limits and window must be at least 1");
  if (google_client_id.empty() != google_jwks_file.empty())
    out.push_back("WOLFIX_GOOGLE_CLIENT_ID and WOLFIX_GOOGLE_JWKS_FILE go together");
  if (tls_cert.empty() != tls_key.empty()) out.push_back("--tls-cert and --tls-key go together");
  if (production()) {
    if (jwt_secret == kDevJwtSecret)
      out.push_back("production refuses the development JWT secret: set WOLFIX_JWT_SECRET");
    if (tls_cert.empty() && !behind_tls_proxy)
      out.push_back(
          "production refuses plain HTTP: give --tls-cert/--tls-key or state "
          "--behind-tls-proxy");
    if (password_cost == "test") out.push_back("production refuses the test password cost");
    payment_problems_in_production(out);
  }
  if (!stripe_secret_key.empty() && stripe_secret_key.rfind("sk_", 0) != 0 &&
      stripe_secret_key.rfind("rk_", 0) != 0)
    out.push_back("WOLFIX_STRIPE_SECRET_KEY must be a secret key (sk_...)");
  if (!stripe_publishable_key.empty() && stripe_publishable_key.rfind("pk_", 0) != 0)
    out.push_back("WOLFIX_STRIPE_PUBLISHABLE_KEY must be a publishable key (pk_...)");
  if (sandbox_secret_key.rfind("sk_test_", 0) != 0)
    out.push_back("WOLFIX_SANDBOX_SECRET_KEY must start with sk_test_");
  if (sandbox_publishable_key.rfind("pk_test_", 0) != 0)
    out.push_back("WOLFIX_SANDBOX_PUBLISHABLE_KEY must start with pk_test_");
  if (sandbox_webhook_secret.empty()) out.push_back("the sandbox webhook secret must not be empty");
  // Orders are priced, charged and refunded in the one shop currency; a payment currency other
  // than it would be advertised to the storefront while the intents charge the shop's.
  if (payment_currency != kShopCurrency.code)
    out.push_back("WOLFIX_PAYMENT_CURRENCY must be the shop currency, " +
                  std::string(kShopCurrency.code));
  if (payment_method_types.empty()) out.push_back("WOLFIX_PAYMENT_METHOD_TYPES must not be empty");
  try {
    (void)port();
    (void)host();
  } catch (const std::exception& e) {
    out.push_back(e.what());
  }
  return out;
}

}  // namespace wolfix
