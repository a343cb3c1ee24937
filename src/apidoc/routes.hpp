#pragma once
// GET /openapi.json (the document of every route this server registered) and GET /docs (a
// browsable reference of it, served from the binary; off when `viewer` is false).
#include <memory>
#include <vector>

#include "apidoc/document.hpp"
#include "http/router.hpp"

namespace wolfix::apidoc {

class Reference {
 public:
  // Registers the routes; the document is built by `build`, once every route is registered.
  Reference(http::Router& router, bool viewer);
  // Builds the document from the routes of these routers (the main site and the sandbox's).
  void build(const std::vector<const http::Router*>& routers);

  const std::vector<std::string>& undocumented() const { return built_->undocumented; }
  const std::vector<std::string>& unrouted() const { return built_->unrouted; }

 private:
  struct Served;
  std::shared_ptr<Served> served_;
  std::shared_ptr<Built> built_;
};

}  // namespace wolfix::apidoc
