#pragma once
// Categories: a two-level tree (parents and their children). Products, attributes and variants
// belong to child categories. Admins manage the tree; everyone reads it.
//
// Deleting a category that still has child categories or live products is refused with 409
// (Wolfix.Server cascades and silently deletes every product in it, which would also pull them
// out from under carts). An empty category is soft-deleted: it disappears from every read and
// its name becomes free again.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.hpp"
#include "catalog/page_cache.hpp"
#include "common/clock.hpp"
#include "common/upload.hpp"
#include "db/db.hpp"
#include "media/blob_store.hpp"

namespace wolfix::catalog {

struct CategoryInput {
  std::string name;
  std::optional<std::string> description;  // absent or non-blank
};

struct CategoryText {
  std::string name;
  std::optional<std::string> description;
};

class CategoryService {
 public:
  CategoryService(db::Database& db, Clock& clock, const media::BlobStore& blobs)
      : db_(db), clock_(clock), blobs_(blobs) {}

  // The tree's lists, as JSON: read on every storefront page, so they are rendered once and
  // kept as bytes (the catalog's cached fast path, like the product pages: page_cache.hpp).
  // photoUrl is made absolute on `origin` (http::Request::origin); lists are cached per origin.
  std::string parents_json(std::string_view origin);  // [{id,name,photoUrl}]
  std::string children_json(const std::string& parent_id,
                            std::string_view origin);  // [{id,name,photoUrl}]; 404
  std::string all_children_json();                     // [{id,name}]
  // The three lists above from the cache only, never blocking (safe on an io thread): nullopt
  // on a miss.
  std::optional<CachedAnswer> cached_parents_json(std::string_view origin);
  std::optional<CachedAnswer> cached_children_json(const std::string& parent_id,
                                                   std::string_view origin);
  std::optional<CachedAnswer> cached_all_children_json();

  // A child category's keys, in id order; 404.
  std::vector<CategoryKey> attributes(const std::string& child_id);
  std::vector<CategoryKey> variants(const std::string& child_id);
  // Each attribute with the values of live products; 404 unknown, 400 not a child.
  std::vector<AttributeValues> attributes_with_values(const std::string& child_id);

  // Returns the new category's id. photo may be null.
  std::string add_parent(const CategoryInput& in, const UploadedFile* photo);
  std::string add_child(const std::string& parent_id, const CategoryInput& in,
                        const UploadedFile* photo, const std::vector<std::string>& attribute_keys,
                        const std::vector<std::string>& variant_keys);
  // Renames / re-describes a parent (child = false) or child category; returns what it now
  // says. description: nullopt = keep, a null inside = remove.
  CategoryText change(const std::string& id, bool child, const std::string& name,
                      const std::optional<std::optional<std::string>>& description);
  void remove(const std::string& id);

  void add_attribute(const std::string& child_id, const std::string& key);
  void remove_attribute(const std::string& child_id, const std::string& attribute_id);
  void add_variant(const std::string& child_id, const std::string& key);
  void remove_variant(const std::string& child_id, const std::string& variant_id);

  // Called after a committed change that product pages show (a category's name, a removed
  // attribute or variant), so the product service drops what it cached on this node.
  void on_products_shown_changed(std::function<void()> f) { shown_changed_ = std::move(f); }

 private:
  std::string add(const std::optional<std::string>& parent_id, const CategoryInput& in,
                  const UploadedFile* photo, const std::vector<std::string>& attribute_keys,
                  const std::vector<std::string>& variant_keys);
  // attribute: category_attributes, else category_variants.
  std::vector<CategoryKey> keys(const std::string& child_id, bool attribute);
  void add_key(const std::string& child_id, const std::string& key, bool attribute);
  void remove_key(const std::string& child_id, const std::string& key_id, bool attribute);

  template <class F>
  std::string cached(const std::string& key, F&& compute);
  template <class Compute>
  std::optional<CachedAnswer> cached_only(const std::string& key, Compute compute);
  std::string parents_uncached(std::string_view origin);
  std::string children_uncached(const std::string& parent_id, std::string_view origin);
  std::string all_children_uncached();

  db::Database& db_;
  Clock& clock_;
  const media::BlobStore& blobs_;
  PageCache lists_;  // parent and child lists, read on every storefront page
  std::function<void()> shown_changed_;
};

}  // namespace wolfix::catalog
