// The review module's pure rules: drafts, the built-in moderation and author names.
#include <gtest/gtest.h>

#include "review/model.hpp"
#include "review/word_list.hpp"

namespace wolfix::review {
namespace {

TEST(ReviewDraft, TitleIsOptionalTextAndRatingAreNot) {
  EXPECT_TRUE(draft_errors({std::nullopt, "Good", 5}).empty());
  EXPECT_TRUE(draft_errors({"", "Good", 1}).empty());
  auto e = draft_errors({std::string(201, 'a'), " \n", 0});
  EXPECT_EQ(e.count("title"), 1u);
  EXPECT_EQ(e.count("text"), 1u);
  EXPECT_EQ(e.count("rating"), 1u);
  EXPECT_EQ(draft_errors({std::nullopt, "ok", 6}).count("rating"), 1u);
  // Lengths count characters, not bytes: 200 Cyrillic letters are a valid title.
  std::string cyrillic;
  for (int i = 0; i < 200; ++i) cyrillic += "ї";
  EXPECT_TRUE(draft_errors({cyrillic, "ok", 3}).empty());
  EXPECT_EQ(normalized_title(std::string("  ")), std::nullopt);
  EXPECT_EQ(normalized_title(std::string(" Nice ")), "Nice");
}

TEST(ReviewModeration, OrdinaryReviewsArePublished) {
  for (const char* text :
       {"Works as described, arrived quickly.", "Гарна сукня, якісна тканина. Рекомендую!",
        "Хорошая вещь, но хуже, чем ожидал. Страхуйте посылку.", "Команда продавця молодці",
        "Bass is great, the class of the device is high. Niger-made? No, assembled in Ukraine.",
        "Fire retardant coating, 10/10", "Сучок на дерев'яній ручці, але ок",
        "Хлебать чай из неё удобно", "Good!!! Really good!!!", "і т.д. і т.п.",
        "Price 1.5 times lower than elsewhere"}) {
    auto m = moderate("", text);
    EXPECT_EQ(m.verdict, Verdict::publish) << text << " -> " << m.reason;
  }
}

TEST(ReviewModeration, OffensiveWordsInEveryLanguageAreRefused) {
  for (const char* text :
       {"fuck this", "MOTHERFUCKER", "what a piece of shit", "bullshit", "Fuuuuuck", "хуйня",
        "Пиздец полный", "бля, сломалось", "ебаный товар", "заебало ждать", "Продавец - сука",
        "cyкa" /* Latin look-alikes */, "мудак", "пізда", "їбаний", "довбойоб", "курва", "ХУЁВО",
        "shit in the title"}) {
    auto m = moderate("", text);
    EXPECT_EQ(m.verdict, Verdict::reject) << text;
    EXPECT_EQ(m.reason, "profanity") << text;
  }
  EXPECT_EQ(moderate("Сука", "Fine text").verdict, Verdict::reject);  // the title counts
}

TEST(ReviewModeration, EveryListedWordIsCaught) {
  for (const auto& w : blocked_words()) {
    std::string word(w.text);
    bool latin = word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
    if (w.match != Match::exact) word += latin ? "y" : "ий";  // an inflection
    if (w.match == Match::contains) word = (latin ? "x" : "по") + word;
    EXPECT_TRUE(offensive_word("xx " + word + " yy").has_value()) << w.text;
  }
}

TEST(ReviewModeration, LinksAreHeldOnceAndRefusedTwice) {
  EXPECT_EQ(count_links("see https://a.example"), 1);
  EXPECT_EQ(count_links("www.shop.ua is cheaper"), 1);
  EXPECT_EQ(count_links("(cheap.ru)"), 1);
  EXPECT_EQ(count_links("mail me: a.b@mail.com"), 1);
  EXPECT_EQ(count_links("t.me/deals and x.com"), 2);
  EXPECT_EQ(count_links("version 2.0 is better. Ok."), 0);
  EXPECT_EQ(count_links("@seller thanks"), 0);
  auto held = moderate("", "Cheaper at shop.example.com");
  EXPECT_EQ(held.verdict, Verdict::hold);
  EXPECT_EQ(held.reason, "link");
  auto refused = moderate("http://a.com", "and http://b.com");
  EXPECT_EQ(refused.verdict, Verdict::reject);
  EXPECT_EQ(refused.reason, "links");
}

TEST(ReviewModeration, SpamAndShouting) {
  EXPECT_EQ(moderate("", "Amazing!!!!!!!!!!").reason, "spam");
  EXPECT_EQ(moderate("", "аааааааааааааа").reason, "spam");
  EXPECT_EQ(moderate("", "buy buy buy now buy buy buy").reason, "spam");
  EXPECT_EQ(moderate("", "very very good").verdict, Verdict::publish);
  auto loud = moderate("", "ЦЕ НАЙГІРШИЙ ТОВАР ЯКИЙ Я КУПУВАВ");
  EXPECT_EQ(loud.verdict, Verdict::hold);
  EXPECT_EQ(loud.reason, "shouting");
  EXPECT_EQ(moderate("", "OK, USB-C").verdict, Verdict::publish);  // short: not shouting
}

TEST(ReviewModeration, WordsAreNormalized) {
  auto w = normalized_words("Ёлка, FUUUCK і Їжак");
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0], "елка");
  EXPECT_EQ(w[1], "fuck");
  EXPECT_EQ(w[2], "і");
  EXPECT_EQ(w[3], "їжак");
  EXPECT_EQ(normalized_words("cyкa")[0], "сука");
  EXPECT_EQ(normalized_words("asshole")[0], "asshole");  // doubled letters stay
}

TEST(ReviewAuthor, FirstNameAndInitial) {
  EXPECT_EQ(display_name(std::string("Olena"), std::string("Kovalenko")), "Olena K.");
  EXPECT_EQ(display_name(std::string("Олена"), std::string("Коваленко")), "Олена К.");
  EXPECT_EQ(display_name(std::string("Olena"), std::nullopt), "Olena");
  EXPECT_EQ(display_name(std::nullopt, std::string("K")), "Customer");
  EXPECT_EQ(display_name(std::string(" "), std::nullopt), "Customer");
}

}  // namespace
}  // namespace wolfix::review
