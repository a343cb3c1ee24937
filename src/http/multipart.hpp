#pragma once
// multipart/form-data (RFC 7578) as browsers and ASP.NET clients send it: text fields and file
// uploads in one body. Parts are views into the request body, so a 25 MiB upload is never
// copied; the body must outlive the parsed parts. Malformed input is a 400, a part over its
// size limit a 413, and a request that is not multipart at all a 415.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/upload.hpp"

namespace wolfix::http {

struct Request;

// One part of the body (common/upload.hpp).
using MultipartPart = UploadedFile;

struct MultipartLimits {
  std::size_t max_parts = 100;
  std::size_t max_part_header_bytes = 8 * 1024;
  std::size_t max_field_bytes = 256 * 1024;       // a text field (no filename)
  std::size_t max_file_bytes = 25 * 1024 * 1024;  // one file part
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type value, or nullopt
// when the type is something else or the boundary is missing or invalid (RFC 2046: 1..70
// characters from its allowed set, not ending in a space).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Splits a body into parts. Throws ApiError: 400 for malformed input (no opening or closing
// delimiter, a part without a form-data Content-Disposition or a name, bad header lines,
// unsupported Content-Transfer-Encoding, too many parts or too-long part headers) and 413 for a
// field or file over its limit.
std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits = {});

// Named access to a parsed form. Names match case-insensitively, as ASP.NET's form binding does.
class MultipartForm {
 public:
  explicit MultipartForm(std::vector<MultipartPart> parts) : parts_(std::move(parts)) {}
  // Parses req.body; 415 unless the request is multipart/form-data with a valid boundary.
  static MultipartForm parse(const Request& req, const MultipartLimits& limits = {});

  // The text value of a non-file field (the first if repeated); 400 if it is not UTF-8.
  std::optional<std::string> field(std::string_view name) const;
  // All values of a list field, accepting repeated "name", "name[]" and "name[0]", "name[1]"...
  // (indexed ones ordered by index), as ASP.NET binds string arrays.
  std::vector<std::string> fields(std::string_view name) const;
  // The file parts under `name` (also "name[]" / "name[i]"), in body order.
  std::vector<const MultipartPart*> files(std::string_view name) const;
  // True when any part (field or file) has this name.
  bool has(std::string_view name) const;

  const std::vector<MultipartPart>& parts() const { return parts_; }

 private:
  std::vector<MultipartPart> parts_;
};

}  // namespace wolfix::http
