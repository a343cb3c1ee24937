#pragma once
// The catalog's search index, in memory (pure: no SQL; catalog/search_catalog.hpp keeps it in
// step with the database). Search ranks at most the newest kSearchCandidates matches of a query
// (catalog/search.hpp), and neither database can find those cheaply for a common word:
// PostgreSQL's GIN index returns every match, unordered, to be read from the heap and sorted,
// or the planner walks the primary key backwards checking every product, which is fast only
// when matches are spread evenly (a brand whose products were listed together costs tens of
// milliseconds); SQLite's FTS5 reads its posting list backwards, which is fast but answers
// differently. Here a title word's posting list is a vector of product numbers in the order
// products were listed, read from its end: the newest matches of any query cost about as many
// steps as they are, on both databases, with the same answer.
//
// A product renamed, moved to another category or listed again becomes the newest, as one
// listed anew (SQLite's FTS5 table did the same). Removed products leave a tombstone in their
// posting lists until a compaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/search.hpp"

namespace wolfix::catalog {

// What a listed product gives the index.
struct SearchDoc {
  std::string id;
  std::string category_id;
  std::string title;
};

// One candidate: the product id and its title words (as search_tokens gives them), joined by
// spaces, for score_title.
struct SearchMatch {
  std::string id;
  std::string title_words;
};

class SearchIndex {
 public:
  // Adds, changes or (nullopt: removed, or not listed) drops one product. Idempotent: the same
  // title and category again change nothing.
  void put(const std::string& id, const std::optional<SearchDoc>& doc);
  // After a batch of puts, before reading: the sorted word list for corrections, and a
  // compaction when tombstones have piled up.
  void seal();

  // The newest `limit` listed products (newest first) with, for every query word, a title word
  // that starts with it or with one of its corrections; only in `category_id` when given.
  // The walk starts from the smallest of the words' posting lists and the category's product
  // list, and reads at most `max_walk` of its entries: a query whose words are each common but
  // rarely found together (or a common word in a small category's search, when the category is
  // larger still) answers with the matches among the newest `max_walk` products of that list
  // rather than walking a million of them per miss (about a millisecond per 100k entries).
  static constexpr std::size_t kMaxWalk = 200'000;
  std::vector<SearchMatch> newest_matches(const std::vector<QueryWord>& words,
                                          const std::string* category_id, std::size_t limit,
                                          std::size_t max_walk = kMaxWalk) const;

  // Whether some title word of the catalog starts with `word` (words of removed products count,
  // as the databases' vocabularies did).
  bool starts_some_term(const std::string& word) const;
  // Typo corrections of `word` among the catalog's title words (search.hpp corrections()).
  std::vector<std::string> corrections(const std::string& word, std::size_t limit = 8) const;

  std::size_t size() const { return live_; }

 private:
  // A product id as its 16 bytes when it is a canonical lower-case UUID (every id Wolfix makes):
  // at a million products, ids kept as text would cost more than the rest of the index.
  // Any other id is kept as text (odd_ids_), `hi` its position there.
  struct Key {
    uint64_t hi = 0, lo = 0;
    bool odd = false;
    bool operator==(const Key&) const = default;
  };
  static uint64_t hash(const Key& k);
  // The key's fields are laid out flat: as a Key member its padding made a document 40 bytes
  // instead of 32 (8 MB at a million products).
  struct Doc {
    Doc(const Key& k, uint32_t terms_at, uint32_t category, uint16_t terms_n)
        : hi(k.hi),
          lo(k.lo),
          terms_at(terms_at),
          category(category),
          terms_n(terms_n),
          odd(k.odd) {}
    Key id() const { return Key{hi, lo, odd}; }
    uint64_t hi, lo;
    uint32_t terms_at;  // title words (term ids, in title order) in doc_terms_
    uint32_t category;
    uint16_t terms_n;
    bool odd;
    bool live = true;
  };
  static_assert(sizeof(Doc) == 32);
  Key key_of(const std::string& id, bool add);
  std::string text_of(const Key& key) const;
  uint32_t term_id(const std::string& term);
  uint32_t category_id(const std::string& id);
  const uint32_t* terms_of(const Doc& d) const { return doc_terms_.data() + d.terms_at; }
  // Drops tombstones and renumbers, keeping the order.
  void compact();
  // The product id -> live number table (slots_).
  static constexpr uint32_t kNoDoc = UINT32_MAX;
  std::optional<uint32_t> live_number(const Key& key) const;
  void remember(uint32_t n);  // docs_[n] is live
  void forget(const Key& key);
  void rehash(std::size_t slots);
  // Term ids starting with `prefix`.
  void terms_with_prefix(const std::string& prefix, std::vector<uint32_t>& out) const;

  std::vector<Doc> docs_;  // by number: the listing order
  std::vector<uint32_t> doc_terms_;
  // Product id -> its live number, as an open-addressing table of numbers into docs_ (linear
  // probing, at most half full): 4-8 bytes a product, where a node-based map took ~56, which
  // was 50 MB of resident memory at a million products.
  std::vector<uint32_t> slots_;
  std::size_t slots_used_ = 0;
  std::vector<std::string> odd_ids_;
  std::unordered_map<std::string, uint64_t> odd_keys_;
  std::map<std::string, uint32_t, std::less<>> term_ids_;  // sorted: prefixes are ranges
  std::vector<const std::string*> terms_;                  // term id -> text (map nodes)
  std::vector<std::vector<uint32_t>> postings_;            // term id -> doc numbers, ascending
  std::unordered_map<std::string, uint32_t> category_ids_;
  std::vector<std::vector<uint32_t>> category_docs_;  // category id -> doc numbers, ascending
  std::vector<std::string> categories_;
  std::size_t live_ = 0;
  std::vector<std::string> sorted_terms_;  // for corrections(), rebuilt by seal()
};

}  // namespace wolfix::catalog
