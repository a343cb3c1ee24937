#pragma once
// The catalog's SQL for single rows and the bookkeeping that must move with them: category and
// product lookups, the per-category and discounted-product counters, soft deletion, the rows the
// search index is built from.
//
// The catalog's store layer is this file and its parts, and all of the catalog's SQL is in it
// (scripts/check-module-boundaries.sh checks): store_stock.* (stock and sale facts, behind
// stock.hpp), store_products.* (product writes, the facts behind product_lookup.hpp, ratings.hpp
// and seller_products.hpp), store_categories.* (the tree, its keys, their writes), store_seed.*
// (the bulk loads of `wolfix seed`) and queries.* (the listings' statements, which
// product_reads.cpp runs itself: the fast path whose rows go straight to JSON).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/pricing.hpp"
#include "db/db.hpp"

namespace wolfix::catalog::store {

struct CategoryRow {
  std::string id;
  std::optional<std::string> parent_id;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> photo_path;
  int64_t products_count = 0;
  bool is_child() const { return parent_id.has_value(); }
};

// A live (not deleted) category. `lock`: on PostgreSQL the row stays locked (FOR UPDATE) until
// the transaction ends, so a concurrent deletion and an addition to the category serialize.
std::optional<CategoryRow> find_category(db::Session& s, const std::string& id, bool lock = false);
// Counts one more live product in a live category, inside the product's transaction. The UPDATE
// also locks the row, so a category being deleted at the same moment either sees the product
// (and refuses) or is seen deleted here (false: nothing changed).
bool add_product_to_category(db::Session& s, const std::string& category_id);
bool has_live_children(db::Session& s, const std::string& category_id);
// What a category page is computed from besides its products: the live products of a live
// category (its counter) and its revision (bumped by every write that changes what its pages
// show: migration 0260); nullopt when there is no such category.
struct CategoryPageHead {
  int64_t products_count = 0;
  int64_t revision = 0;
};
std::optional<CategoryPageHead> category_page_head(db::Session& s, const std::string& category_id);
// The same for several live categories, in one statement; deleted or unknown ones are absent.
struct CategoryStamp {
  std::string category_id;
  CategoryPageHead head;
};
std::vector<CategoryStamp> category_stamps(db::Session& s, const std::vector<std::string>& ids);
// Bumps the revision of the product's category (a write that shows on its pages), after the
// product's own row was written (rows are locked product first, category second).
void bump_category_of(db::Session& s, const std::string& product_id);
bool has_live_products(db::Session& s, const std::string& category_id);

struct ProductRow {
  std::string id;
  std::string seller_id;
  std::string category_id;
  int64_t price_minor = 0;
  std::optional<int> discount_percent;
  std::optional<int64_t> discount_expires_at;
  int64_t stock = 0;
};

// A live product.
std::optional<ProductRow> find_product(db::Session& s, const std::string& id);

// The live product `id`, which the seller `seller_profile_id` must own: 404 when it does not
// exist (or was deleted), 403 when it belongs to another seller.
ProductRow owned_product(db::Session& s, const std::string& id,
                         const std::string& seller_profile_id);

// Adds delta to a category's live-product count.
void add_to_category_count(db::Session& s, const std::string& category_id, int64_t delta);
// Adds delta to the number of live products with a discount set.
void add_to_discounted_count(db::Session& s, int64_t delta);
int64_t discounted_count(db::Session& s);

// Takes a live product out of the catalog: deleted_at set, discount, attribute and variant
// values dropped (reads never show deleted products), counters updated. Rows stay for order
// lines that refer to them.
void soft_delete_product(db::Session& s, const ProductRow& p, int64_t now_ms);

// Clears discounts that expired at or before now_ms; returns how many products changed.
int64_t clear_expired_discounts(db::Session& s, int64_t now_ms);
// The earliest expiry among live discounts, if any.
std::optional<int64_t> next_discount_expiry(db::Session& s);

// Recomputes every counter from the rows (after bulk loads such as the seed).
void recount(db::Session& s);

// What search indexes of a product (catalog/search_catalog.hpp).
struct SearchRow {
  std::string id;
  std::string category_id;
  std::string title;
  bool listed = true;  // false: deleted
  int64_t updated_at = 0;
};
// A product row's discount: the percent in column `percent_col`, its expiry in the next one;
// nullopt when either is NULL.
std::optional<Discount> discount_in(const db::Row& row, std::size_t percent_col);
// The columns every product read for sale starts with, in this order: id, seller_id, title,
// main_photo_url, price_minor, discount_percent, discount_expires_at. Fills the fields the
// product cards and the sale facts share, the final price at now_ms.
template <class Sale>
void read_sale_head(const db::Row& row, int64_t now_ms, Sale& out) {
  out.id = row.str(0);
  out.seller_id = row.str(1);
  out.title = row.str(2);
  out.main_photo_url = row.opt_str(3);
  out.price_minor = row.i64(4);
  out.final_price_minor = final_price(out.price_minor, discount_in(row, 5), now_ms);
}

// queries::listed_for_search and written_since.
std::vector<SearchRow> listed_for_search(db::Session& s, const std::string& after_id,
                                         int64_t limit);
std::vector<SearchRow> written_since(db::Session& s, int64_t since_ms);
std::vector<SearchRow> search_rows(db::Session& s, const std::vector<std::string>& ids);

}  // namespace wolfix::catalog::store
