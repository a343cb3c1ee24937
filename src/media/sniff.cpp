#include "media/sniff.hpp"

#include <array>

#include "common/ascii.hpp"

namespace wolfix::media {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

// ISO base media file ("ftyp" box first) whose major or compatible brands say MP4 or QuickTime.
// 3GP and HEIF/AVIF use the same container; only video brands browsers play as MP4 pass.
bool is_mp4(std::string_view b) {
  if (b.size() < 16 || b.substr(4, 4) != "ftyp") return false;
  uint32_t box = (uint32_t(uint8_t(b[0])) << 24) | (uint32_t(uint8_t(b[1])) << 16) |
                 (uint32_t(uint8_t(b[2])) << 8) | uint32_t(uint8_t(b[3]));
  if (box < 16 || box > 4096 || box > b.size() || box % 4 != 0) return false;
  static constexpr std::array<std::string_view, 10> kBrands = {
      "isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "qt  "};
  auto brand_ok = [](std::string_view brand) {
    for (auto k : kBrands)
      if (brand == k) return true;
    return false;
  };
  if (brand_ok(b.substr(8, 4))) return true;
  for (std::size_t off = 16; off + 4 <= box; off += 4)
    if (brand_ok(b.substr(off, 4))) return true;
  return false;
}

// EBML header (1A 45 DF A3) whose DocType element (42 82) is "webm".
bool is_webm(std::string_view b) {
  if (!starts_with(b, "\x1A\x45\xDF\xA3")) return false;
  auto head = b.substr(0, 64);
  auto at = head.find("\x42\x82");
  if (at == std::string_view::npos || at + 3 > head.size()) return false;
  auto size_byte = uint8_t(head[at + 2]);
  if ((size_byte & 0x80) == 0) return false;  // DocType sizes are one-byte VINTs in practice
  std::size_t len = size_byte & 0x7F;
  return len == 4 && head.substr(at + 3, 4) == "webm";
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::photo:
      return "Photo";
    case Kind::video:
      return "Video";
    case Kind::document:
      return "Document";
  }
  return "Photo";
}

std::optional<Kind> parse_kind(std::string_view text) {
  if (ascii_iequals(text, "Photo") || text == "0") return Kind::photo;
  if (ascii_iequals(text, "Video") || text == "1") return Kind::video;
  if (ascii_iequals(text, "Document") || text == "2") return Kind::document;
  return std::nullopt;
}

std::optional<FileType> sniff(std::string_view b) {
  if (starts_with(b, "\xFF\xD8\xFF")) return FileType{Kind::photo, "image/jpeg", "jpg"};
  if (starts_with(b, "\x89PNG\r\n\x1A\n")) return FileType{Kind::photo, "image/png", "png"};
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a"))
    return FileType{Kind::photo, "image/gif", "gif"};
  if (b.size() >= 16 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP" &&
      (b.substr(12, 4) == "VP8 " || b.substr(12, 4) == "VP8L" || b.substr(12, 4) == "VP8X"))
    return FileType{Kind::photo, "image/webp", "webp"};
  if (is_mp4(b)) return FileType{Kind::video, "video/mp4", "mp4"};
  if (is_webm(b)) return FileType{Kind::video, "video/webm", "webm"};
  if (starts_with(b, "%PDF-")) return FileType{Kind::document, "application/pdf", "pdf"};
  return std::nullopt;
}

std::optional<std::string_view> mime_for_extension(std::string_view ext) {
  if (ext == "jpg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "mp4") return "video/mp4";
  if (ext == "webm") return "video/webm";
  if (ext == "pdf") return "application/pdf";
  return std::nullopt;
}

}  // namespace wolfix::media
