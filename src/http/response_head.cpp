#include "http/response_head.hpp"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace wolfix::http {

namespace {

bool writable(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

// ASCII case-insensitive equality of field names, cheaper than beast::iequals (which folds
// every byte through a table): only letters may differ, and only by case.
bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x == y) continue;
    char lx = static_cast<char>(x | 0x20);
    if (lx != static_cast<char>(y | 0x20) || lx < 'a' || lx > 'z') return false;
  }
  return true;
}

void field(std::string& out, std::string_view name, std::string_view value) {
  if (name.empty() || !writable(name) || !writable(value)) return;
  out.append(name).append(": ").append(value).append("\r\n");
}

void number(std::string& out, std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

bool set_by(const Response& r, std::string_view name) {
  if (same_name(name, "Content-Type") && !r.content_type.empty()) return true;
  for (const auto& [k, v] : r.headers)
    if (same_name(k, name)) return true;
  return false;
}

}  // namespace

bool status_allows_body(int status) {
  return status >= 200 && status != 204 && status != 304;
}

std::string response_head(const Response& r, unsigned version, bool keep_alive,
                          std::size_t body_size,
                          const std::vector<std::pair<std::string, std::string>>& defaults) {
  std::string out;
  out.reserve(256 + 64 * (r.headers.size() + defaults.size()));
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  number(out, static_cast<std::size_t>(r.status));
  out.push_back(' ');
  auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
  out.append(reason.data(), reason.size()).append("\r\n");
  out.append("Server: wolfix\r\n");
  if (!r.content_type.empty()) field(out, "Content-Type", r.content_type);
  for (const auto& [k, v] : r.headers) {
    // Framing is the server's: a handler's own length or connection field would contradict it.
    if (same_name(k, "Content-Length") || same_name(k, "Connection") ||
        same_name(k, "Transfer-Encoding"))
      continue;
    field(out, k, v);
  }
  for (const auto& [k, v] : defaults)
    if (!set_by(r, k)) field(out, k, v);
  if (version == 10 && keep_alive) out.append("Connection: keep-alive\r\n");
  if (version != 10 && !keep_alive) out.append("Connection: close\r\n");
  if (status_allows_body(r.status)) {
    out.append("Content-Length: ");
    number(out, body_size);
    out.append("\r\n");
  }
  out.append("\r\n");
  return out;
}

}  // namespace wolfix::http
