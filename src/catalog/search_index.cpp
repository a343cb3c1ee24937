#include "catalog/search_index.hpp"

#include <algorithm>

#include "catalog/model.hpp"

namespace wolfix::catalog {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The 32 hex digits of "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (lower case), or nullopt.
std::optional<std::pair<uint64_t, uint64_t>> uuid_bits(const std::string& id) {
  if (id.size() != 36) return std::nullopt;
  uint64_t half[2] = {0, 0};
  int digits = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (id[i] != '-') return std::nullopt;
      continue;
    }
    int v = hex_value(id[i]);
    if (v < 0) return std::nullopt;
    half[digits / 16] = half[digits / 16] << 4 | static_cast<uint64_t>(v);
    ++digits;
  }
  return std::make_pair(half[0], half[1]);
}

}  // namespace

SearchIndex::Key SearchIndex::key_of(const std::string& id, bool add) {
  if (auto bits = uuid_bits(id)) return Key{bits->first, bits->second, false};
  auto it = odd_keys_.find(id);
  if (it != odd_keys_.end()) return Key{it->second, 0, true};
  if (!add) return Key{UINT64_MAX, 0, true};  // matches no document
  odd_ids_.push_back(id);
  odd_keys_.emplace(id, odd_ids_.size() - 1);
  return Key{odd_ids_.size() - 1, 0, true};
}

std::string SearchIndex::text_of(const Key& key) const {
  if (key.odd) return odd_ids_[key.hi];
  static const char* hex = "0123456789abcdef";
  std::string out(36, '-');
  int digit = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    uint64_t half = digit < 16 ? key.hi : key.lo;
    out[i] = hex[(half >> (4 * (15 - digit % 16))) & 15];
    ++digit;
  }
  return out;
}

uint64_t SearchIndex::hash(const Key& k) {
  // UUIDv7's leading bits are a timestamp, shared by products listed together: mix them all.
  uint64_t h = k.hi ^ (k.lo * 0x9E3779B97F4A7C15ULL) ^ static_cast<uint64_t>(k.odd);
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}

std::optional<uint32_t> SearchIndex::live_number(const Key& key) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(key) & mask; slots_[i] != kNoDoc; i = (i + 1) & mask)
    if (docs_[slots_[i]].id() == key) return slots_[i];
  return std::nullopt;
}

