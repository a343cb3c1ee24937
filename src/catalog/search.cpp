#include "catalog/search.hpp"

#include <algorithm>

#include "catalog/model.hpp"

namespace wolfix::catalog {
namespace {

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    out.push_back(cp);
  }
  return out;
}

int distance(const std::u32string& a, const std::u32string& b, int max) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max) return max + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int allowed_typos(std::size_t n) {
  return n >= 8 ? 2 : n >= 4 ? 1 : 0;
}

int edit_distance(std::string_view a, std::string_view b, int max) {
  return distance(decode(a), decode(b), max);
}

bool starts_some_term(const std::vector<std::string>& sorted_terms, const std::string& word) {
  auto it = std::lower_bound(sorted_terms.begin(), sorted_terms.end(), word);
  return it != sorted_terms.end() && starts_with(*it, word);
}

std::vector<std::string> corrections(const std::vector<std::string>& sorted_terms,
                                     const std::string& word, std::size_t limit) {
  auto w = decode(word);
  int max = allowed_typos(w.size());
  if (max == 0) return {};
  std::vector<std::pair<int, const std::string*>> found;
  for (const auto& term : sorted_terms) {
    auto t = decode(term);
    if (t.size() + max < w.size()) continue;
    // The whole term, or its beginning of about the word's length (a typo while typing).
    int best = distance(w, t, max);
    for (int d = -max; d <= max && best > 0; ++d) {
      auto len = static_cast<long>(w.size()) + d;
      if (len < 1 || len >= static_cast<long>(t.size())) continue;
      best = std::min(best, distance(w, t.substr(0, static_cast<std::size_t>(len)), max));
    }
    if (best <= max) found.emplace_back(best, &term);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [d, term] : found) {
    if (out.size() >= limit) break;
    out.push_back(*term);
  }
  return out;
}

SearchScore score_title(const std::vector<QueryWord>& words, std::string_view title) {
  auto title_words = search_tokens(title, 64);
  SearchScore s;
  s.length = static_cast<int>(title_words.size());
  s.position = s.length;
  s.matched = true;
  for (const auto& w : words) {
    int best = 0, at = s.length, extra = 0;
    auto consider = [&](int quality, std::size_t i, int more) {
      if (quality > best || (quality == best && more < extra)) {
        best = quality;
        at = static_cast<int>(i);
        extra = more;
      }
    };
    int typed = static_cast<int>(code_points(w.word));
    for (std::size_t i = 0; i < title_words.size(); ++i) {
      const auto& tw = title_words[i];
      int len = static_cast<int>(code_points(tw));
      if (tw == w.word) {
        consider(3, i, 0);
      } else if (starts_with(tw, w.word)) {
        consider(2, i, len - typed);  // the shortest completion first
      } else {
        for (std::size_t c = 0; c < w.corrections.size(); ++c)  // nearest corrections first
          if (starts_with(tw, w.corrections[c])) {
            consider(
                1, i,
                static_cast<int>(c) * 100 + len - static_cast<int>(code_points(w.corrections[c])));
            break;
          }
      }
    }
    if (best == 0) s.matched = false;  // the database's tokens differ from ours: rank it last
    s.quality += best;
    s.extra += extra;
    s.position = std::min(s.position, at);
  }
  return s;
}

bool ranks_before(const SearchScore& a, const SearchScore& b) {
  if (a.matched != b.matched) return a.matched;
  if (a.quality != b.quality) return a.quality > b.quality;
  if (a.position != b.position) return a.position < b.position;
  if (a.extra != b.extra) return a.extra < b.extra;
  return a.length < b.length;
}

}  // namespace wolfix::catalog
