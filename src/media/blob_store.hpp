#pragma once
// A local file-system blob store: files live under one root directory (config media_dir,
// "var/media") in a folder per kind, named by a fresh UUIDv7 plus an extension that the store
// chose from the file's sniffed type, and are served read-only at GET /media/{path}. A file is
// never changed after it is written, so its URL is stable and cacheable forever.
//
// Writes are atomic: the bytes go to a temporary file in the same folder, are flushed, and the
// file is renamed into place, so a reader never sees half a file. The store is stateless (a
// root and a URL prefix), so any module may construct its own from the configuration.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace wolfix {
struct Config;
}

namespace wolfix::media {

class BlobStore {
 public:
  // public_base_url: "" for root-relative URLs ("/media/photos/x.jpg"), or an origin such as
  // "https://shop.example" for absolute ones.
  BlobStore(std::filesystem::path root, std::string public_base_url = "");
  // Root-relative URLs (the configured public base URL is added when answering).
  static BlobStore from_config(const Config& config);

  // Stores bytes as "<folder>/<uuid>.<ext>" and returns that relative path. folder and ext must
  // be lower-case letters and digits, starting with a letter ("videos", "mp4"). Throws
  // std::runtime_error when the disk write fails.
  std::string put(std::string_view folder, std::string_view ext, std::string_view bytes) const;
  // Deletes a stored file; false when it did not exist or the path is not one the store makes.
  bool remove(std::string_view rel_path) const noexcept;
  bool exists(std::string_view rel_path) const;

  // "/media/<rel_path>" under the public base URL.
  std::string url_for(std::string_view rel_path) const;
  // The relative path of a URL made by url_for, or nullopt for any other URL.
  std::optional<std::string> path_from_url(std::string_view url) const;

  // The absolute file of a relative path, or nullopt unless the path has exactly the shape the
  // store writes ("<word>/<uuid>.<word>"): no "..", no slashes beyond one, no hidden files.
  std::optional<std::filesystem::path> resolve(std::string_view rel_path) const;
  static bool valid_relative_path(std::string_view rel_path);

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::string base_url_;
};

}  // namespace wolfix::media
