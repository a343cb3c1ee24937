#include "app/config.hpp"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace wolfix {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

int64_t env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  try {
    return std::stoll(v);
  } catch (...) {
    throw std::invalid_argument(std::string(name) + " must be an integer");
  }
}

bool env_bool(const char* name, bool fallback) {
  std::string v = env_or(name, fallback ? "1" : "0");
  return v == "1" || v == "true" || v == "yes";
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

Config Config::from_env() {
  Config c;
  c.env = env_or("WOLFIX_ENV", c.env);
  c.listen = env_or("WOLFIX_LISTEN", c.listen);
  c.database_url = env_or("WOLFIX_DATABASE_URL", c.database_url);
  c.db_pool = static_cast<int>(env_int("WOLFIX_DB_POOL", c.db_pool));
  c.io_threads = static_cast<int>(env_int("WOLFIX_IO_THREADS", c.io_threads));
  c.worker_threads = static_cast<int>(env_int("WOLFIX_WORKER_THREADS", c.worker_threads));
  c.body_limit = static_cast<std::size_t>(env_int("WOLFIX_BODY_LIMIT", c.body_limit));
  c.log_level = env_or("WOLFIX_LOG_LEVEL", c.log_level);
  if (const char* v = std::getenv("WOLFIX_CORS_ORIGINS")) c.cors_origins = split_csv(v);
  c.trust_forwarded_for = env_bool("WOLFIX_TRUST_FORWARDED_FOR", c.trust_forwarded_for);
  c.tls_cert = env_or("WOLFIX_TLS_CERT", c.tls_cert);
  c.tls_key = env_or("WOLFIX_TLS_KEY", c.tls_key);
  c.behind_tls_proxy = env_bool("WOLFIX_BEHIND_TLS_PROXY", c.behind_tls_proxy);
  c.jwt_secret = env_or("WOLFIX_JWT_SECRET", c.jwt_secret);
  c.jwt_issuer = env_or("WOLFIX_JWT_ISSUER", c.jwt_issuer);
  c.jwt_audience = env_or("WOLFIX_JWT_AUDIENCE", c.jwt_audience);
  c.jwt_lifetime_minutes = env_int("WOLFIX_JWT_LIFETIME_MINUTES", c.jwt_lifetime_minutes);
  c.password_cost = env_or("WOLFIX_PASSWORD_COST", c.password_cost);
  c.login_max_failures_per_account =
      env_int("WOLFIX_LOGIN_MAX_FAILURES_PER_ACCOUNT", c.login_max_failures_per_account);
  c.login_max_failures_per_address =
      env_int("WOLFIX_LOGIN_MAX_FAILURES_PER_ADDRESS", c.login_max_failures_per_address);
  c.login_window_seconds = env_int("WOLFIX_LOGIN_WINDOW_SECONDS", c.login_window_seconds);
  c.google_client_id = env_or("WOLFIX_GOOGLE_CLIENT_ID", c.google_client_id);
  c.google_jwks_file = env_or("WOLFIX_GOOGLE_JWKS_FILE", c.google_jwks_file);
  c.media_dir = env_or("WOLFIX_MEDIA_DIR", c.media_dir);
  c.web_dir = env_or("WOLFIX_WEB_DIR", c.web_dir);
  c.public_base_url = env_or("WOLFIX_PUBLIC_BASE_URL", c.public_base_url);
  c.stripe_secret_key = env_or("WOLFIX_STRIPE_SECRET_KEY", c.stripe_secret_key);
  c.stripe_publishable_key = env_or("WOLFIX_STRIPE_PUBLISHABLE_KEY", c.stripe_publishable_key);
  c.stripe_webhook_secret = env_or("WOLFIX_STRIPE_WEBHOOK_SECRET", c.stripe_webhook_secret);
  c.stripe_api_base = env_or("WOLFIX_STRIPE_API_BASE", c.stripe_api_base);
  c.stripe_connect_timeout_ms =
      static_cast<int>(env_int("WOLFIX_STRIPE_CONNECT_TIMEOUT_MS", c.stripe_connect_timeout_ms));
  c.stripe_timeout_ms = static_cast<int>(env_int("WOLFIX_STRIPE_TIMEOUT_MS", c.stripe_timeout_ms));
  c.stripe_max_retries =
      static_cast<int>(env_int("WOLFIX_STRIPE_MAX_RETRIES", c.stripe_max_retries));
  c.payment_currency = env_or("WOLFIX_PAYMENT_CURRENCY", c.payment_currency);
  for (auto& ch : c.payment_currency)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (const char* v = std::getenv("WOLFIX_PAYMENT_METHOD_TYPES"); v && *v)
    c.payment_method_types = split_csv(v);
  c.sandbox_secret_key = env_or("WOLFIX_SANDBOX_SECRET_KEY", c.sandbox_secret_key);
  c.sandbox_publishable_key = env_or("WOLFIX_SANDBOX_PUBLISHABLE_KEY", c.sandbox_publishable_key);
  c.sandbox_webhook_secret = env_or("WOLFIX_SANDBOX_WEBHOOK_SECRET", c.sandbox_webhook_secret);
  c.sandbox_webhook_url = env_or("WOLFIX_SANDBOX_WEBHOOK_URL", c.sandbox_webhook_url);
  c.sandbox_retry_base_ms =
      static_cast<int>(env_int("WOLFIX_SANDBOX_RETRY_BASE_MS", c.sandbox_retry_base_ms));
  c.sandbox_poll_ms = static_cast<int>(env_int("WOLFIX_SANDBOX_POLL_MS", c.sandbox_poll_ms));
  c.sandbox_workers = static_cast<int>(env_int("WOLFIX_SANDBOX_WORKERS", c.sandbox_workers));
  if (const char* v = std::getenv("WOLFIX_REVIEW_MODERATION_URL")) c.review_moderation_url = v;
  c.review_moderation_timeout_ms = static_cast<int>(
      env_int("WOLFIX_REVIEW_MODERATION_TIMEOUT_MS", c.review_moderation_timeout_ms));
  c.sandbox_fault_knobs = env_bool("WOLFIX_SANDBOX_FAULT_KNOBS", c.sandbox_fault_knobs);
  c.demo_payments = env_bool("WOLFIX_DEMO_PAYMENTS", c.demo_payments);
  c.payment_expiry_minutes = env_int("WOLFIX_PAYMENT_EXPIRY_MINUTES", c.payment_expiry_minutes);
  c.payment_reconcile_seconds =
      env_int("WOLFIX_PAYMENT_RECONCILE_SECONDS", c.payment_reconcile_seconds);
  c.smtp_url = env_or("WOLFIX_SMTP_URL", c.smtp_url);
  c.smtp_from = env_or("WOLFIX_SMTP_FROM", c.smtp_from);
  c.smtp_user = env_or("WOLFIX_SMTP_USER", c.smtp_user);
  c.smtp_password = env_or("WOLFIX_SMTP_PASSWORD", c.smtp_password);
  c.mail_file = env_or("WOLFIX_MAIL_FILE", c.mail_file);
  c.jobs = env_bool("WOLFIX_JOBS", c.jobs);
  return c;
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

std::vector<std::string> Config::problems() const {
  std::vector<std::string> out;
  if (env != "development" && env != "production")
    out.push_back("WOLFIX_ENV must be development or production");
  if (jwt_lifetime_minutes < 1) out.push_back("the JWT lifetime must be at least one minute");
  if (jwt_secret.size() < 32) out.push_back("the JWT secret must be at least 32 bytes");
  if (!review_moderation_url.empty() && review_moderation_url.rfind("http://", 0) != 0 &&
      review_moderation_url.rfind("https://", 0) != 0)
    out.push_back("WOLFIX_REVIEW_MODERATION_URL must be an http:// or https:// URL");
  if (review_moderation_timeout_ms < 1)
    out.push_back("WOLFIX_REVIEW_MODERATION_TIMEOUT_MS must be at least 1");
  if (password_cost != "default" && password_cost != "test")
    out.push_back("WOLFIX_PASSWORD_COST must be default or test");
  if (login_max_failures_per_account < 1 || login_max_failures_per_address < 1 ||
      login_window_seconds < 1)
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
  if (payment_currency.size() != 3) out.push_back("WOLFIX_PAYMENT_CURRENCY must be an ISO code");
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
