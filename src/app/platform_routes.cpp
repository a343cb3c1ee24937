#include "app/platform_routes.hpp"

#include <boost/json.hpp>

#include "app/demo_accounts.hpp"
#include "common/errors.hpp"
#include "web/routes.hpp"

namespace wolfix {

void register_platform_routes(http::Router& router, Context& ctx, http::Metrics& metrics) {
  using http::Access;
  using http::Method;
  router.add_non_blocking(Method::get, "/health", Access::anyone(), [](http::Request&) {
    return http::Response::raw_json(R"({"status":"ok"})");
  });
  router.add(Method::get, "/ready", Access::anyone(), [&ctx](http::Request&) {
    if (!ctx.db.ping())
      return http::Response::raw_json(R"({"status":"unavailable","database":"unreachable"})", 503);
    return http::Response::raw_json(R"({"status":"ready","database":"ok"})");
  });
  router.add(Method::get, "/metrics", Access::anyone(), [&metrics](http::Request&) {
    return http::Response::text(metrics.render(), "text/plain; version=0.0.4");
  });
  // The seeded demo accounts, for the storefront's sign-in help; development only.
  if (!ctx.config.production())
    router.add(Method::get, "/api/demo/accounts", Access::anyone(), [](http::Request&) {
      boost::json::array out;
      for (const auto& a : kDemoAccounts)
        out.push_back({{"email", a.email}, {"password", a.password}, {"role", a.role}});
      return http::Response::json(out);
    });
  web::register_routes(router, ctx.config.web_dir.empty()
                                   ? web::StaticFiles::embedded()
                                   : web::StaticFiles::directory(ctx.config.web_dir));
}

}  // namespace wolfix
