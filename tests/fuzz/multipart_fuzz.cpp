// multipart/form-data uploads (product photos, seller documents, support screenshots). Input:
// the Content-Type value, a newline, then the body. Also the same body under a fixed boundary,
// so the fuzzer need not rediscover a valid Content-Type to reach the part parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "http/multipart.hpp"

namespace {

void exercise(std::string_view body, std::string_view boundary) {
  using namespace wolfix;
  http::MultipartLimits limits;
  limits.max_parts = 20;
  limits.max_field_bytes = 4096;
  limits.max_file_bytes = 16 * 1024;
  fuzz::client_errors_ok([&] {
    auto parts = http::parse_multipart(body, boundary, limits);
    for (const auto& p : parts) {
      // Parts are views into the body: never outside it.
      fuzz::require(p.data.empty() || (p.data.data() >= body.data() &&
                                       p.data.data() + p.data.size() <= body.data() + body.size()),
                    "a part lies inside the body");
      fuzz::require(p.data.size() <= (p.is_file() ? limits.max_file_bytes : limits.max_field_bytes),
                    "a part is within its limit");
    }
    http::MultipartForm form(std::move(parts));
    for (auto name : {"photo", "document", "name", "attributes", "ids"}) {
      fuzz::client_errors_ok([&] { (void)form.field(name); });
      (void)form.fields(name);
      (void)form.files(name);
      (void)form.has(name);
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto [content_type, body] = fuzz::split_once(in, "\n");
  if (auto boundary = http::multipart_boundary(content_type)) {
    fuzz::require(!boundary->empty() && boundary->size() <= 70, "boundary length per RFC 2046");
    exercise(body, *boundary);
  }
  exercise(in, "XbOuNdArY");
  return 0;
}
