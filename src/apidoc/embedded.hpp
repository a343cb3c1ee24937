#pragma once
// The API reference's sources, compiled in by cmake/embed_apidoc.cmake: every module's
// src/<module>/api.json, the document's head (src/apidoc/head/) and the viewer
// (src/apidoc/viewer/).
#include <cstddef>
#include <span>

namespace wolfix::apidoc {

struct EmbeddedFile {
  const char* path;  // relative to src/: "order/api.json", "apidoc/viewer/redoc.standalone.js"
  const unsigned char* data;
  std::size_t size;
  const char* sha256;  // hex, computed at build time
};

// Sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace wolfix::apidoc
