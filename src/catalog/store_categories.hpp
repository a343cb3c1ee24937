#pragma once
// The catalog store layer, categories part: the tree's lists, the keys (attributes and
// variants) of child categories and the writes of CategoryService. Single category rows and
// the counters are in store.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.hpp"
#include "db/db.hpp"

namespace wolfix::catalog::store {

struct CategoryListRow {
  std::string id;
  std::string name;
  std::optional<std::string> photo_url;
};
// Live categories by name: the parents, the children of one parent, every child (no photos).
std::vector<CategoryListRow> parent_categories(db::Session& s);
std::vector<CategoryListRow> child_categories(db::Session& s, const std::string& parent_id);
std::vector<CategoryListRow> all_child_categories(db::Session& s);

// A child category's attribute keys (attribute) or variant keys, in id order.
std::vector<CategoryKey> category_keys(db::Session& s, const std::string& child_id, bool attribute);
int64_t count_category_keys(db::Session& s, const std::string& child_id, bool attribute);
// Each attribute of the child category with the distinct values live products give it.
std::vector<AttributeValues> attribute_values(db::Session& s, const std::string& child_id);

struct NewCategoryRow {
  std::string id;
  std::optional<std::string> parent_id;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> photo_url;
  std::optional<std::string> photo_path;
};
// db::UniqueViolation when a live category has the name.
void insert_category(db::Session& s, const NewCategoryRow& c, int64_t now_ms);
// db::UniqueViolation when the category has the key.
void insert_category_key(db::Session& s, const std::string& child_id, const std::string& key,
                         bool attribute);
// db::UniqueViolation when a live category has the name.
void update_category(db::Session& s, const std::string& id, const std::string& name,
                     const std::optional<std::string>& description);
// Soft deletion: the row stays, without its photo; its name becomes free.
void mark_category_deleted(db::Session& s, const std::string& id, int64_t now_ms);
// After a write that shows on many products' details (a category's name, a removed key): other
// nodes' cached details are checked by it (detail_cache.hpp).
void bump_catalog_revision(db::Session& s);
// False when the category has no such key.
bool delete_category_key(db::Session& s, const std::string& child_id, const std::string& key_id,
                         bool attribute);

}  // namespace wolfix::catalog::store
