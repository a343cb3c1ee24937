// Catalog rules: statuses, text limits, case folding, bonuses, discounts, dates, pagination,
// recommendation quotas and the search-text to full-text-query translation.
#include <gtest/gtest.h>

#include "catalog/model.hpp"
#include "catalog/pricing.hpp"
#include "common/utf8.hpp"

namespace wolfix::catalog {
namespace {

TEST(CatalogModel, StatusesByNameOrNumber) {
  EXPECT_EQ(parse_status("InStock"), ProductStatus::in_stock);
  EXPECT_EQ(parse_status("notavailable"), ProductStatus::not_available);
  EXPECT_EQ(parse_status("0"), ProductStatus::in_stock);
  EXPECT_EQ(parse_status("1"), ProductStatus::not_available);
  EXPECT_FALSE(parse_status("2"));
  EXPECT_FALSE(parse_status("Sold"));
  EXPECT_FALSE(parse_status(""));
  EXPECT_EQ(status_name(ProductStatus::not_available), "NotAvailable");
}

TEST(CatalogModel, ShownStatusFollowsATrackedStockOnly) {
  EXPECT_EQ(shown_status("InStock", true, 3), "InStock");
  EXPECT_EQ(shown_status("InStock", true, 0), "NotAvailable");
  EXPECT_EQ(shown_status("InStock", false, 0), "InStock");  // untracked: always available
  EXPECT_EQ(shown_status("NotAvailable", false, 0), "NotAvailable");
  EXPECT_EQ(shown_status("NotAvailable", true, 5), "NotAvailable");
  EXPECT_EQ(shown_status("garbage", false, 1), "NotAvailable");
}

TEST(CatalogModel, TextChecksCountCharactersNotBytes) {
  FieldErrors e;
  check_text(e, "title", std::string(200, 'a'), 200);
  check_text(e, "name", "Ї" + std::string(99, 'x'), 100);  // 100 characters, 101 bytes
  EXPECT_TRUE(e.empty());
  check_text(e, "title", std::string(201, 'a'), 200);
  check_text(e, "blank", " \t\xC2\xA0", 10);  // no-break space is blank too
  check_text(e, "empty", "", 10);
  EXPECT_EQ(e.size(), 3u);
  EXPECT_TRUE(is_blank_text("\xE3\x80\x80"));  // ideographic space
  EXPECT_FALSE(is_blank_text(" a "));
  EXPECT_EQ(trim_text("  Телефони \n"), "Телефони");
  EXPECT_EQ(utf8::length("Київ"), 4u);
}

TEST(CatalogModel, FoldCaseCoversLatinCyrillicAndGreek) {
  EXPECT_EQ(fold_case("Phones"), "phones");
  EXPECT_EQ(fold_case("ЕЛЕКТРОНІКА Її Єє Ґґ"), "електроніка її єє ґґ");
  EXPECT_EQ(fold_case("ÀÉÎÕÜ ŁŚŽ"), "àéîõü łśž");
  EXPECT_EQ(fold_case("ΑΒΓ Ώ"), "αβγ ώ");
  EXPECT_EQ(fold_case("×÷ 123 €"), "×÷ 123 €");
  EXPECT_EQ(fold_case(std::string("a\xFF"
                                  "B",
                                  3)),
            std::string("a\xFF"
                        "b",
                        3));  // bad bytes kept
}

TEST(CatalogModel, BonusesAreOnePercentInWholeUnits) {
  EXPECT_EQ(bonuses_for(45998), 500);  // 459.98 -> 5
  EXPECT_EQ(bonuses_for(45000), 500);  // 4.50 -> 5 (half away from zero)
  EXPECT_EQ(bonuses_for(44999), 400);
  EXPECT_EQ(bonuses_for(4999), 0);  // 49.99 -> 0
  EXPECT_EQ(bonuses_for(123450), 1200);
}

TEST(CatalogModel, DiscountPercentAndThePricingRule) {
  EXPECT_FALSE(valid_discount_percent(0));
  EXPECT_TRUE(valid_discount_percent(1));
  EXPECT_TRUE(valid_discount_percent(100));
  EXPECT_FALSE(valid_discount_percent(101));
  std::optional<Discount> d = Discount{25, 1000};
  EXPECT_EQ(final_price(10000, d, 999), 7500);
  EXPECT_EQ(final_price(10000, d, 1000), 10000);  // expired at its instant
  EXPECT_EQ(final_price(12450, Discount{90, 1000}, 0), 1245);
  EXPECT_EQ(final_price(999, Discount{50, 1000}, 0), 500);  // 4.995 rounds up
}

TEST(CatalogModel, Iso8601DateTimes) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601_ms("2024-02-29T12:30:15.250Z"), 1709209815250);
  EXPECT_EQ(parse_iso8601_ms("2024-02-29T14:30:15.250+02:00"), 1709209815250);
  EXPECT_EQ(parse_iso8601_ms("2024-02-29T12:30:15.25"), 1709209815250);  // no offset: UTC
  EXPECT_EQ(parse_iso8601_ms("2024-02-29 07:30:15.2500000-0500"), 1709209815250);
  EXPECT_EQ(parse_iso8601_ms("2024-02-29T12:30"), 1709209800000);
  EXPECT_FALSE(parse_iso8601_ms("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2024-01-01"));
  EXPECT_FALSE(parse_iso8601_ms("2024-01-01T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2024-01-01T00:00:00Zjunk"));
  EXPECT_FALSE(parse_iso8601_ms("2024-01-01T00:00:00+2"));
  EXPECT_FALSE(parse_iso8601_ms("tomorrow"));
}

