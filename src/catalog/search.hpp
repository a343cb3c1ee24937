#pragma once
// Search rules (pure): typo tolerance over a dictionary of the catalog's title words and the
// ranking of candidates (found by catalog/search_index.hpp), done here rather than by either
// database so both give the same order for the same catalog.
//
// A word of the query matches a title word that starts with it (as you type: "вело" finds
// "велосипед"). A word of 4+ letters that starts no word of the catalog may be a typo: it also
// matches the dictionary words within one edit (two from 8 letters; an edit is an insertion,
// deletion, substitution or swap of neighbours) of it or of their beginnings, so "велосипд" and
// "велсипед" find "велосипед". Results rank exact words above beginnings above corrections, then
// matches nearer the start of the title, then the shortest completions and nearest corrections,
// then shorter titles, then the newest.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::catalog {

// What one query word may match: itself as a prefix, and corrections (whole-word prefixes too).
struct QueryWord {
  std::string word;
  std::vector<std::string> corrections;
};

// The edit distance (optimal string alignment) between two words in code points, or max + 1
// when it is larger than max.
int edit_distance(std::string_view a, std::string_view b, int max);

// The edits allowed for a word of this many code points (0: too short to correct).
int allowed_typos(std::size_t code_points);
std::size_t code_points(std::string_view utf8);

// Whether some dictionary word (sorted) starts with `word`.
bool starts_some_term(const std::vector<std::string>& sorted_terms, const std::string& word);

// Corrections for a word that starts no dictionary word: the nearest words by edit distance of
// the word to the term or to the term's beginning of about the word's length; at most `limit`.
std::vector<std::string> corrections(const std::vector<std::string>& sorted_terms,
                                     const std::string& word, std::size_t limit = 8);

// How well a title matches; compare with ranks_before.
struct SearchScore {
  int quality = 0;   // per query word: 3 exact, 2 beginning, 1 correction (larger is better)
  int position = 0;  // the earliest matched title word (smaller is better)
  int extra = 0;     // letters beyond the typed beginnings, 100 per farther correction
  int length = 0;    // title words (smaller is better)
  bool matched = false;
};
SearchScore score_title(const std::vector<QueryWord>& words, std::string_view title);
// Whether a ranks before b (ties: the caller orders by id).
bool ranks_before(const SearchScore& a, const SearchScore& b);

}  // namespace wolfix::catalog
