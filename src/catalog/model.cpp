#include "catalog/model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <random>

#include "common/money.hpp"
#include "common/utf8.hpp"

namespace wolfix::catalog {
namespace {

using utf8::next_code_point;

uint32_t fold(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp <= 0x137) return (cp % 2 == 0 && cp != 0x130) ? cp + 1 : cp;
    if (cp >= 0x139 && cp <= 0x148) return cp % 2 == 1 ? cp + 1 : cp;
    if (cp >= 0x14A && cp <= 0x177) return cp % 2 == 0 ? cp + 1 : cp;
    if (cp == 0x178) return 0xFF;
    if (cp >= 0x179 && cp <= 0x17E) return cp % 2 == 1 ? cp + 1 : cp;
    return cp;
  }
  if (cp >= 0x386 && cp <= 0x3AB) {
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;
    return cp;
  }
  if (cp >= 0x400 && cp <= 0x52F) {
    if (cp <= 0x40F) return cp + 0x50;
    if (cp <= 0x42F) return cp + 0x20;
    if (cp >= 0x460 && cp <= 0x481) return cp % 2 == 0 ? cp + 1 : cp;
    if (cp >= 0x48A && cp <= 0x4BF) return cp % 2 == 0 ? cp + 1 : cp;
    if (cp == 0x4C0) return 0x4CF;
    if (cp >= 0x4C1 && cp <= 0x4CE) return cp % 2 == 1 ? cp + 1 : cp;
    if (cp >= 0x4D0) return cp % 2 == 0 ? cp + 1 : cp;
  }
  return cp;
}

bool is_space_cp(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Letters and digits of any script, approximately: ASCII alphanumerics plus every non-ASCII
// code point outside the punctuation, symbol and space blocks.
bool is_word_cp(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, currency, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;  // variation selectors
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // full-width punctuation
  if (cp >= 0x1F000) return false;                 // emoji and other pictographs
  return !is_space_cp(cp);
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::string_view status_name(ProductStatus status) {
  return status == ProductStatus::in_stock ? "InStock" : "NotAvailable";
}

std::optional<ProductStatus> parse_status(std::string_view text) {
  std::string folded = fold_case(trim_text(text));
  if (folded == "instock" || folded == "0") return ProductStatus::in_stock;
  if (folded == "notavailable" || folded == "1") return ProductStatus::not_available;
  return std::nullopt;
}

std::string_view shown_status(std::string_view stored_status, bool tracks_stock, int64_t stock) {
  if (tracks_stock && stock <= 0) return status_name(ProductStatus::not_available);
  auto status = parse_status(stored_status);
  return status_name(status.value_or(ProductStatus::not_available));
}

bool is_blank_text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size())
    if (!is_space_cp(next_code_point(s, i))) return false;
  return true;
}

std::string trim_text(std::string_view s) {
  auto ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return std::string(s);
}

void check_text(FieldErrors& errors, const std::string& field, const std::string& text,
                std::size_t max_chars) {
  if (is_blank_text(text))
    errors[field].push_back("is required and cannot be blank");
  else if (utf8::length(text) > max_chars)
    errors[field].push_back("must be at most " + std::to_string(max_chars) + " characters");
}

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t start = i;
    uint32_t cp = next_code_point(utf8, i);
    if (cp == 0xFFFD && i == start + 1 && static_cast<unsigned char>(utf8[start]) >= 0x80)
      out += utf8[start];  // keep undecodable bytes as they were
    else
      wolfix::utf8::append(out, fold(cp));
  }
  return out;
}

int64_t bonuses_for(int64_t price_minor) {
  // 1% of the price in whole units, rounded half away from zero.
  const int64_t per_unit = kShopCurrency.minor_per_unit();
  int64_t units = (price_minor + 50 * per_unit) / (100 * per_unit);
  return units * per_unit;
}

bool valid_discount_percent(int64_t percent) {
  return percent >= 1 && percent <= 100;
}