TEST(CatalogModel, PagesAndQuotas) {
  EXPECT_EQ(total_pages(0, 20), 0);
  EXPECT_EQ(total_pages(20, 20), 1);
  EXPECT_EQ(total_pages(21, 20), 2);
  EXPECT_EQ(page_offset(1, 20), 0);
  EXPECT_EQ(page_offset(3, 20), 40);
  EXPECT_EQ(page_offset(INT64_MAX, 100), INT64_MAX);
  EXPECT_EQ(split_quota(12, 5), (std::vector<int64_t>{3, 3, 2, 2, 2}));
  EXPECT_EQ(split_quota(2, 3), (std::vector<int64_t>{1, 1, 0}));
  EXPECT_TRUE(split_quota(10, 0).empty());
}

TEST(CatalogModel, SearchTextBecomesSafeWords) {
  auto t = search_tokens("  Смартфон SAMSUNG,  galaxy-A54 «нові» смартфон ");
  EXPECT_EQ(t, (std::vector<std::string>{"смартфон", "samsung", "galaxy", "a54", "нові"}));
  // Operators of either syntax never reach the query.
  EXPECT_TRUE(search_tokens("\"*():&|!<->'^-+").empty());
  EXPECT_EQ(search_tokens("a OR b NOT c"), (std::vector<std::string>{"a", "or", "b", "not", "c"}));
  EXPECT_EQ(search_tokens("м’ясо"), (std::vector<std::string>{"м", "ясо"}));
  EXPECT_EQ(search_tokens("a b c d e f g h i j", 3).size(), 3u);
  EXPECT_EQ(search_tokens(std::string(100, 'x'))[0].size(), 64u);
  EXPECT_TRUE(search_tokens("\xFF\xFE").empty());
}

TEST(CatalogModel, ShuffleKeysAreEightHexDigits) {
  auto k = random_shuffle_key();
  ASSERT_EQ(k.size(), 8u);
  for (char c : k) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
}

}  // namespace
}  // namespace wolfix::catalog

namespace wolfix::catalog {
namespace {

TEST(CatalogRatingOptions, SortByAndMinRatingAreParsedStrictly) {
  EXPECT_EQ(parse_sort_by_rating("rating"), true);
  EXPECT_EQ(parse_sort_by_rating("Price"), false);
  EXPECT_EQ(parse_sort_by_rating("stars"), std::nullopt);
  EXPECT_EQ(parse_min_rating("4"), 40);
  EXPECT_EQ(parse_min_rating("4.5"), 45);
  EXPECT_EQ(parse_min_rating("5.0"), 50);
  for (const char* bad : {"", "0", "0.9", "5.1", "6", "4.55", "4.", ".5", "-1", "x", "4,5"})
    EXPECT_EQ(parse_min_rating(bad), std::nullopt) << bad;
  RatingOptions none;
  EXPECT_EQ(none.key(), "");
  RatingOptions sorted{true, 45};
  RatingOptions by_price{false, 45};
  EXPECT_NE(sorted.key(), by_price.key());
  EXPECT_DOUBLE_EQ(sorted.min_rating(), 4.5);
}

}  // namespace
}  // namespace wolfix::catalog

namespace wolfix::catalog {
namespace {

// Pages are cached by the page itself, and their concurrent misses wait for one computation
// named by key(): two pages the routes can ask for are never one entry or one computation.
TEST(CatalogCategoryPage, DifferentPagesAreDifferentEntriesAndKeys) {
  std::vector<CategoryPage> pages;
  for (bool by_rating : {false, true})
    for (std::optional<int> min : {std::optional<int>(), std::optional<int>(10),
                                   std::optional<int>(45), std::optional<int>(50)})
      pages.push_back({"0193a5c2-7d1e-7abc-8def-0123456789ab", 500, 20, {by_rating, min}});
  pages.push_back({"0193a5c2-7d1e-7abc-8def-0123456789ab", 50, 20, {}});
  pages.push_back({"0193a5c2-7d1e-7abc-8def-0123456789ab", 500, 2, {}});
  pages.push_back({"a|1", 1, 100, {}});  // a bar in the id
  pages.push_back({"a", 11, 100, {}});
  pages.push_back({"c", 9223372036854775, 1, {}});
  CategoryPageHash hash;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    CategoryPage copy = pages[i];
    EXPECT_EQ(copy, pages[i]);
    EXPECT_EQ(hash(copy), hash(pages[i]));
    for (std::size_t j = i + 1; j < pages.size(); ++j) {
      EXPECT_FALSE(pages[i] == pages[j]) << pages[i].key();
      EXPECT_NE(pages[i].key(), pages[j].key());
    }
  }
}

TEST(CatalogCategoryPage, StampsDifferWhenTheCountOrTheRevisionDoes) {
  EXPECT_EQ(category_page_stamp(3, 7), category_page_stamp(3, 7));
  EXPECT_NE(category_page_stamp(3, 7), category_page_stamp(3, 8));
  EXPECT_NE(category_page_stamp(3, 7), category_page_stamp(4, 7));
  EXPECT_NE(category_page_stamp(3, 7), category_page_stamp(7, 3));
}

}  // namespace
}  // namespace wolfix::catalog
