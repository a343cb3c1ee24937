#include "media/uploads.hpp"

#include <algorithm>

#include "common/errors.hpp"

namespace wolfix::media {

std::size_t UploadLimits::limit_for(Kind kind) const {
  switch (kind) {
    case Kind::photo:
      return photo_bytes;
    case Kind::video:
      return video_bytes;
    case Kind::document:
      return document_bytes;
  }
  return photo_bytes;
}

std::string_view folder_for(Kind kind) {
  switch (kind) {
    case Kind::photo:
      return "photos";
    case Kind::video:
      return "videos";
    case Kind::document:
      return "documents";
  }
  return "photos";
}

static std::string allowed_text(std::initializer_list<Kind> allowed) {
  std::string out;
  for (Kind k : allowed) {
    switch (k) {
      case Kind::photo:
        out += out.empty() ? "" : ", ";
        out += "a JPEG, PNG, WebP or GIF photo";
        break;
      case Kind::video:
        out += out.empty() ? "" : ", ";
        out += "an MP4 or WebM video";
        break;
      case Kind::document:
        out += out.empty() ? "" : ", ";
        out += "a PDF document";
        break;
    }
  }
  return out;
}

FileType check_upload(const UploadedFile& part, std::string_view field,
                      std::initializer_list<Kind> allowed, const UploadLimits& limits) {
  std::string f(field);
  if (part.data.empty()) throw invalid_field(f, "the file is empty");
  auto type = sniff(part.data);
  if (!type || std::find(allowed.begin(), allowed.end(), type->kind) == allowed.end()) {
    std::string msg = "must be " + allowed_text(allowed);
    throw ApiError(415, "unsupported_media_type", f + ": " + msg, {{f, {msg}}});
  }
  std::size_t limit = limits.limit_for(type->kind);
  if (part.data.size() > limit) {
    std::string msg = limit % (1u << 20) == 0
                          ? "must be at most " + std::to_string(limit >> 20) + " MiB"
                          : "must be at most " + std::to_string(limit) + " bytes";
    throw ApiError(413, "file_too_large", f + ": " + msg, {{f, {msg}}});
  }
  return *type;
}

StoredMedia store_upload(const BlobStore& store, const UploadedFile& part, std::string_view field,
                         std::initializer_list<Kind> allowed, const UploadLimits& limits) {
  return store_upload_in(store, {}, part, field, allowed, limits);
}

StoredMedia store_upload_in(const BlobStore& store, std::string_view folder,
                            const UploadedFile& part, std::string_view field,
                            std::initializer_list<Kind> allowed, const UploadLimits& limits) {
  auto type = check_upload(part, field, allowed, limits);
  StoredMedia m;
  m.path = store.put(folder.empty() ? folder_for(type.kind) : folder, type.ext, part.data);
  m.url = store.url_for(m.path);
  m.kind = type.kind;
  m.mime = std::string(type.mime);
  m.size = part.data.size();
  return m;
}

PendingBlobs::~PendingBlobs() {
  for (const auto& p : paths_) store_.remove(p);
}

}  // namespace wolfix::media
