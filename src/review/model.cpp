#include "review/model.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "common/utf8.hpp"
#include "review/word_list.hpp"

namespace wolfix::review {
namespace {

using utf8::next_code_point;

bool is_latin(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_cyrillic(char32_t c) {
  return c >= 0x400 && c <= 0x4FF;
}
bool is_letter(char32_t c) {
  return is_latin(c) || is_cyrillic(c);
}
bool is_upper(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0x400 && c <= 0x42F) || c == 0x490;
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) c += 0x50;
  if (c == 0x490) return 0x491;  // Ґ
  if (c == 0x451) return 0x435;  // ё -> е
  return c;
}

// Latin letters that look like Cyrillic ones, as people write "cyкa" to slip past filters.
char32_t cyrillic_look_alike(char32_t c) {
  switch (c) {
    case 'a':
      return 0x430;  // а
    case 'b':
      return 0x432;  // в
    case 'c':
      return 0x441;  // с
    case 'e':
      return 0x435;  // е
    case 'h':
      return 0x43D;  // н
    case 'i':
      return 0x456;  // і
    case 'k':
      return 0x43A;  // к
    case 'm':
      return 0x43C;  // м
    case 'o':
      return 0x43E;  // о
    case 'p':
      return 0x440;  // р
    case 't':
      return 0x442;  // т
    case 'x':
      return 0x445;  // х
    case 'y':
      return 0x443;  // у
    default:
      return c;
  }
}

std::string normalize_word(const std::u32string& letters) {
  bool cyrillic = std::any_of(letters.begin(), letters.end(), is_cyrillic);
  std::u32string w;
  for (char32_t c : letters) {
    c = to_lower(c);
    if (cyrillic) c = cyrillic_look_alike(c);
    w += c;
  }
  // A letter stretched to three or more collapses to one ("fuuuck"); doubled letters stay, as
  // words really have them ("asshole", "niger" is a country).
  std::u32string collapsed;
  for (std::size_t i = 0; i < w.size();) {
    std::size_t j = i;
    while (j < w.size() && w[j] == w[i]) ++j;
    collapsed.append(j - i >= 3 ? 1 : j - i, w[i]);
    i = j;
  }
  std::string out;
  for (char32_t c : collapsed) utf8::append(out, c);
  return out;
}

bool is_blank_utf8(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// ---- Links ------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 28> kTopLevelDomains = {
    "com",  "net",    "org",   "info", "biz", "io",   "co", "me",  "ru",  "ua",
    "su",   "by",     "kz",    "pl",   "de",  "uk",   "us", "xyz", "top", "shop",
    "site", "online", "store", "club", "app", "link", "ly", "tk"};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// "shop.example.com/x", "t.me/name": labels of ASCII letters/digits/hyphens with a known TLD.
bool looks_like_host(std::string_view token) {
  std::size_t end = 0;
  while (end < token.size() && is_host_char(token[end])) ++end;
  std::string host = lower_ascii(token.substr(0, end));
  while (!host.empty() && host.back() == '.') host.pop_back();
  auto dot = host.rfind('.');
  if (dot == std::string::npos || dot == 0) return false;
  std::string_view tld = std::string_view(host).substr(dot + 1);
  if (std::find(kTopLevelDomains.begin(), kTopLevelDomains.end(), tld) == kTopLevelDomains.end())
    return false;
  // Every label non-empty: "a..com" is not a host.
  return host.find("..") == std::string::npos;
}

bool is_link_token(std::string_view token) {
  std::string lower = lower_ascii(token);
  if (lower.find("://") != std::string::npos) return true;
  if (lower.rfind("www.", 0) == 0) return true;
  auto at = token.find('@');
  if (at != std::string_view::npos && at > 0) return looks_like_host(token.substr(at + 1));
  // Strip leading punctuation such as "(" before looking for a host.
  std::size_t start = 0;
  while (start < token.size() && !std::isalnum(static_cast<unsigned char>(token[start]))) ++start;
  return looks_like_host(token.substr(start));
}

}  // namespace

std::string_view status_name(Status s) {
  return s == Status::published ? "Published" : "Pending";
}

