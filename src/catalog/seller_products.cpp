#include "catalog/seller_products.hpp"

namespace wolfix::catalog {

int64_t remove_seller_products(db::Session& s, const std::string& seller_id, int64_t now_ms) {
  // Set-based, so a seller with a hundred thousand products is a handful of statements.
  s.exec(
      "UPDATE categories SET products_count = products_count - (SELECT COUNT(*) FROM products p "
      "WHERE p.category_id = categories.id AND p.seller_id = ? AND p.deleted_at IS NULL) "
      "WHERE id IN (SELECT category_id FROM products WHERE seller_id = ? AND deleted_at IS NULL)",
      {seller_id, seller_id});
  s.exec(
      "UPDATE catalog_counters SET value = value - (SELECT COUNT(*) FROM products "
      "WHERE seller_id = ? AND deleted_at IS NULL AND discount_percent IS NOT NULL) "
      "WHERE name = 'discounted_products'",
      {seller_id});
  s.exec(
      "DELETE FROM product_attribute_values WHERE product_id IN "
      "(SELECT id FROM products WHERE seller_id = ? AND deleted_at IS NULL)",
      {seller_id});
  s.exec(
      "DELETE FROM product_variant_values WHERE product_id IN "
      "(SELECT id FROM products WHERE seller_id = ? AND deleted_at IS NULL)",
      {seller_id});
  return s.exec(
      "UPDATE products SET deleted_at = ?, discount_percent = NULL, discount_expires_at = NULL, "
      "updated_at = ? WHERE seller_id = ? AND deleted_at IS NULL",
      {now_ms, now_ms, seller_id});
}

}  // namespace wolfix::catalog
