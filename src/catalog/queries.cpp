#include "catalog/queries.hpp"

#include "catalog/listing.hpp"
#include "db/in_list.hpp"

namespace wolfix::catalog::queries {
namespace {
const std::string kSelect = std::string("SELECT ") + kShortColumns;
}

std::string category_page() {
  return kSelect +
         " FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL "
         "ORDER BY p.final_price_minor, p.id LIMIT ? OFFSET ?";
}

std::string category_page_after() {
  return kSelect +
         " FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL "
         "AND (p.final_price_minor, p.id) > (?, ?) "
         "ORDER BY p.final_price_minor, p.id LIMIT ? OFFSET ?";
}

std::string category_key_at(bool after) {
  return std::string(
             "SELECT p.final_price_minor, p.id FROM products p WHERE p.category_id = ? "
             "AND p.deleted_at IS NULL") +
         (after ? " AND (p.final_price_minor, p.id) > (?, ?)" : "") +
         " ORDER BY p.final_price_minor, p.id LIMIT ? OFFSET ?";
}

std::string category_page_rated(bool by_rating, bool min_rating) {
  return kSelect + " FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL" +
         (min_rating ? " AND p.average_rating >= ?" : "") +
         (by_rating ? " ORDER BY p.average_rating DESC, p.id DESC"
                    : " ORDER BY p.final_price_minor, p.id") +
         " LIMIT ? OFFSET ?";
}

std::string category_rated_count() {
  return "SELECT COUNT(*) FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL "
         "AND p.average_rating >= ?";
}

std::string discount_page() {
  // The unary + keeps the expiry out of index selection: scanning the discounted products by
  // percent reads a page and stops, where the expiry index would sort every live discount.
  return kSelect +
         " FROM products p WHERE p.deleted_at IS NULL AND p.discount_percent IS NOT NULL "
         "AND +p.discount_expires_at > ? "
         "ORDER BY p.discount_percent DESC, p.id DESC LIMIT ? OFFSET ?";
}

std::string random_from(bool in_category, bool wrap) {
  return kSelect + " FROM products p WHERE p.deleted_at IS NULL AND p.shuffle_key " +
         (wrap ? "<" : ">=") + " ?" + (in_category ? " AND p.category_id = ?" : "") +
         " ORDER BY p.shuffle_key LIMIT ?";
}

std::string seller_count() {
  return "SELECT COUNT(*) FROM products p WHERE p.seller_id = ? AND p.category_id = ? "
         "AND p.deleted_at IS NULL";
}

std::string seller_page() {
  return kSelect +
         " FROM products p WHERE p.seller_id = ? AND p.category_id = ? AND p.deleted_at IS NULL "
         "ORDER BY p.id DESC LIMIT ? OFFSET ?";
}

std::string listed_for_search() {
  return "SELECT p.id, p.category_id, p.title, p.updated_at FROM products p "
         "WHERE p.deleted_at IS NULL AND p.id > ? ORDER BY p.id LIMIT ?";
}

std::string written_since() {
  return "SELECT p.id, p.category_id, p.title, p.deleted_at IS NULL, p.updated_at FROM products p "
         "WHERE p.updated_at >= ? ORDER BY p.updated_at, p.id";
}

std::string search_rows_by_ids(std::size_t count) {
  return "SELECT p.id, p.category_id, p.title, p.deleted_at IS NULL, p.updated_at FROM products p "
         "WHERE p.id IN (" +
         db::placeholders(count) + ")";
}

std::string products_by_ids(std::size_t count) {
  std::string sql = kSelect + " FROM products p WHERE p.deleted_at IS NULL AND p.id IN (";
  for (std::size_t i = 0; i < count; ++i) sql += i ? ", ?" : "?";
  return sql + ")";
}

std::string filter(bool min_price, bool max_price, const std::vector<std::size_t>& group_sizes,
                   bool by_rating, bool min_rating) {
  std::string sql = kSelect + " FROM products p WHERE p.category_id = ? AND p.deleted_at IS NULL";
  if (min_price) sql += " AND p.final_price_minor >= ?";
  if (max_price) sql += " AND p.final_price_minor <= ?";
  if (min_rating) sql += " AND p.average_rating >= ?";
  for (std::size_t n : group_sizes) {
    // "OFFSET 0" (after the LIMIT SQLite requires before it) keeps PostgreSQL from turning the
    // condition into a join that starts from every product with the value (tens of thousands at a
    // million products, then sorted): the products are read in price order and each is checked,
    // until the page is full.
    sql +=
        " AND EXISTS (SELECT 1 FROM product_attribute_values v WHERE v.product_id = p.id "
        "AND v.attribute_id = ? AND v.value IN (";
    for (std::size_t i = 0; i < n; ++i) sql += i ? ", ?" : "?";
    sql += ") LIMIT 1 OFFSET 0)";
  }
  return sql +
         (by_rating ? " ORDER BY p.average_rating DESC, p.id DESC"
                    : " ORDER BY p.final_price_minor, p.id") +
         " LIMIT ? OFFSET ?";
}

namespace {
const char* const kStampSelect =
    "p.revision, p.stock, g.revision, s.first_name, s.last_name, s.middle_name, s.photo_url";
const char* const kStampJoins =
    " JOIN catalog_revision g ON g.id = 1 LEFT JOIN sellers s ON s.id = p.seller_id ";
}  // namespace

std::string product_detail() {
  std::string nulls;
  for (std::size_t i = 0; i < 17 + kDetailStampColumns; ++i) nulls += ", NULL";
  return std::string("SELECT 'p', p.id, p.title, p.description, p.price_minor, ") +
         "p.discount_percent, p.discount_expires_at, p.status, p.bonuses_minor, p.reviews_count, "
         "p.average_rating, p.stock, c.id, c.name, pc.id, pc.name, s.id, s.first_name, "
         "s.last_name, s.middle_name, s.photo_url, p.category_id, p.track_stock, " +
         kStampSelect +
         " FROM products p JOIN categories c ON c.id = p.category_id "
         "LEFT JOIN categories pc ON pc.id = c.parent_id" +
         kStampJoins +
         "WHERE p.id = ? AND p.deleted_at IS NULL "
         "UNION ALL SELECT 'm', id, url, content_type, is_main, created_at" +
         nulls +
         " FROM product_media WHERE product_id = ? "
         "UNION ALL SELECT 'a', a.id, a.attr_key, v.value, 0, 0" +
         nulls +
         " FROM product_attribute_values v JOIN category_attributes a ON a.id = v.attribute_id "
         "WHERE v.product_id = ? "
         "UNION ALL SELECT 'v', cv.id, cv.variant_key, vv.value, 0, 0" +
         nulls +
         " FROM product_variant_values vv JOIN category_variants cv ON cv.id = vv.variant_id "
         "WHERE vv.product_id = ? "
         "ORDER BY 1, 5 DESC, 6, 2";
}

std::string detail_stamps(std::size_t count) {
  return std::string("SELECT p.id, ") + kStampSelect + " FROM products p" + kStampJoins +
         "WHERE p.deleted_at IS NULL AND p.id IN (" + db::placeholders(count) + ")";
}

}  // namespace wolfix::catalog::queries
