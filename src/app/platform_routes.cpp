#include "app/platform_routes.hpp"

#include <boost/json.hpp>
#include <string>

#include "app/demo_accounts.hpp"
#include "common/crypto.hpp"
#include "common/errors.hpp"
#include "web/routes.hpp"

namespace wolfix {

// "https://shop.example/x" -> "https://shop.example"; "" when it is not an http(s) URL.
static std::string origin_of(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos || (url.rfind("http", 0) != 0)) return "";
  auto end = url.find('/', scheme + 3);
  return url.substr(0, end);
}

// The storefront's policy: its own scripts and styles only (it has no inline ones), images and
// videos from here or the public media origin, API calls here and to the card provider.
std::string storefront_csp(const Config& c) {
  std::string media = origin_of(c.public_base_url);
  std::string provider = c.payment_provider() == "stripe" ? origin_of(c.stripe_api_base) : "";
  auto with = [](std::string base, const std::string& extra) {
    return extra.empty() ? base : base + " " + extra;
  };
  return "default-src 'self'; script-src 'self'; style-src 'self'; " +
         with("img-src 'self' data:", media) + "; " + with("media-src 'self'", media) + "; " +
         with(with("connect-src 'self'", media), provider) +
         "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

void register_platform_routes(http::Router& router, const Config& config, db::Database& db,
                              http::Metrics& metrics, std::function<bool()> warm) {
  using http::Access;
  using http::Method;
  router.add_non_blocking(Method::get, "/health", Access::anyone(), [](http::Request&) {
    return http::Response::raw_json(R"({"status":"ok"})");
  });
  router.add(Method::get, "/ready", Access::anyone(), [&db, warm](http::Request&) {
    if (!db.ping())
      return http::Response::raw_json(R"({"status":"unavailable","database":"unreachable"})", 503);
    if (warm && !warm())
      return http::Response::raw_json(
          R"({"status":"starting","database":"ok","search":"building"})", 503);
    return http::Response::raw_json(R"({"status":"ready","database":"ok"})");
  });
  // Route names, volumes and latencies are for the operator: behind WOLFIX_METRICS_TOKEN when
  // set, and not served in production without one.
  if (!config.metrics_token.empty() || !config.production())
    router.add(Method::get, "/metrics", Access::anyone(),
               [&metrics, token = config.metrics_token](http::Request& req) {
                 if (!token.empty() &&
                     !constant_time_equals(req.header("authorization"), "Bearer " + token))
                   throw unauthorized("/metrics needs the metrics token", "invalid_token");
                 return http::Response::text(metrics.render(), "text/plain; version=0.0.4");
               });
  // The seeded demo accounts, for the storefront's sign-in help; development only.
  if (!config.production())
    router.add(Method::get, "/api/demo/accounts", Access::anyone(), [](http::Request&) {
      boost::json::array out;
      for (const auto& a : kDemoAccounts)
        out.push_back({{"email", a.email}, {"password", a.password}, {"role", to_string(a.role)}});
      return http::Response::json(out);
    });
  web::register_routes(router,
                       config.web_dir.empty() ? web::StaticFiles::embedded()
                                              : web::StaticFiles::directory(config.web_dir),
                       storefront_csp(config));
}

}  // namespace wolfix
