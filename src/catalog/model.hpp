#pragma once
// Catalog rules with no SQL or HTTP in them: product statuses, the limits on text, prices, stock,
// discounts and media, bonuses, pagination arithmetic, and turning a shopper's search text into
// full-text queries that cannot inject operators.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.hpp"

namespace wolfix::catalog {

// Wolfix.Server's ProductStatus (stored and shown by name; its numbers are accepted as input).
enum class ProductStatus { in_stock = 0, not_available = 1 };
std::string_view status_name(ProductStatus status);
// "InStock" / "NotAvailable" in any case, or "0" / "1".
std::optional<ProductStatus> parse_status(std::string_view text);
// The status a shopper is shown: the stored one (the seller's choice), except that a product
// that tracks its stock and has none left is NotAvailable. Wolfix.Server has no stock, so its
// clients learn that a product cannot be bought only from this status.
std::string_view shown_status(std::string_view stored_status, bool tracks_stock, int64_t stock);

inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxDescription = 5000;
inline constexpr std::size_t kMaxCategoryName = 100;
inline constexpr std::size_t kMaxCategoryDescription = 1000;
inline constexpr std::size_t kMaxKey = 100;  // attribute and variant keys
inline constexpr std::size_t kMaxAttributeValue = 200;
inline constexpr std::size_t kMaxKeysPerCategory = 50;
inline constexpr int64_t kMaxPriceMinor = 10'000'000'000;  // 100 000 000.00
inline constexpr int64_t kMaxStock = 1'000'000'000;
inline constexpr int kMaxMediaPerProduct = 10;  // as Wolfix.Server
inline constexpr int64_t kMaxPageSize = 100;
inline constexpr std::size_t kMaxVisitedCategories = 20;

// Blank = empty or only whitespace (ASCII and the common Unicode spaces).
bool is_blank_text(std::string_view s);
// Leading and trailing ASCII whitespace removed.
std::string trim_text(std::string_view s);

// Adds a field error unless `text` is non-blank and at most max_chars characters long.
void check_text(FieldErrors& errors, const std::string& field, const std::string& text,
                std::size_t max_chars);

// Lower-case for case-insensitive comparisons of names: ASCII, Latin-1, Latin Extended-A,
// Greek and Cyrillic (Ukrainian included). Other characters are kept as they are.
std::string fold_case(std::string_view utf8);

// Bonuses a purchase earns: 1% of the list price rounded half away from zero to whole currency
// units, as Wolfix.Server's (uint)Math.Round(Price * 0.01m), returned in minor units.
int64_t bonuses_for(int64_t price_minor);

// A discount may be 1..100 percent and must expire in the future.
bool valid_discount_percent(int64_t percent);
// ISO-8601 date-time: "2026-12-31T23:59:59", optional fraction, "Z" or "+02:00"; no offset means
// UTC (the original requires UTC). Unix milliseconds, or nullopt when malformed.
std::optional<int64_t> parse_iso8601_ms(std::string_view text);

int64_t total_pages(int64_t total_items, int64_t page_size);
// Offset of a 1-based page; saturates instead of overflowing for absurd page numbers.
int64_t page_offset(int64_t page, int64_t page_size);

// Splits a recommendation quota over n visited categories as Wolfix.Server does: pageSize / n
// each, the remainder going one by one to the first ones.
std::vector<int64_t> split_quota(int64_t page_size, std::size_t n);

// Words of a search text: runs of letters and digits (any script), case-folded, at most
// max_tokens of at most 64 bytes each. Punctuation and operators of either search syntax are
// separators, so the result is safe to quote into FTS5 and tsquery text.
std::vector<std::string> search_tokens(std::string_view text, std::size_t max_tokens = 8);
// A random key in the products.shuffle_key space (8 lower-case hex digits).
std::string random_shuffle_key();

// Listings ordered or filtered by the review average (query parameters sortBy=rating and
// minRating=4.5; the filter route takes them in its body).
struct RatingOptions {
  bool sort_by_rating = false;    // best rated first: averageRating desc, then newest
  std::optional<int> min_tenths;  // averageRating >= min_tenths / 10; unrated products drop out
  bool any() const { return sort_by_rating || min_tenths.has_value(); }
  double min_rating() const { return min_tenths.value_or(0) / 10.0; }
  bool operator==(const RatingOptions&) const = default;
  // For page-cache keys: "" when neither is set.
  std::string key() const;
};
// "price" (the default) or "rating", case-insensitive; nullopt otherwise.
std::optional<bool> parse_sort_by_rating(std::string_view text);
// "4", "4.5", "4.0" -> tenths (40, 45); nullopt unless 1..5 with at most one decimal.
std::optional<int> parse_min_rating(std::string_view text);

// A category page as the page cache keeps it (CategoryPageCache, detail_cache.hpp): what it is
// computed from.
struct CategoryPage {
  std::string category_id;
  int64_t page = 1;
  int64_t page_size = 20;
  RatingOptions rating;
  bool operator==(const CategoryPage&) const = default;
  // "<category>|<page>|<size>" and RatingOptions::key(): a different text for every page (the
  // one computation of a page its concurrent misses wait for, flights.hpp).
  std::string key() const;
};
struct CategoryPageHash {
  std::size_t operator()(const CategoryPage& p) const;
};
// What a category's cached pages are revalidated against (its product count and revision,
// migration 0260), as one number.
uint64_t category_page_stamp(int64_t products_count, int64_t revision);

// A key of a child category (an attribute or a variant) that products give values to.
struct CategoryKey {
  std::string id;
  std::string key;
};
// An attribute of a child category with the distinct values its live products give it.
struct AttributeValues {
  std::string attribute_id;
  std::string key;
  std::vector<std::string> values;
};

}  // namespace wolfix::catalog
