#pragma once
// The SQL of every product listing (and of the product page), in one place so that the
// query-plan test (tests/api/catalog_query_plan_test.cpp) checks exactly what the service runs.
// Part of the catalog's store layer, but unlike store*.hpp it hands out statements, not
// functions: product_reads.cpp runs them and writes the rows straight to JSON (listing.hpp), the
// one place where a service does not get structs back, for speed (issue 12).
#include <cstddef>
#include <string>
#include <vector>

namespace wolfix::catalog::queries {

// ? = category_id, limit, offset. Index products_category_price.
std::string category_page();
// The same page past a sort key: ? = category_id, final_price_minor, id, limit, offset (a seek in
// products_category_price, then fewer than PageBoundaries::kStride rows skipped).
std::string category_page_after();
// The key `skip` rows into the price order: ? = category_id, limit (1), offset (skip); with
// `after`, past a key: ? = category_id, final_price_minor, id, limit, offset.
std::string category_key_at(bool after);
// Sorted (sortBy=rating) and/or filtered (minRating) by the review average.
// ? = category_id, [min_rating,] limit, offset. Index products_category_rating (backwards) when
// sorted by rating, else products_category_price.
std::string category_page_rated(bool by_rating, bool min_rating);
// ? = category_id, min_rating. Index products_category_rating.
std::string category_rated_count();
// ? = now_ms, limit, offset. Index products_discount (scanned backwards).
std::string discount_page();
// ? = shuffle pivot, [category_id,] limit. ">=" from the pivot, or "<" for the wrap-around.
// Index products_shuffle / products_category_shuffle.
std::string random_from(bool in_category, bool wrap);
// ? = seller_id, category_id. Index products_seller_category.
std::string seller_count();
// ? = seller_id, category_id, limit, offset.
std::string seller_page();
// Search ranks at most this many matches, the most recently listed ones (catalog/search.hpp
// ranks them; catalog/search_index.hpp finds them): a word found in a tenth of a million-product
// catalog would otherwise mean ranking 100 000 rows per request.
inline constexpr int kSearchCandidates = 300;
// Search's index (catalog/search_catalog.hpp): the listed products in id order past ? = an id
// (primary key), at most ? = limit of them; and every product written (listed, renamed, moved,
// deleted) at or after ? = since_ms, oldest write first (index products_updated).
std::string listed_for_search();
std::string written_since();
// The same columns as written_since for ? = one id per `count` (primary key).
std::string search_rows_by_ids(std::size_t count);
// The ranked page's rows: ? = one id per `count`. Primary key.
std::string products_by_ids(std::size_t count);
// ? = category_id, [min,] [max,] [min_rating,] then per group: attribute_id and its values;
// limit, offset. Index products_category_price (products_category_rating when by_rating), with
// product_attribute_values' primary key for each group.
std::string filter(bool min_price, bool max_price, const std::vector<std::size_t>& group_sizes,
                   bool by_rating = false, bool min_rating = false);

// A product's page in one statement (one round trip): the product (with its category, parent
// category and seller) as a row of kind 'p', then its media 'm', attribute values 'a' and variant
// values 'v' as rows of the same shape. ? = product_id four times. Primary keys. The product row
// ends with the kDetailStampColumns columns.
std::string product_detail();

// What a cached detail may change by without this node hearing of it (detail_cache.hpp): the
// product's revision (every product-service write bumps it), its stock (orders change it, and
// nothing else), the catalog revision (category renames, removed attributes) and the seller's
// names and photo. Seven columns, read together by detail_stamp() (product_reads.cpp).
inline constexpr std::size_t kDetailStampColumns = 7;
// Those columns after the product id, for the live products among ? = one id per `count`.
// Primary keys.
std::string detail_stamps(std::size_t count);

}  // namespace wolfix::catalog::queries
