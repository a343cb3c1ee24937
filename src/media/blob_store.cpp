#include "media/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "app/config.hpp"
#include "common/crypto.hpp"
#include "common/uuid.hpp"

namespace wolfix::media {
namespace {

// Lower-case letters and digits ("photos", "mp4"), starting with a letter.
bool is_lower_word(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max || s.front() < 'a' || s.front() > 'z') return false;
  for (char c : s)
    if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) return false;
  return true;
}

bool is_uuid_text(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool dash = (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void write_all(int fd, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("blob write failed: ") + std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

BlobStore::BlobStore(std::filesystem::path root, std::string public_base_url)
    : root_(std::move(root)), base_url_(std::move(public_base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

BlobStore BlobStore::from_config(const Config& config) {
  // Stored references stay root-relative whatever the configuration: answers add the origin
  // (media/public_url.hpp), so a later or different base URL never strands a stored row.
  return BlobStore(config.media_dir);
}

bool BlobStore::valid_relative_path(std::string_view rel) {
  auto slash = rel.find('/');
  if (slash == std::string_view::npos) return false;
  auto folder = rel.substr(0, slash);
  auto file = rel.substr(slash + 1);
  auto dot = file.find('.');
  if (dot == std::string_view::npos) return false;
  return is_lower_word(folder, 32) && is_uuid_text(file.substr(0, dot)) &&
         is_lower_word(file.substr(dot + 1), 8);
}

std::optional<std::filesystem::path> BlobStore::resolve(std::string_view rel) const {
  if (!valid_relative_path(rel)) return std::nullopt;
  return root_ / std::filesystem::path(std::string(rel));
}

std::string BlobStore::put(std::string_view folder, std::string_view ext,
                           std::string_view bytes) const {
  if (!is_lower_word(folder, 32) || !is_lower_word(ext, 8))
    throw std::invalid_argument("blob folder and extension must be lower-case letters and digits");
  std::string rel = std::string(folder) + "/" + new_uuid_v7() + "." + std::string(ext);
  auto dir = root_ / std::string(folder);
  std::filesystem::create_directories(dir);
  auto final_path = root_ / rel;
  auto tmp_path = dir / (".tmp-" + random_alnum(16));
  int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(std::string("blob create failed: ") + std::strerror(errno));
  try {
    write_all(fd, bytes);
    if (::fsync(fd) != 0)
      throw std::runtime_error(std::string("blob fsync failed: ") + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp_path.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp_path.c_str());
    throw std::runtime_error(std::string("blob rename failed: ") + std::strerror(err));
  }
  return rel;
}

bool BlobStore::remove(std::string_view rel) const noexcept {
  auto path = resolve(rel);
  if (!path) return false;
  std::error_code ec;
  return std::filesystem::remove(*path, ec) && !ec;
}

bool BlobStore::exists(std::string_view rel) const {
  auto path = resolve(rel);
  std::error_code ec;
  return path && std::filesystem::is_regular_file(*path, ec);
}

std::string BlobStore::url_for(std::string_view rel) const {
  return base_url_ + "/media/" + std::string(rel);
}

std::optional<std::string> BlobStore::path_from_url(std::string_view url) const {
  std::string prefix = base_url_ + "/media/";
  if (url.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string rel(url.substr(prefix.size()));
  if (!valid_relative_path(rel)) return std::nullopt;
  return rel;
}

}  // namespace wolfix::media
