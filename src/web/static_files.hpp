#pragma once
// The storefront's files: the copy embedded in the binary, or (development) a directory read on
// every request so edits show without a rebuild. Pure lookups; HTTP lives in routes.cpp.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wolfix::web {

struct Asset {
  std::string body;
  std::string content_type;
  std::string etag;  // strong, quoted: "<hash of the content>"
};

class StaticFiles {
 public:
  // The files compiled in from web/.
  static StaticFiles embedded();
  // Files below `root` (WOLFIX_WEB_DIR); a path that escapes it is not found.
  static StaticFiles directory(std::string root);

  // `rel` is "/"-separated and relative ("app.js"); nullopt when there is no such file.
  std::optional<Asset> find(std::string_view rel) const;
  bool is_embedded() const { return root_.empty(); }

 private:
  std::string root_;  // empty = embedded
  std::shared_ptr<const std::map<std::string, Asset, std::less<>>> embedded_;
};

std::string content_type_for(std::string_view path);
// The strong ETag of a body: a quoted prefix of its SHA-256.
std::string etag_of_hash(std::string_view sha256_hex);
// Whether an If-None-Match header ("*", or a list of possibly weak tags) matches `etag`
// (weak comparison, as RFC 9110 asks for If-None-Match).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace wolfix::web