std::optional<int64_t> parse_iso8601_ms(std::string_view s) {
  int y, mo, d, h, mi, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi))
    return std::nullopt;
  std::size_t pos = 16;
  int64_t ms = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      std::size_t start = pos;
      int64_t scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        ms += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start || pos - start > 9) return std::nullopt;
    }
  }
  int64_t offset_min = 0;
  if (pos < s.size()) {
    if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      int sign = s[pos] == '-' ? -1 : 1;
      if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
      std::size_t mpos = pos + 3;
      if (mpos < s.size() && s[mpos] == ':') ++mpos;
      if (!digits(s, mpos, 2, om) || mpos + 2 != s.size() || oh > 23 || om > 59)
        return std::nullopt;
      offset_min = sign * (oh * 60 + om);
      pos = s.size();
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
    return std::nullopt;
  int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
  return seconds * 1000 + ms;
}

int64_t total_pages(int64_t total_items, int64_t page_size) {
  if (total_items <= 0 || page_size <= 0) return 0;
  return (total_items + page_size - 1) / page_size;
}

int64_t page_offset(int64_t page, int64_t page_size) {
  if (page <= 1) return 0;
  if (page - 1 > std::numeric_limits<int64_t>::max() / page_size)
    return std::numeric_limits<int64_t>::max();
  return (page - 1) * page_size;
}

std::vector<int64_t> split_quota(int64_t page_size, std::size_t n) {
  std::vector<int64_t> out(n, 0);
  if (n == 0) return out;
  int64_t each = page_size / static_cast<int64_t>(n);
  int64_t rest = page_size % static_cast<int64_t>(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = each + (static_cast<int64_t>(i) < rest ? 1 : 0);
  return out;
}

std::vector<std::string> search_tokens(std::string_view text, std::size_t max_tokens) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty() && out.size() < max_tokens &&
        std::find(out.begin(), out.end(), current) == out.end())
      out.push_back(current);
    current.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = next_code_point(text, i);
    if (is_word_cp(cp)) {
      std::string piece;
      wolfix::utf8::append(piece, fold(cp));
      if (current.size() + piece.size() <= 64) current += piece;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string random_shuffle_key() {
  thread_local std::mt19937 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint32_t v = rng();
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, v >>= 4) out[i] = kHex[v & 0xF];
  return out;
}

std::string RatingOptions::key() const {
  if (!any()) return "";
  return std::string(sort_by_rating ? "|r" : "|p") +
         (min_tenths ? std::to_string(*min_tenths) : "");
}

std::size_t CategoryPageHash::operator()(const CategoryPage& p) const {
  std::size_t h = std::hash<std::string>{}(p.category_id);
  for (int64_t v : {p.page, p.page_size,
                    int64_t{p.rating.sort_by_rating} * 1000 + p.rating.min_tenths.value_or(-1)})
    h = (h ^ std::hash<int64_t>{}(v)) * 1099511628211ull;
  return h;
}

std::string CategoryPage::key() const {
  std::string out;
  out.reserve(category_id.size() + 24);
  out.append(category_id).append("|").append(std::to_string(page)).append("|");
  out.append(std::to_string(page_size)).append(rating.key());
  return out;
}

uint64_t category_page_stamp(int64_t products_count, int64_t revision) {
  // FNV-1a over both numbers' bytes.
  uint64_t h = 14695981039346656037ull;
  for (int64_t v : {products_count, revision})
    for (int i = 0; i < 8; ++i)
      h = (h ^ ((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF)) * 1099511628211ull;
  return h;
}

std::optional<bool> parse_sort_by_rating(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "price") return false;
  if (lower == "rating") return true;
  return std::nullopt;
}

std::optional<int> parse_min_rating(std::string_view text) {
  if (text.empty() || text.size() > 3 || !std::isdigit(static_cast<unsigned char>(text[0])))
    return std::nullopt;
  int tenths = (text[0] - '0') * 10;
  if (text.size() > 1) {
    if (text.size() != 3 || text[1] != '.' || !std::isdigit(static_cast<unsigned char>(text[2])))
      return std::nullopt;
    tenths += text[2] - '0';
  }
  if (tenths < 10 || tenths > 50) return std::nullopt;
  return tenths;
}

}  // namespace wolfix::catalog
