#include "apidoc/routes.hpp"

#include "apidoc/embedded.hpp"
#include "common/crypto.hpp"
#include "common/errors.hpp"
#include "web/static_files.hpp"

namespace wolfix::apidoc {

struct Reference::Served {
  std::string document;
  std::string etag;
};

namespace {

std::string_view text_of(const EmbeddedFile& f) {
  return {reinterpret_cast<const char*>(f.data), f.size};
}

const EmbeddedFile* embedded(std::string_view path) {
  for (const auto& f : embedded_files())
    if (path == f.path) return &f;
  return nullptr;
}

// The document and the viewer's files never change while the binary runs: a strong ETag and
// revalidation, as for the storefront.
http::Response cached(const http::Request& req, std::string body, const std::string& type,
                      const std::string& etag) {
  if (auto inm = req.header("if-none-match"); !inm.empty() && web::etag_matches(inm, etag)) {
    http::Response res;
    res.status = 304;
    res.content_type.clear();
    res.with_header("ETag", etag).with_header("Cache-Control", "no-cache");
    return res;
  }
  auto res = http::Response::text(std::move(body), type);
  res.with_header("ETag", etag)
      .with_header("Cache-Control", "no-cache")
      .with_header("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace

Reference::Reference(http::Router& router, bool viewer)
    : served_(std::make_shared<Served>()), built_(std::make_shared<Built>()) {
  using http::Access;
  using http::Method;
  router.add_non_blocking(Method::get, "/openapi.json", Access::anyone(),
                          [s = served_](http::Request& req) {
                            return cached(req, s->document, "application/json", s->etag);
                          });
  if (!viewer) return;
  auto file = [](http::Request& req, std::string_view name) {
    auto* f = embedded("apidoc/viewer/" + std::string(name));
    if (!f) throw not_found("No such file");
    auto res = cached(req, std::string(text_of(*f)), web::content_type_for(name),
                      web::etag_of_hash(f->sha256));
    // The viewer draws with inline styles and a worker of its own; it loads nothing from
    // elsewhere.
    res.with_header("Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                    "worker-src 'self' blob:; frame-ancestors 'none'");
    return res;
  };
  router.add_non_blocking(Method::get, "/docs", Access::anyone(),
                          [file](http::Request& req) { return file(req, "index.html"); });
  router.add_non_blocking(Method::get, "/docs/{file}", Access::anyone(),
                          [file](http::Request& req) { return file(req, req.param("file")); });
}

void Reference::build(const std::vector<const http::Router*>& routers) {
  std::vector<RouteKey> keys;
  for (const auto* r : routers)
    for (const auto& route : r->registered()) {
      std::vector<std::string> roles;
      for (Role role : route.access.roles) roles.emplace_back(to_string(role));
      keys.push_back({std::string(http::method_name(route.method)), route.pattern,
                      route.access.needs_token, std::move(roles)});
    }
  std::vector<Source> modules;
  std::string_view head, intro;
  for (const auto& f : embedded_files()) {
    std::string_view path = f.path;
    if (path == "apidoc/head/document.json")
      head = text_of(f);
    else if (path == "apidoc/head/intro.md")
      intro = text_of(f);
    else if (path.ends_with("/api.json"))
      modules.push_back({f.path, text_of(f)});
  }
  *built_ = apidoc::build(head, intro, modules, keys, WOLFIX_VERSION);
  served_->document = built_->json;
  served_->etag = web::etag_of_hash(to_hex(sha256(served_->document)));
}

}  // namespace wolfix::apidoc
