// The offensive words the built-in moderation refuses, in Ukrainian, Russian and English.
//
// Maintaining it: add the shortest form that is never innocent. `prefix` catches every
// inflection of a root ("бляд" -> блядь, бляді); use `exact` where a longer word is harmless
// ("сука" vs "сукня", a dress; "сучка" vs "сучок", a twig; "retard" vs "retardant") and
// `contains` only for roots that form compounds and occur inside no ordinary word ("fuck",
// "пизд"). Write entries in lower case with ё as е. Latin look-alikes in Cyrillic words
// ("cyкa") and letters stretched to three or more ("fuuuck") are normalized before matching
// (model.cpp), so they need no entries. Every entry is exercised by
// tests/unit/review_model_test.cpp's list check; add a false-positive case there for each
// `prefix`/`contains` entry you add.
#include "review/word_list.hpp"

namespace wolfix::review {

const std::vector<BlockedWord>& blocked_words() {
  static const std::vector<BlockedWord> words = {
      // English
      {"fuck", Match::contains},
      {"shit", Match::prefix},
      {"bullshit", Match::exact},
      {"cunt", Match::prefix},
      {"bitch", Match::prefix},
      {"asshole", Match::prefix},
      {"dickhead", Match::prefix},
      {"motherf", Match::prefix},
      {"nigger", Match::prefix},
      {"nigga", Match::prefix},
      {"faggot", Match::prefix},
      {"fag", Match::exact},
      {"retard", Match::exact},
      {"retarded", Match::exact},
      {"retards", Match::exact},
      {"whore", Match::prefix},
      {"slut", Match::prefix},
      {"wanker", Match::prefix},
      {"twat", Match::exact},
      // Russian
      {"хуй", Match::prefix},
      {"хуе", Match::prefix},
      {"хуя", Match::prefix},
      {"хую", Match::prefix},
      {"пизд", Match::contains},
      {"бляд", Match::prefix},
      {"блят", Match::prefix},
      {"бля", Match::exact},
      {"еба", Match::prefix},
      {"ебл", Match::prefix},
      {"ебу", Match::prefix},
      {"ебн", Match::prefix},
      {"ебе", Match::prefix},
      {"заеб", Match::prefix},
      {"наеб", Match::prefix},
      {"уеб", Match::prefix},
      {"выеб", Match::prefix},
      {"отъеб", Match::prefix},
      {"съеб", Match::prefix},
      {"разъеб", Match::prefix},
      {"поеб", Match::prefix},
      {"проеб", Match::prefix},
      {"долбоеб", Match::contains},
      {"мудак", Match::prefix},
      {"мудил", Match::prefix},
      {"пидор", Match::prefix},
      {"пидар", Match::prefix},
      {"пидр", Match::prefix},
      {"гандон", Match::prefix},
      {"гондон", Match::prefix},
      {"шлюх", Match::prefix},
      {"залуп", Match::prefix},
      {"сука", Match::exact},
      {"суки", Match::exact},
      {"суку", Match::exact},
      {"сукой", Match::exact},
      {"сучка", Match::exact},
      {"сучара", Match::prefix},
      {"мраз", Match::prefix},
      {"ублюд", Match::prefix},
      {"дерьм", Match::prefix},
      {"говн", Match::prefix},
      // Ukrainian
      {"пізд", Match::contains},
      {"їба", Match::prefix},
      {"йоба", Match::prefix},
      {"уйоб", Match::prefix},
      {"заїб", Match::prefix},
      {"довбойоб", Match::contains},
      {"підор", Match::prefix},
      {"підар", Match::prefix},
      {"курва", Match::prefix},
      {"курви", Match::exact},
      {"гівн", Match::prefix},
      {"шльондр", Match::prefix},
  };
  return words;
}

}  // namespace wolfix::review
