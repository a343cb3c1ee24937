#include "catalog/category_lookup.hpp"

namespace wolfix::catalog {

std::optional<CategoryFacts> find_category(db::Session& s, const std::string& id) {
  auto row = s.query_one(
      "SELECT id, parent_id, name FROM categories WHERE id = ? AND deleted_at IS NULL", {id});
  if (!row) return std::nullopt;
  return CategoryFacts{row->str(0), row->opt_str(1), row->str(2)};
}

}  // namespace wolfix::catalog
