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
  int io_threads = 0;
  int worker_threads = 16;
  std::size_t body_limit = 1 << 20;
  std::string log_level = "info";
  std::vector<std::string> cors_origins = {"http://localhost:3000", "http://127.0.0.1:3000"};
  bool trust_forwarded_for = false;

  std::string tls_cert;
  std::string tls_key;
  bool behind_tls_proxy = false;

  std::string jwt_secret = kDevJwtSecret;
  std::string jwt_issuer = "wolfix";
  std::string jwt_audience = "wolfix-clients";
  int64_t jwt_lifetime_minutes = 24 * 60;
  std::string password_cost = "default";  // default | test (libsodium minimum; tests only)
  // Failed sign-ins allowed per account e-mail and per client address in one fixed window.
  int64_t login_max_failures_per_account = 5;
  int64_t login_max_failures_per_address = 50;
  int64_t login_window_seconds = 15 * 60;
  // Google sign-in: the OAuth client id (the ID tokens' audience) and a file holding Google's
  // JWKS (https://www.googleapis.com/oauth2/v3/certs). Unset = the route answers 503.
  std::string google_client_id;
  std::string google_jwks_file;

  std::string media_dir = "var/media";
  std::string web_dir = "web";
  std::string public_base_url;  // e.g. https://shop.example; empty = derived from the listener

  static constexpr const char* kDevJwtSecret = "wolfix-development-jwt-secret-do-not-use-in-prod";

  bool production() const { return env == "production"; }
  std::string host() const;
  uint16_t port() const;

  // Reads WOLFIX_* variables over the defaults.
  static Config from_env();
  // Problems that forbid starting (production without TLS, development secrets in production...).
  std::vector<std::string> problems() const;
};

}  // namespace wolfix
