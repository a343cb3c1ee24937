#include "seller/lookup.hpp"

#include "common/uuid.hpp"

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

void approve_category(db::Session& s, const std::string& seller_id, const std::string& category_id,
                      const std::string& name, int64_t now_ms) {
  s.exec(
      "INSERT INTO seller_categories (id, seller_id, category_id, name, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (seller_id, category_id) DO NOTHING",
      {new_uuid_v7(), seller_id, category_id, name, now_ms});
}

}  // namespace wolfix::seller
