#pragma once
// The storefront (web/), compiled into the binary by cmake/embed_web.cmake so `wolfix serve`
// works from any directory and an installed package carries no loose files.
#include <cstddef>
#include <span>

namespace wolfix::web {

struct EmbeddedFile {
  const char* path;  // relative to web/, "/"-separated: "app.js", "img/logo.svg"
  const unsigned char* data;
  std::size_t size;
  const char* sha256;  // hex, computed at build time
};

// Sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace wolfix::web
