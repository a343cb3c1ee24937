#pragma once
// Accepting an uploaded file: its real type is sniffed from its bytes and must be one the use
// case allows (a product takes photos and videos, a seller application a PDF or a photo), its
// size must be within the limit for that kind, and only then is it written to the blob store.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/upload.hpp"
#include "media/blob_store.hpp"
#include "media/sniff.hpp"

namespace wolfix::media {

struct UploadLimits {
  std::size_t photo_bytes = 10u << 20;
  std::size_t video_bytes = 25u << 20;  // the server's multipart body limit is 25 MiB too
  std::size_t document_bytes = 10u << 20;
  std::size_t limit_for(Kind kind) const;
};

struct StoredMedia {
  std::string path;  // relative path in the store, for deletion
  std::string url;   // what JSON answers carry
  Kind kind = Kind::photo;
  std::string mime;
  std::size_t size = 0;
};

// Checks an uploaded part without storing it. Throws ApiError naming `field`: 400 for an empty
// file, 415 (code "unsupported_media_type") for a type that is not allowed or not recognised,
// 413 (code "file_too_large") over the limit.
FileType check_upload(const UploadedFile& part, std::string_view field,
                      std::initializer_list<Kind> allowed, const UploadLimits& limits = {});

// check_upload, then writes the file into the folder of its kind ("photos", "videos",
// "documents").
StoredMedia store_upload(const BlobStore& store, const UploadedFile& part, std::string_view field,
                         std::initializer_list<Kind> allowed, const UploadLimits& limits = {});

// The same into `folder`, whatever the kind (private documents keep to one folder).
StoredMedia store_upload_in(const BlobStore& store, std::string_view folder,
                            const UploadedFile& part, std::string_view field,
                            std::initializer_list<Kind> allowed, const UploadLimits& limits = {});

// The folder a kind is stored in.
std::string_view folder_for(Kind kind);

// Identity documents (seller applications): never served by GET /media/..., only through the
// route that checks who asks (seller module).
inline constexpr std::string_view kPrivateDocumentsFolder = "documents";

// Files written before a database transaction: removed again when the guard goes out of scope
// unless keep() was called after the commit, so a failed request leaves no orphaned blobs.
class PendingBlobs {
 public:
  explicit PendingBlobs(const BlobStore& store) : store_(store) {}
  PendingBlobs(const PendingBlobs&) = delete;
  PendingBlobs& operator=(const PendingBlobs&) = delete;
  ~PendingBlobs();
  void add(std::string path) { paths_.push_back(std::move(path)); }
  void keep() { paths_.clear(); }

 private:
  const BlobStore& store_;
  std::vector<std::string> paths_;
};

}  // namespace wolfix::media
