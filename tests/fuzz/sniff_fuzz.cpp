// Uploaded files: the type is decided by leading bytes only, and must be one of the kinds the
// store serves back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "media/sniff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto t = media::sniff(bytes)) {
    auto mime = media::mime_for_extension(t->ext);
    fuzz::require(mime.has_value() && *mime == t->mime, "a sniffed type is served as sniffed");
    fuzz::require(media::parse_kind(media::kind_name(t->kind)) == t->kind, "kind names round-trip");
  }
  (void)media::parse_kind(bytes.substr(0, 16));
  (void)media::mime_for_extension(bytes.substr(0, 8));
  return 0;
}
