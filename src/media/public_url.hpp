#pragma once
// Media references as answers carry them. Uploads and the seed store a root-relative path
// ("/media/photos/<uuid>.png", the blob's key under the media route), never an origin, so one
// stored row serves every origin a client may reach the shop at; the answer adds the origin of
// the request (http/origin.hpp). Anything else stored (an absolute URL written by an earlier
// version that had a base URL configured, an external URL) is answered as it is.
#include <optional>
#include <string>
#include <string_view>

namespace wolfix::media {

inline std::string public_url(std::string_view origin, std::string_view stored) {
  bool root_relative = !stored.empty() && stored.front() == '/' &&
                       (stored.size() == 1 || stored[1] != '/');  // not "//host/..."
  if (!root_relative || origin.empty()) return std::string(stored);
  std::string out;
  out.reserve(origin.size() + stored.size());
  out.append(origin).append(stored);
  return out;
}

inline std::optional<std::string> optional_public_url(std::string_view origin,
                                                      const std::optional<std::string>& stored) {
  if (!stored) return std::nullopt;
  return public_url(origin, *stored);
}

}  // namespace wolfix::media
