#pragma once
// What an uploaded file really is, decided by its leading bytes ("magic numbers"), never by the
// file name or the Content-Type the client declared: both are free text an attacker controls.
#include <optional>
#include <string_view>

namespace wolfix::media {

// Wolfix.Server's BlobResourceType, with its JSON numbers.
enum class Kind { photo = 0, video = 1, document = 2 };

// "Photo", "Video", "Document" (the names Wolfix.Server's DTOs use).
std::string_view kind_name(Kind kind);
// Accepts the names in any case and the numbers "0".."2", as Enum.TryParse does.
std::optional<Kind> parse_kind(std::string_view text);

struct FileType {
  Kind kind;
  std::string_view mime;  // "image/jpeg"
  std::string_view ext;   // "jpg" (no dot), the stored file's extension
};

// JPEG, PNG, WebP and GIF photos; MP4 (ISO base media with an mp4/quicktime brand) and WebM
// videos; PDF documents. Anything else, including SVG and HTML, is nullopt.
std::optional<FileType> sniff(std::string_view bytes);

// The MIME type served for a stored file's extension ("jpg" -> "image/jpeg"), or nullopt for an
// extension the store never writes.
std::optional<std::string_view> mime_for_extension(std::string_view ext);

}  // namespace wolfix::media
