#pragma once
// The SQL of every product listing, in one place so that the query-plan test
// (tests/api/catalog_query_plan_test.cpp) checks exactly what the service runs.
#include <cstddef>
#include <string>
#include <vector>

namespace wolfix::catalog::queries {

// ? = category_id, limit, offset. Index products_category_price.
std::string category_page();
// ? = now_ms, limit, offset. Index products_discount (scanned backwards).
std::string discount_page();
// ? = shuffle pivot, [category_id,] limit. ">=" from the pivot, or "<" for the wrap-around.
// Index products_shuffle / products_category_shuffle.
std::string random_from(bool in_category, bool wrap);
// ? = seller_id, category_id. Index products_seller_category.
std::string seller_count();
// ? = seller_id, category_id, limit, offset.
std::string seller_page();
// Search ranks at most this many matches, the most recently listed ones: a word found in a
// tenth of a million-product catalog would otherwise mean ranking 100 000 rows per request
// (three times the largest page, so a page is always the best of a wider set).
inline constexpr int kSearchCandidates = 300;
// SQLite: ? = fts5 query (model.hpp fts5_query, which also names the category), limit. FTS5
// index products_fts, read newest first.
std::string search_sqlite();
// PostgreSQL: ? = tsquery, tsquery, [category_id,] limit. GIN index products_search.
std::string search_postgres(bool in_category);
// ? = category_id, [min,] [max,] then per group: attribute_id and its values; limit, offset.
// Index products_category_price, with product_attribute_values' primary key for each group.
std::string filter(bool min_price, bool max_price, const std::vector<std::size_t>& group_sizes);

}  // namespace wolfix::catalog::queries