void SearchIndex::remember(uint32_t n) {
  if ((slots_used_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(1024, slots_.size() * 2));
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash(docs_[n].id()) & mask;
  while (slots_[i] != kNoDoc) i = (i + 1) & mask;
  slots_[i] = n;
  ++slots_used_;
}

void SearchIndex::forget(const Key& key) {
  if (slots_.empty()) return;
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash(key) & mask;
  while (slots_[i] != kNoDoc && !(docs_[slots_[i]].id() == key)) i = (i + 1) & mask;
  if (slots_[i] == kNoDoc) return;
  // Backward-shift deletion: each later entry of the run that may sit in the hole moves into
  // it, so a lookup never stops early at an emptied slot (no tombstones).
  for (std::size_t j = (i + 1) & mask; slots_[j] != kNoDoc; j = (j + 1) & mask) {
    std::size_t home = hash(docs_[slots_[j]].id()) & mask;
    // Stays when its home lies cyclically in (i, j].
    bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!stays) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = kNoDoc;
  --slots_used_;
}

void SearchIndex::rehash(std::size_t slots) {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(slots, kNoDoc);
  slots_used_ = 0;
  for (uint32_t n : old)
    if (n != kNoDoc) remember(n);
}

uint32_t SearchIndex::term_id(const std::string& term) {
  auto it = term_ids_.find(term);
  if (it != term_ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(terms_.size());
  it = term_ids_.emplace(term, id).first;
  terms_.push_back(&it->first);
  postings_.emplace_back();
  return id;
}

uint32_t SearchIndex::category_id(const std::string& id) {
  auto [it, fresh] = category_ids_.emplace(id, static_cast<uint32_t>(categories_.size()));
  if (fresh) {
    categories_.push_back(id);
    category_docs_.emplace_back();
  }
  return it->second;
}

void SearchIndex::put(const std::string& id, const std::optional<SearchDoc>& doc) {
  Key key = key_of(id, doc.has_value());
  auto live = live_number(key);
  std::vector<uint32_t> terms;
  if (doc) {
    for (const auto& word : search_tokens(doc->title, 64)) terms.push_back(term_id(word));
    if (live) {
      const Doc& old = docs_[*live];
      if (std::equal(terms.begin(), terms.end(), terms_of(old), terms_of(old) + old.terms_n) &&
          categories_[old.category] == doc->category_id)
        return;
    }
  }
  if (live) {
    forget(key);
    docs_[*live].live = false;
    --live_;
  }
  if (!doc) return;
  auto n = static_cast<uint32_t>(docs_.size());
  for (uint32_t t : terms) postings_[t].push_back(n);
  uint32_t category = category_id(doc->category_id);
  category_docs_[category].push_back(n);
  docs_.emplace_back(key, static_cast<uint32_t>(doc_terms_.size()), category,
                     static_cast<uint16_t>(terms.size()));
  doc_terms_.insert(doc_terms_.end(), terms.begin(), terms.end());
  remember(n);
  ++live_;
}

void SearchIndex::seal() {
  if (sorted_terms_.size() != term_ids_.size()) {
    sorted_terms_.clear();
    sorted_terms_.reserve(term_ids_.size());
    for (const auto& [term, id] : term_ids_) sorted_terms_.push_back(term);
  }
  if (docs_.size() - live_ > std::max<std::size_t>(1024, live_ / 4)) compact();
}

void SearchIndex::compact() {
  std::vector<Doc> docs;
  std::vector<uint32_t> doc_terms;
  docs.reserve(live_);
  for (auto& p : postings_) p.clear();
  for (auto& c : category_docs_) c.clear();
  for (const auto& d : docs_) {
    if (!d.live) continue;
    auto n = static_cast<uint32_t>(docs.size());
    Doc moved = d;
    moved.terms_at = static_cast<uint32_t>(doc_terms.size());
    for (uint16_t i = 0; i < d.terms_n; ++i) {
      uint32_t t = terms_of(d)[i];
      doc_terms.push_back(t);
      postings_[t].push_back(n);
    }
    category_docs_[d.category].push_back(n);
    docs.push_back(moved);
  }
  docs_ = std::move(docs);
  doc_terms_ = std::move(doc_terms);
  // The numbers changed: the table is rebuilt from the renumbered documents.
  slots_.assign(slots_.size(), kNoDoc);
  slots_used_ = 0;
  for (uint32_t n = 0; n < docs_.size(); ++n) remember(n);
}

void SearchIndex::terms_with_prefix(const std::string& prefix, std::vector<uint32_t>& out) const {
  for (auto it = term_ids_.lower_bound(prefix);
       it != term_ids_.end() && starts_with(it->first, prefix); ++it)
    out.push_back(it->second);
}

std::vector<SearchMatch> SearchIndex::newest_matches(const std::vector<QueryWord>& words,
                                                     const std::string* category_id,
                                                     std::size_t limit,
                                                     std::size_t max_walk) const {
  std::vector<SearchMatch> out;
  if (words.empty() || limit == 0) return out;
  std::optional<uint32_t> category;
  if (category_id) {
    auto it = category_ids_.find(*category_id);
    if (it == category_ids_.end()) return out;
    category = it->second;
  }
  // Each word's title words (sorted, for the membership checks) and how many products carry
  // them: the rarest word drives the walk, the others are checked on its products.
  std::vector<std::vector<uint32_t>> word_terms(words.size());
  std::size_t driver = 0, fewest = SIZE_MAX;
  for (std::size_t i = 0; i < words.size(); ++i) {
    terms_with_prefix(words[i].word, word_terms[i]);
    for (const auto& c : words[i].corrections) terms_with_prefix(c, word_terms[i]);
    auto& t = word_terms[i];
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    if (t.empty()) return out;
    std::size_t n = 0;
    for (uint32_t term : t) n += postings_[term].size();
    if (n < fewest) fewest = n, driver = i;
  }
  // The driver's lists merged from their ends: newest first, each product once. A category
  // with fewer products than the rarest word has postings drives instead (driver = none).
  struct Cursor {
    const std::vector<uint32_t>* list;
    std::size_t left;  // entries not yet taken, from the front
    uint32_t top() const { return (*list)[left - 1]; }
  };
  std::vector<Cursor> heap;
  if (category && category_docs_[*category].size() < fewest) {
    driver = words.size();
    if (!category_docs_[*category].empty())
      heap.push_back({&category_docs_[*category], category_docs_[*category].size()});
  } else {
    for (uint32_t t : word_terms[driver])
      if (!postings_[t].empty()) heap.push_back({&postings_[t], postings_[t].size()});
  }
  auto lower = [](const Cursor& a, const Cursor& b) { return a.top() < b.top(); };
  std::make_heap(heap.begin(), heap.end(), lower);
  std::optional<uint32_t> last;
  std::size_t walked = 0;
  while (!heap.empty() && out.size() < limit && walked++ < max_walk) {
    std::pop_heap(heap.begin(), heap.end(), lower);
    Cursor& c = heap.back();
    uint32_t n = c.top();
    if (--c.left == 0)
      heap.pop_back();
    else
      std::push_heap(heap.begin(), heap.end(), lower);
    if (last == n) continue;
    last = n;
    const Doc& d = docs_[n];
    if (!d.live || (category && d.category != *category)) continue;
    const uint32_t* terms = terms_of(d);
    bool all = true;
    for (std::size_t i = 0; i < words.size() && all; ++i) {
      if (i == driver) continue;
      all = std::any_of(terms, terms + d.terms_n, [&](uint32_t t) {
        return std::binary_search(word_terms[i].begin(), word_terms[i].end(), t);
      });
    }
    if (!all) continue;
    SearchMatch m{text_of(d.id()), {}};
    for (const uint32_t* t = terms; t != terms + d.terms_n; ++t) {
      if (!m.title_words.empty()) m.title_words += ' ';
      m.title_words += *terms_[*t];
    }
    out.push_back(std::move(m));
  }
  return out;
}

bool SearchIndex::starts_some_term(const std::string& word) const {
  auto it = term_ids_.lower_bound(word);
  return it != term_ids_.end() && starts_with(it->first, word);
}

std::vector<std::string> SearchIndex::corrections(const std::string& word,
                                                  std::size_t limit) const {
  return catalog::corrections(sorted_terms_, word, limit);
}

}  // namespace wolfix::catalog
