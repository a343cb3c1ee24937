#include "http/multipart.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "common/ascii.hpp"
#include "common/errors.hpp"
#include "http/types.hpp"

namespace wolfix::http {
namespace {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

ApiError malformed(const std::string& why) {
  return bad_request("Malformed multipart/form-data body: " + why, "malformed_multipart");
}

// RFC 7230 token characters.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// "type/subtype; a=b; c=\"d\"" -> the lower-case type and its parameters (names lower-cased).
// Returns false on a syntax error; a repeated parameter is an error too, since two different
// readers could pick different values.
bool parse_header_params(std::string_view value, std::string& first,
                         std::map<std::string, std::string>& params) {
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < value.size() && is_space(value[i])) ++i;
  };
  skip_ws();
  std::size_t start = i;
  while (i < value.size() && value[i] != ';') ++i;
  first = to_lower(trim(value.substr(start, i - start)));
  if (first.empty()) return false;
  while (i < value.size()) {
    ++i;  // ';'
    skip_ws();
    if (i == value.size()) break;  // a trailing ';' is tolerated, as browsers never send it
    std::size_t ns = i;
    while (i < value.size() && is_tchar(value[i])) ++i;
    std::string name = to_lower(value.substr(ns, i - ns));
    skip_ws();
    if (name.empty() || i >= value.size() || value[i] != '=') return false;
    ++i;
    skip_ws();
    std::string v;
    if (i < value.size() && value[i] == '"') {
      ++i;
      bool closed = false;
      while (i < value.size()) {
        char c = value[i++];
        if (c == '\\' && i < value.size()) {
          v += value[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          v += c;
        }
      }
      if (!closed) return false;
    } else {
      std::size_t vs = i;
      while (i < value.size() && value[i] != ';' && !is_space(value[i])) ++i;
      v = std::string(value.substr(vs, i - vs));
      if (v.empty()) return false;
    }
    skip_ws();
    if (i < value.size() && value[i] != ';') return false;
    if (!params.emplace(std::move(name), std::move(v)).second) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value: charset'lang'percent-encoded. Only UTF-8 (and ASCII) are understood.
std::optional<std::string> decode_ext_value(std::string_view v) {
  auto q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  auto q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  auto charset = v.substr(0, q1);
  if (!ascii_iequals(charset, "utf-8") && !ascii_iequals(charset, "us-ascii")) return std::nullopt;
  std::string out;
  for (std::size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] == '%') {
      if (i + 2 >= v.size()) return std::nullopt;
      int hi = hex_value(v[i + 1]), lo = hex_value(v[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

// "name", "name[]" or "name[<digits>]" -> the index (-1 for none or "[]"); nullopt if the part
// name is something else.
std::optional<long> list_index(std::string_view part_name, std::string_view name) {
  if (part_name.size() < name.size() || !ascii_iequals(part_name.substr(0, name.size()), name))
    return std::nullopt;
  auto rest = part_name.substr(name.size());
  if (rest.empty() || rest == "[]") return -1;
  if (rest.size() < 3 || rest.front() != '[' || rest.back() != ']') return std::nullopt;
  auto digits = rest.substr(1, rest.size() - 2);
  long idx = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), idx);
  if (ec != std::errc{} || p != digits.data() + digits.size() || idx < 0) return std::nullopt;
  return idx;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  std::string type;
  std::map<std::string, std::string> params;
  if (!parse_header_params(content_type, type, params)) return std::nullopt;
  if (type != "multipart/form-data") return std::nullopt;
  auto it = params.find("boundary");
  if (it == params.end()) return std::nullopt;
  const std::string& b = it->second;
  if (b.empty() || b.size() > 70 || b.back() == ' ') return std::nullopt;
  static constexpr std::string_view kBchars =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
  for (char c : b)
    if (kBchars.find(c) == std::string_view::npos) return std::nullopt;
  return b;
}

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits) {
  const std::string delim = "--" + std::string(boundary);
  const std::string crlf_delim = "\r\n" + delim;
  std::size_t pos;
  if (body.substr(0, delim.size()) == delim) {
    pos = delim.size();
  } else {
    auto first = body.find(crlf_delim);
    if (first == std::string_view::npos) throw malformed("the boundary does not occur in the body");
    pos = first + crlf_delim.size();
  }

  std::vector<MultipartPart> parts;
  for (;;) {
    // After a delimiter: "--" closes the body, otherwise optional padding then CRLF.
    if (body.substr(pos, 2) == "--") break;
    while (pos < body.size() && is_space(body[pos])) ++pos;
    if (body.substr(pos, 2) != "\r\n") throw malformed("a boundary line is not followed by CRLF");
    pos += 2;
    if (parts.size() >= limits.max_parts) throw malformed("too many parts");

    // Part headers end at an empty line; a part may have none at all.
    std::string_view headers;
    std::size_t content_start;
    if (body.substr(pos, 2) == "\r\n") {
      content_start = pos + 2;
    } else {
      auto end = body.find("\r\n\r\n", pos);
      if (end == std::string_view::npos || end - pos > limits.max_part_header_bytes) {
        if (end == std::string_view::npos && body.size() - pos <= limits.max_part_header_bytes)
          throw malformed("part headers are not terminated");
        throw malformed("part headers are too long");
      }
      headers = body.substr(pos, end - pos);
      content_start = end + 4;
    }
    auto next = body.find(crlf_delim, content_start);
    if (next == std::string_view::npos) throw malformed("the closing boundary is missing");

    MultipartPart part;
    bool have_disposition = false;
    std::optional<std::string> ext_filename;
    std::size_t hp = 0;
    while (hp < headers.size()) {
      auto eol = headers.find("\r\n", hp);
      if (eol == std::string_view::npos) eol = headers.size();
      auto line = headers.substr(hp, eol - hp);
      hp = eol + 2;
      if (line.empty() || is_space(line.front()))
        throw malformed("folded or empty part header line");
      auto colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) throw malformed("bad part header line");
      auto hname = line.substr(0, colon);
      for (char c : hname)
        if (!is_tchar(c)) throw malformed("bad part header name");
      auto hvalue = trim(line.substr(colon + 1));
      if (ascii_iequals(hname, "content-disposition")) {
        if (have_disposition) throw malformed("repeated Content-Disposition");
        have_disposition = true;
        std::string type;
        std::map<std::string, std::string> params;
        if (!parse_header_params(hvalue, type, params) || type != "form-data")
          throw malformed("Content-Disposition must be form-data");
        auto n = params.find("name");
        if (n == params.end() || n->second.empty()) throw malformed("a part has no name");
        part.name = n->second;
        if (auto f = params.find("filename"); f != params.end()) part.filename = f->second;
        if (auto f = params.find("filename*"); f != params.end()) {
          ext_filename = decode_ext_value(f->second);
          if (!ext_filename) throw malformed("bad filename* parameter");
        }
      } else if (ascii_iequals(hname, "content-type")) {
        std::string type;
        std::map<std::string, std::string> params;
        if (!parse_header_params(hvalue, type, params) || type.find('/') == std::string::npos)
          throw malformed("bad part Content-Type");
        part.content_type = type;
      } else if (ascii_iequals(hname, "content-transfer-encoding")) {
        auto enc = to_lower(hvalue);
        if (enc != "binary" && enc != "8bit" && enc != "7bit")
          throw malformed("unsupported Content-Transfer-Encoding " + std::string(hvalue));
      }
      // Other part headers carry nothing RFC 7578 defines; they are ignored.
    }
    if (!have_disposition) throw malformed("a part has no Content-Disposition");
    if (ext_filename) part.filename = ext_filename;  // RFC 6266: filename* wins
    if (part.content_type.empty())
      part.content_type = part.is_file() ? "application/octet-stream" : "text/plain";
    part.data = body.substr(content_start, next - content_start);
    std::size_t limit = part.is_file() ? limits.max_file_bytes : limits.max_field_bytes;
    if (part.data.size() > limit)
      throw ApiError(413, part.is_file() ? "file_too_large" : "field_too_large",
                     part.name + " is larger than " + std::to_string(limit) + " bytes",
                     {{part.name, {"is larger than " + std::to_string(limit) + " bytes"}}});
    parts.push_back(std::move(part));
    pos = next + crlf_delim.size();
  }
  return parts;
}

MultipartForm MultipartForm::parse(const Request& req, const MultipartLimits& limits) {
  auto boundary = multipart_boundary(req.header("content-type"));
  if (!boundary)
    throw ApiError(415, "unsupported_media_type",
                   "The body must be multipart/form-data with a boundary");
  return MultipartForm(parse_multipart(req.body, *boundary, limits));
}

std::optional<std::string> MultipartForm::field(std::string_view name) const {
  for (const auto& p : parts_) {
    if (p.is_file() || !ascii_iequals(p.name, name)) continue;
    if (!valid_utf8(p.data))
      throw ApiError(400, "validation_failed", p.name + ": is not valid UTF-8 text",
                     {{p.name, {"is not valid UTF-8 text"}}});
    return std::string(p.data);
  }
  return std::nullopt;
}

std::vector<std::string> MultipartForm::fields(std::string_view name) const {
  std::vector<std::pair<long, std::string>> indexed;
  std::vector<std::string> plain;
  for (const auto& p : parts_) {
    if (p.is_file()) continue;
    auto idx = list_index(p.name, name);
    if (!idx) continue;
    if (!valid_utf8(p.data))
      throw ApiError(400, "validation_failed", p.name + ": is not valid UTF-8 text",
                     {{p.name, {"is not valid UTF-8 text"}}});
    if (*idx < 0)
      plain.emplace_back(p.data);
    else
      indexed.emplace_back(*idx, std::string(p.data));
  }
  std::stable_sort(indexed.begin(), indexed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [i, v] : indexed) out.push_back(std::move(v));
  for (auto& v : plain) out.push_back(std::move(v));
  return out;
}

std::vector<const MultipartPart*> MultipartForm::files(std::string_view name) const {
  std::vector<const MultipartPart*> out;
  for (const auto& p : parts_)
    if (p.is_file() && list_index(p.name, name)) out.push_back(&p);
  return out;
}

bool MultipartForm::has(std::string_view name) const {
  return std::any_of(parts_.begin(), parts_.end(),
                     [&](const MultipartPart& p) { return list_index(p.name, name).has_value(); });
}

}  // namespace wolfix::http
