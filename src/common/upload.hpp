#pragma once
// An uploaded file (or form field) as a use case sees it: its field name, the file name the client
// gave, the declared media type and the bytes. The HTTP layer's multipart parser makes these
// (http::MultipartPart names this type), so services that store uploads do not depend on HTTP.
#include <optional>
#include <string>
#include <string_view>

namespace wolfix {

struct UploadedFile {
  std::string name;                     // the form field name, as sent
  std::optional<std::string> filename;  // present for file parts (may be empty text)
  std::string content_type;             // lower-case media type without parameters
  std::string_view data;                // the part's bytes, a view into the request body

  bool is_file() const { return filename.has_value(); }
};

}  // namespace wolfix
