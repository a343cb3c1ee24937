#pragma once
// Read-only category facts for other modules (seller applications name a child category).
#include <optional>
#include <string>

#include "db/db.hpp"

namespace wolfix::catalog {

struct CategoryFacts {
  std::string id;
  std::optional<std::string> parent_id;  // absent for a parent category
  std::string name;

  bool is_child() const { return parent_id.has_value(); }
};

// Live categories only: a deleted category (soft-deleted by the catalog) is not found.
std::optional<CategoryFacts> find_category(db::Session& s, const std::string& id);

}  // namespace wolfix::catalog
