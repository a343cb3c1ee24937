#include "seller/lookup.hpp"

namespace wolfix::seller {

bool is_active_seller(db::Session& s, const std::string& seller_id) {
  return s.query_one("SELECT 1 FROM sellers WHERE id = ? AND deleted_at IS NULL", {seller_id})
      .has_value();
}

bool seller_has_category(db::Session& s, const std::string& seller_id,
                         const std::string& category_id) {
  return s
      .query_one(
          "SELECT 1 FROM seller_categories sc JOIN sellers se ON se.id = sc.seller_id "
          "WHERE sc.seller_id = ? AND sc.category_id = ? AND se.deleted_at IS NULL",
          {seller_id, category_id})
      .has_value();
}

}  // namespace wolfix::seller
