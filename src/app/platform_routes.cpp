#include "app/platform_routes.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/demo_accounts.hpp"
#include "common/errors.hpp"

namespace wolfix {

namespace fs = std::filesystem;

static std::string content_type_for(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

// Serves a file below `root`, refusing any path that escapes it.
static http::Response serve_file(const fs::path& root, const std::string& rel) {
  std::error_code ec;
  auto base = fs::weakly_canonical(root, ec);
  auto full = fs::weakly_canonical(root / rel, ec);
  auto [b, f] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (ec || b != base.end() || !fs::is_regular_file(full)) throw not_found("No such file");
  std::ifstream in(full, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  auto res = http::Response::text(buf.str(), content_type_for(full));
  res.with_header("Cache-Control", "no-cache");
  return res;
}

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
  fs::path web = ctx.config.web_dir;
  router.add(Method::get, "/", Access::anyone(),
             [web](http::Request&) { return serve_file(web, "index.html"); });
  router.add(Method::get, "/web/{*path}", Access::anyone(),
             [web](http::Request& r) { return serve_file(web, r.param("path")); });
}

}  // namespace wolfix
