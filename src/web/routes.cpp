#include "web/routes.hpp"

#include <memory>

#include "common/errors.hpp"

namespace wolfix::web {

namespace {

// The files keep their names across releases (index.html links /web/app.js), so a browser may
// store them but must revalidate: with the ETag that costs a 304 and no body.
constexpr const char* kCacheControl = "no-cache";

http::Response answer(const StaticFiles& files, const http::Request& req, std::string_view rel,
                      const std::string& csp) {
  auto asset = files.find(rel);
  if (!asset) throw not_found("No such file");
  if (auto inm = req.header("if-none-match"); !inm.empty() && etag_matches(inm, asset->etag)) {
    http::Response res;
    res.status = 304;
    res.content_type.clear();
    // A 304 replaces the stored answer's headers: without the storefront's policy the server's
    // default (no scripts at all) would be stored, and the page would break on its next load.
    res.with_header("ETag", asset->etag)
        .with_header("Cache-Control", kCacheControl)
        .with_header("Content-Security-Policy", csp);
    return res;
  }
  auto res = http::Response::text(std::move(asset->body), asset->content_type);
  res.with_header("ETag", asset->etag)
      .with_header("Cache-Control", kCacheControl)
      .with_header("Content-Security-Policy", csp);
  return res;
}

}  // namespace

void register_routes(http::Router& router, StaticFiles files, std::string csp) {
  using http::Access;
  using http::Method;
  auto shared = std::make_shared<const StaticFiles>(std::move(files));
  http::Handler index = [shared, csp](http::Request& r) {
    return answer(*shared, r, "index.html", csp);
  };
  http::Handler file = [shared, csp](http::Request& r) {
    return answer(*shared, r, r.param("path"), csp);
  };
  // The embedded copy is memory: answered on the io thread. A directory means disk reads.
  if (shared->is_embedded()) {
    router.add_non_blocking(Method::get, "/", Access::anyone(), index);
    router.add_non_blocking(Method::get, "/web/{*path}", Access::anyone(), file);
  } else {
    router.add(Method::get, "/", Access::anyone(), index);
    router.add(Method::get, "/web/{*path}", Access::anyone(), file);
  }
}

}  // namespace wolfix::web
