#include "catalog/category_lookup.hpp"

#include "catalog/store.hpp"

namespace wolfix::catalog {

std::optional<CategoryFacts> find_category(db::Session& s, const std::string& id) {
  auto row = store::find_category(s, id);
  if (!row) return std::nullopt;
  return CategoryFacts{row->id, row->parent_id, row->name};
}

}  // namespace wolfix::catalog
