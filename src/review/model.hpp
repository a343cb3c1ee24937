#pragma once
// Product reviews: what a review may contain and the built-in moderation rules. Pure functions,
// no I/O, so every rule is unit-tested directly (tests/unit/review_model_test.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.hpp"

namespace wolfix::review {

inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxTextLength = 4000;
inline constexpr int64_t kDefaultPageSize = 10;
inline constexpr int64_t kMaxPageSize = 100;

enum class Status { published, pending };
std::string_view status_name(Status s);  // "Published" | "Pending"
std::optional<Status> parse_status(std::string_view name);

// What a customer writes. A blank title is no title (clients send null, "" or omit it).
struct Draft {
  std::optional<std::string> title;
  std::string text;
  int64_t rating = 0;
};

// Field errors named after the JSON fields (title, text, rating); empty when valid.
FieldErrors draft_errors(const Draft& d);
// The title as stored: nullopt when absent or blank, else trimmed.
std::optional<std::string> normalized_title(const std::optional<std::string>& title);

// ---- Moderation -------------------------------------------------------------------------------

enum class Verdict {
  publish,  // shown at once
  hold,     // kept as Pending until a moderator approves it
  reject,   // refused: 422 review_rejected
};

struct Moderation {
  Verdict verdict = Verdict::publish;
  // Machine-readable: profanity, links, spam (reject); link, shouting (hold); empty on publish.
  std::string reason;
  std::string message;  // for people
};

// The built-in rules, applied to the title and the text together:
// - a word from the maintained lists (word_list.cpp: Ukrainian, Russian, English) -> reject;
// - two or more links or e-mail addresses -> reject; exactly one -> hold;
// - a character repeated 10+ times in a row, or one word making up most of a longer text
//   -> reject (spam);
// - mostly capital letters in a longer text -> hold.
Moderation moderate(std::string_view title, std::string_view text);

// Lower-cased words (runs of Latin or Cyrillic letters) with Cyrillic look-alike Latin letters
// in Cyrillic words mapped to Cyrillic, ё -> е, and runs of one letter collapsed ("fuuuck" ->
// "fuck"), as the word lists are matched against.
std::vector<std::string> normalized_words(std::string_view text);

// How many links and e-mail addresses the text contains.
int count_links(std::string_view text);

// The first offensive word found (normalized form), if any.
std::optional<std::string> offensive_word(std::string_view text);

// How a review's author is shown: "First L." from the customer's name, "Customer" without one.
std::string display_name(const std::optional<std::string>& first_name,
                         const std::optional<std::string>& last_name);

}  // namespace wolfix::review
