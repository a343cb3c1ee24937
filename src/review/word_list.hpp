#pragma once
// The maintained lists of offensive words the built-in moderation refuses (word_list.cpp).
#include <string_view>
#include <vector>

namespace wolfix::review {

enum class Match {
  exact,     // the whole word ("сука", but not "сукня", a dress)
  prefix,    // the word starts with it (every inflection: "бляді", "блядь")
  contains,  // anywhere in the word, for roots that build compounds ("motherfucker")
};

struct BlockedWord {
  std::string_view text;  // lower case, in normalized_words() form (no doubled letters)
  Match match;
};

const std::vector<BlockedWord>& blocked_words();

}  // namespace wolfix::review
