#include "web/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.hpp"
#include "web/embedded.hpp"

namespace wolfix::web {

namespace fs = std::filesystem;

std::string content_type_for(std::string_view path) {
  auto dot = path.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot);
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".gif") return "image/gif";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  return "application/octet-stream";
}

std::string etag_of_hash(std::string_view sha256_hex) {
  return "\"" + std::string(sha256_hex.substr(0, 32)) + "\"";
}

bool etag_matches(std::string_view header, std::string_view etag) {
  auto opaque = [](std::string_view t) {
    if (t.starts_with("W/")) t.remove_prefix(2);
    return t;
  };
  std::size_t i = 0;
  while (i < header.size()) {
    auto j = header.find(',', i);
    if (j == std::string_view::npos) j = header.size();
    auto item = header.substr(i, j - i);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "*" || (!item.empty() && opaque(item) == opaque(etag))) return true;
    i = j + 1;
  }
  return false;
}

StaticFiles StaticFiles::embedded() {
  // Built once: every node answers the same ETag for the same build.
  static const auto table = [] {
    auto m = std::make_shared<std::map<std::string, Asset, std::less<>>>();
    for (const auto& f : embedded_files())
      m->emplace(f.path, Asset{std::string(reinterpret_cast<const char*>(f.data), f.size),
                               content_type_for(f.path), etag_of_hash(f.sha256)});
    return std::shared_ptr<const std::map<std::string, Asset, std::less<>>>(std::move(m));
  }();
  StaticFiles s;
  s.embedded_ = table;
  return s;
}

StaticFiles StaticFiles::directory(std::string root) {
  StaticFiles s;
  s.root_ = root.empty() ? "." : std::move(root);
  return s;
}

std::optional<Asset> StaticFiles::find(std::string_view rel) const {
  if (is_embedded()) {
    auto it = embedded_->find(rel);
    if (it == embedded_->end()) return std::nullopt;
    return it->second;
  }
  std::error_code ec;
  auto base = fs::weakly_canonical(root_, ec);
  if (ec) return std::nullopt;
  auto full = fs::weakly_canonical(base / fs::path(rel), ec);
  if (ec) return std::nullopt;
  auto [b, f] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (b != base.end() || !fs::is_regular_file(full, ec)) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  Asset a;
  a.body = buf.str();
  a.content_type = content_type_for(full.filename().string());
  // Hashed per request: the development copy changes under the server.
  a.etag = etag_of_hash(to_hex(sha256(a.body)));
  return a;
}

}  // namespace wolfix::web