std::optional<Status> parse_status(std::string_view name) {
  if (name == "Published") return Status::published;
  if (name == "Pending") return Status::pending;
  return std::nullopt;
}

std::optional<std::string> normalized_title(const std::optional<std::string>& title) {
  if (!title || is_blank_utf8(*title)) return std::nullopt;
  return std::string(trim(*title));
}

FieldErrors draft_errors(const Draft& d) {
  FieldErrors errors;
  if (d.title && code_points(*d.title) > kMaxTitleLength)
    errors["title"].push_back("must be at most " + std::to_string(kMaxTitleLength) + " characters");
  if (is_blank_utf8(d.text))
    errors["text"].push_back("is required and cannot be blank");
  else if (code_points(d.text) > kMaxTextLength)
    errors["text"].push_back("must be at most " + std::to_string(kMaxTextLength) + " characters");
  if (d.rating < 1 || d.rating > 5) errors["rating"].push_back("must be between 1 and 5");
  return errors;
}

std::vector<std::string> normalized_words(std::string_view text) {
  std::vector<std::string> words;
  std::u32string current;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (is_letter(c)) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(normalize_word(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(normalize_word(current));
  return words;
}

int count_links(std::string_view text) {
  int links = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start && is_link_token(text.substr(start, i - start))) ++links;
  }
  return links;
}

std::optional<std::string> offensive_word(std::string_view text) {
  const auto& list = blocked_words();
  for (const auto& word : normalized_words(text)) {
    for (const auto& b : list) {
      bool hit = false;
      switch (b.match) {
        case Match::exact:
          hit = word == b.text;
          break;
        case Match::prefix:
          hit = std::string_view(word).substr(0, b.text.size()) == b.text;
          break;
        case Match::contains:
          hit = word.find(b.text) != std::string::npos;
          break;
      }
      if (hit) return word;
    }
  }
  return std::nullopt;
}

Moderation moderate(std::string_view title, std::string_view text) {
  std::string all = std::string(title) + "\n" + std::string(text);
  if (offensive_word(all))
    return {Verdict::reject, "profanity", "The review contains offensive language"};

  int links = count_links(all);
  if (links >= 2)
    return {Verdict::reject, "links", "Reviews may not contain links or e-mail addresses"};

  // A character stretched to 10+ ("!!!!!!!!!!", "aaaaaaaaaaaa").
  std::size_t i = 0;
  char32_t prev = 0;
  int run = 0;
  while (i < all.size()) {
    char32_t c = next_code_point(all, i);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      prev = 0;
      run = 0;
      continue;
    }
    run = c == prev ? run + 1 : 1;
    prev = c;
    if (run >= 10) return {Verdict::reject, "spam", "The review looks like spam"};
  }

  // One word repeated over most of a longer text.
  auto words = normalized_words(all);
  if (words.size() >= 6) {
    std::map<std::string, std::size_t> counts;
    std::size_t top = 0;
    for (const auto& w : words)
      if (w.size() >= 2) top = std::max(top, ++counts[w]);
    if (top * 2 > words.size()) return {Verdict::reject, "spam", "The review looks like spam"};
  }

  if (links == 1)
    return {Verdict::hold, "link", "A moderator checks reviews with a link or e-mail address"};

  std::size_t letters = 0, upper = 0;
  for (i = 0; i < all.size();) {
    char32_t c = next_code_point(all, i);
    if (!is_letter(c)) continue;
    ++letters;
    if (is_upper(c)) ++upper;
  }
  if (letters >= 20 && upper * 10 >= letters * 8)
    return {Verdict::hold, "shouting", "A moderator checks reviews written in capital letters"};

  return {};
}

std::string display_name(const std::optional<std::string>& first_name,
                         const std::optional<std::string>& last_name) {
  std::string first = first_name ? std::string(trim(*first_name)) : "";
  std::string last = last_name ? std::string(trim(*last_name)) : "";
  if (first.empty()) return "Customer";
  if (last.empty()) return first;
  std::size_t i = 0;
  next_code_point(last, i);  // the initial, whole even when it is several bytes
  return first + " " + last.substr(0, i) + ".";
}

}  // namespace wolfix::review
