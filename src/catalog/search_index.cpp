#include "catalog/search_index.hpp"

#include <algorithm>

#include "catalog/model.hpp"

namespace wolfix::catalog {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

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
  if (fresh) categories_.push_back(id);
  return it->second;
}

void SearchIndex::put(const std::string& id, const std::optional<SearchDoc>& doc) {
  auto it = doc_.find(id);
  std::vector<uint32_t> terms;
  if (doc) {
    for (const auto& word : search_tokens(doc->title, 64)) terms.push_back(term_id(word));
    if (it != doc_.end()) {
      const Doc& old = docs_[it->second];
      if (old.terms == terms && categories_[old.category] == doc->category_id) return;
    }
  }
  if (it != doc_.end()) {
    docs_[it->second].live = false;
    doc_.erase(it);
    --live_;
  }
  if (!doc) return;
  auto n = static_cast<uint32_t>(docs_.size());
  for (uint32_t t : terms) postings_[t].push_back(n);
  docs_.push_back(Doc{id, category_id(doc->category_id), std::move(terms), true});
  doc_.emplace(id, n);
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
  docs.reserve(live_);
  for (auto& p : postings_) p.clear();
  doc_.clear();
  for (auto& d : docs_) {
    if (!d.live) continue;
    auto n = static_cast<uint32_t>(docs.size());
    for (uint32_t t : d.terms) postings_[t].push_back(n);
    doc_.emplace(d.id, n);
    docs.push_back(std::move(d));
  }
  docs_ = std::move(docs);
}

void SearchIndex::terms_with_prefix(const std::string& prefix, std::vector<uint32_t>& out) const {
  for (auto it = term_ids_.lower_bound(prefix);
       it != term_ids_.end() && starts_with(it->first, prefix); ++it)
    out.push_back(it->second);
}

std::vector<SearchMatch> SearchIndex::newest_matches(const std::vector<QueryWord>& words,
                                                     const std::string* category_id,
                                                     std::size_t limit) const {
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
  // The driver's posting lists merged from their ends: newest first, each product once.
  struct Cursor {
    const std::vector<uint32_t>* list;
    std::size_t left;  // entries not yet taken, from the front
    uint32_t top() const { return (*list)[left - 1]; }
  };
  std::vector<Cursor> heap;
  for (uint32_t t : word_terms[driver])
    if (!postings_[t].empty()) heap.push_back({&postings_[t], postings_[t].size()});
  auto lower = [](const Cursor& a, const Cursor& b) { return a.top() < b.top(); };
  std::make_heap(heap.begin(), heap.end(), lower);
  std::optional<uint32_t> last;
  while (!heap.empty() && out.size() < limit) {
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
    bool all = true;
    for (std::size_t i = 0; i < words.size() && all; ++i) {
      if (i == driver) continue;
      all = std::any_of(d.terms.begin(), d.terms.end(), [&](uint32_t t) {
        return std::binary_search(word_terms[i].begin(), word_terms[i].end(), t);
      });
    }
    if (!all) continue;
    SearchMatch m{d.id, {}};
    for (uint32_t t : d.terms) {
      if (!m.title_words.empty()) m.title_words += ' ';
      m.title_words += *terms_[t];
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
