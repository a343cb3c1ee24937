#include "catalog/store.hpp"

#include <algorithm>

#include "catalog/queries.hpp"
#include "common/errors.hpp"
#include "db/in_list.hpp"

namespace wolfix::catalog::store {

std::optional<CategoryRow> find_category(db::Session& s, const std::string& id, bool lock) {
  auto row = s.query_one(
      std::string("SELECT id, parent_id, name, description, photo_path, products_count FROM "
                  "categories WHERE id = ? AND deleted_at IS NULL") +
          (lock && s.is_postgres() ? " FOR UPDATE" : ""),
      {id});
  if (!row) return std::nullopt;
  return CategoryRow{row->str(0),     row->opt_str(1), row->str(2),
                     row->opt_str(3), row->opt_str(4), row->i64(5)};
}

bool has_live_children(db::Session& s, const std::string& category_id) {
  return s
      .query_one("SELECT 1 FROM categories WHERE parent_id = ? AND deleted_at IS NULL LIMIT 1",
                 {category_id})
      .has_value();
}

std::optional<CategoryPageHead> category_page_head(db::Session& s, const std::string& category_id) {
  auto row = s.query_one(
      "SELECT products_count, revision FROM categories WHERE id = ? AND deleted_at IS NULL",
      {category_id});
  if (!row) return std::nullopt;
  return CategoryPageHead{row->i64(0), row->i64(1)};
}

std::vector<CategoryStamp> category_stamps(db::Session& s, const std::vector<std::string>& ids) {
  std::vector<CategoryStamp> out;
  if (ids.empty()) return out;
  db::Params params(ids.begin(), ids.end());
  db::pad_in_list(params);
  std::string sql =
      "SELECT id, products_count, revision FROM categories WHERE deleted_at IS NULL AND id IN (" +
      db::placeholders(params.size()) + ")";
  for (const auto& r : s.query(sql, params))
    out.push_back({r.str(0), CategoryPageHead{r.i64(1), r.i64(2)}});
  return out;
}

void bump_category_of(db::Session& s, const std::string& product_id) {
  s.exec(
      "UPDATE categories SET revision = revision + 1 "
      "WHERE id = (SELECT category_id FROM products WHERE id = ?)",
      {product_id});
}

bool has_live_products(db::Session& s, const std::string& category_id) {
  return s
      .query_one("SELECT 1 FROM products WHERE category_id = ? AND deleted_at IS NULL LIMIT 1",
                 {category_id})
      .has_value();
}

std::optional<ProductRow> find_product(db::Session& s, const std::string& id) {
  auto row = s.query_one(
      "SELECT id, seller_id, category_id, price_minor, discount_percent, discount_expires_at, "
      "stock FROM products WHERE id = ? AND deleted_at IS NULL",
      {id});
  if (!row) return std::nullopt;
  ProductRow p{row->str(0),  row->str(1),     row->str(2), row->i64(3),
               std::nullopt, row->opt_i64(5), row->i64(6)};
  if (!row->is_null(4)) p.discount_percent = static_cast<int>(row->i64(4));
  return p;
}

ProductRow owned_product(db::Session& s, const std::string& id,
                         const std::string& seller_profile_id) {
  auto p = find_product(s, id);
  if (!p) throw not_found("Product with id: " + id + " not found", "product_not_found");
  if (p->seller_id != seller_profile_id)
    throw forbidden("This product belongs to another seller", "not_product_owner");
  return *p;
}

bool add_product_to_category(db::Session& s, const std::string& category_id) {
  return s.exec(
             "UPDATE categories SET products_count = products_count + 1, revision = revision + 1 "
             "WHERE id = ? AND deleted_at IS NULL",
             {category_id}) == 1;
}

void add_to_category_count(db::Session& s, const std::string& category_id, int64_t delta) {
  if (delta == 0) return;
  s.exec(
      "UPDATE categories SET products_count = products_count + ?, revision = revision + 1 "
      "WHERE id = ?",
      {delta, category_id});
}

void add_to_discounted_count(db::Session& s, int64_t delta) {
  if (delta == 0) return;
  s.exec("UPDATE catalog_counters SET value = value + ? WHERE name = 'discounted_products'",
         {delta});
}

int64_t discounted_count(db::Session& s) {
  auto row = s.query_one("SELECT value FROM catalog_counters WHERE name = 'discounted_products'");
  return row ? std::max<int64_t>(0, row->i64(0)) : 0;
}

void soft_delete_product(db::Session& s, const ProductRow& p, int64_t now_ms) {
  s.exec("DELETE FROM product_attribute_values WHERE product_id = ?", {p.id});
  s.exec("DELETE FROM product_variant_values WHERE product_id = ?", {p.id});
  s.exec(
      "UPDATE products SET deleted_at = ?, discount_percent = NULL, discount_expires_at = NULL, "
      "updated_at = ?, revision = revision + 1 WHERE id = ?",
      {now_ms, now_ms, p.id});
  add_to_category_count(s, p.category_id, -1);
  if (p.discount_percent) add_to_discounted_count(s, -1);
}

int64_t clear_expired_discounts(db::Session& s, int64_t now_ms) {
  // Their final prices change, and with them the price order of their categories' pages.
  s.exec(
      "UPDATE categories SET revision = revision + 1 WHERE id IN (SELECT category_id FROM "
      "products WHERE deleted_at IS NULL AND discount_expires_at IS NOT NULL "
      "AND discount_expires_at <= ?)",
      {now_ms});
  int64_t n = s.exec(
      "UPDATE products SET discount_percent = NULL, discount_expires_at = NULL, "
      "revision = revision + 1 "
      "WHERE deleted_at IS NULL AND discount_expires_at IS NOT NULL AND discount_expires_at <= ?",
      {now_ms});
  add_to_discounted_count(s, -n);
  return n;
}

std::optional<int64_t> next_discount_expiry(db::Session& s) {
  auto row = s.query_one(
      "SELECT MIN(discount_expires_at) FROM products "
      "WHERE deleted_at IS NULL AND discount_expires_at IS NOT NULL");
  return row ? row->opt_i64(0) : std::nullopt;
}

void recount(db::Session& s) {
  s.exec(
      "UPDATE categories SET revision = revision + 1, products_count = (SELECT COUNT(*) "
      "FROM products p WHERE p.category_id = categories.id AND p.deleted_at IS NULL)");
  s.exec(
      "UPDATE catalog_counters SET value = (SELECT COUNT(*) FROM products "
      "WHERE deleted_at IS NULL AND discount_percent IS NOT NULL) "
      "WHERE name = 'discounted_products'");
}

std::optional<Discount> discount_in(const db::Row& row, std::size_t percent_col) {
  if (row.is_null(percent_col) || row.is_null(percent_col + 1)) return std::nullopt;
  return Discount{static_cast<int>(row.i64(percent_col)), row.i64(percent_col + 1)};
}

std::vector<SearchRow> listed_for_search(db::Session& s, const std::string& after_id,
                                         int64_t limit) {
  std::vector<SearchRow> out;
  for (const auto& r : s.query(queries::listed_for_search(), {after_id, limit}))
    out.push_back({r.str(0), r.str(1), r.str(2), true, r.i64(3)});
  return out;
}

std::vector<SearchRow> search_rows(db::Session& s, const std::vector<std::string>& ids) {
  std::vector<SearchRow> out;
  if (ids.empty()) return out;
  db::Params params(ids.begin(), ids.end());
  for (const auto& r : s.query(queries::search_rows_by_ids(ids.size()), params))
    out.push_back({r.str(0), r.str(1), r.str(2), r.i64(3) != 0, r.i64(4)});
  return out;
}

std::vector<SearchRow> written_since(db::Session& s, int64_t since_ms) {
  std::vector<SearchRow> out;
  for (const auto& r : s.query(queries::written_since(), {since_ms}))
    out.push_back({r.str(0), r.str(1), r.str(2), r.i64(3) != 0, r.i64(4)});
  return out;
}

}  // namespace wolfix::catalog::store
