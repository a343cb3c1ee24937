#include "catalog/store_categories.hpp"

#include "common/uuid.hpp"

namespace wolfix::catalog::store {
namespace {

std::vector<CategoryListRow> list_rows(const db::Rows& rows, bool photos) {
  std::vector<CategoryListRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({r.str(0), r.str(1), photos ? r.opt_str(2) : std::nullopt});
  return out;
}

}  // namespace

std::vector<CategoryListRow> parent_categories(db::Session& s) {
  return list_rows(s.query("SELECT id, name, photo_url FROM categories WHERE parent_id IS NULL "
                           "AND deleted_at IS NULL ORDER BY name_lower"),
                   true);
}

std::vector<CategoryListRow> child_categories(db::Session& s, const std::string& parent_id) {
  return list_rows(s.query("SELECT id, name, photo_url FROM categories WHERE parent_id = ? AND "
                           "deleted_at IS NULL ORDER BY name_lower",
                           {parent_id}),
                   true);
}

std::vector<CategoryListRow> all_child_categories(db::Session& s) {
  return list_rows(s.query("SELECT id, name FROM categories WHERE parent_id IS NOT NULL AND "
                           "deleted_at IS NULL ORDER BY name_lower"),
                   false);
}

std::vector<CategoryKey> category_keys(db::Session& s, const std::string& child_id,
                                       bool attribute) {
  auto rows = s.query(
      attribute ? "SELECT id, attr_key FROM category_attributes WHERE category_id = ? ORDER BY id"
                : "SELECT id, variant_key FROM category_variants WHERE category_id = ? ORDER BY id",
      {child_id});
  std::vector<CategoryKey> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.str(0), r.str(1)});
  return out;
}

int64_t count_category_keys(db::Session& s, const std::string& child_id, bool attribute) {
  auto row =
      s.query_one(attribute ? "SELECT COUNT(*) FROM category_attributes WHERE category_id = ?"
                            : "SELECT COUNT(*) FROM category_variants WHERE category_id = ?",
                  {child_id});
  return row ? row->i64(0) : 0;
}

std::vector<AttributeValues> attribute_values(db::Session& s, const std::string& child_id) {
  // Deleted products have no attribute values left (soft_delete_product drops them), so the
  // distinct values come straight from the (attribute_id, value) index.
  auto rows = s.query(
      "SELECT a.id, a.attr_key, v.value FROM category_attributes a "
      "LEFT JOIN product_attribute_values v ON v.attribute_id = a.id "
      "WHERE a.category_id = ? GROUP BY a.id, a.attr_key, v.value ORDER BY a.id, v.value",
      {child_id});
  std::vector<AttributeValues> out;
  for (const auto& r : rows) {
    std::string id = r.str(0);
    if (out.empty() || out.back().attribute_id != id) out.push_back({id, r.str(1), {}});
    if (!r.is_null(2)) out.back().values.push_back(r.str(2));
  }
  return out;
}

void insert_category(db::Session& s, const NewCategoryRow& c, int64_t now_ms) {
  s.exec(
      "INSERT INTO categories (id, parent_id, name, name_lower, description, photo_url, "
      "photo_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {c.id, c.parent_id, c.name, fold_case(c.name), c.description, c.photo_url, c.photo_path,
       now_ms});
}

void insert_category_key(db::Session& s, const std::string& child_id, const std::string& key,
                         bool attribute) {
  s.exec(attribute
             ? "INSERT INTO category_attributes (id, category_id, attr_key) VALUES (?, ?, ?)"
             : "INSERT INTO category_variants (id, category_id, variant_key) VALUES (?, ?, ?)",
         {new_uuid_v7(), child_id, key});
}

void update_category(db::Session& s, const std::string& id, const std::string& name,
                     const std::optional<std::string>& description) {
  s.exec("UPDATE categories SET name = ?, name_lower = ?, description = ? WHERE id = ?",
         {name, fold_case(name), description, id});
}

void mark_category_deleted(db::Session& s, const std::string& id, int64_t now_ms) {
  s.exec("UPDATE categories SET deleted_at = ?, photo_url = NULL, photo_path = NULL WHERE id = ?",
         {now_ms, id});
}

void bump_catalog_revision(db::Session& s) {
  s.exec("UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1");
}

bool delete_category_key(db::Session& s, const std::string& child_id, const std::string& key_id,
                         bool attribute) {
  return s.exec(attribute ? "DELETE FROM category_attributes WHERE id = ? AND category_id = ?"
                          : "DELETE FROM category_variants WHERE id = ? AND category_id = ?",
                {key_id, child_id}) > 0;
}

}  // namespace wolfix::catalog::store
