#include "catalog/category_service.hpp"

#include <set>

#include "catalog/model.hpp"
#include "catalog/store.hpp"
#include "catalog/store_categories.hpp"
#include "common/errors.hpp"
#include "common/json_writer.hpp"
#include "common/uuid.hpp"
#include "media/public_url.hpp"
#include "media/uploads.hpp"

namespace wolfix::catalog {
namespace {

void check_description(FieldErrors& errors, const std::optional<std::string>& d) {
  if (d) check_text(errors, "description", *d, kMaxCategoryDescription);
}

// The cached lists' JSON: [{id, name, photoUrl}] or, without photos, [{id, name}].
std::string list_json(const std::vector<store::CategoryListRow>& rows, bool photos,
                      std::string_view origin) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : rows) {
    w.begin_object();
    w.field("id", r.id);
    w.field("name", r.name);
    if (photos) {
      w.key("photoUrl");
      if (!r.photo_url)
        w.null();
      else
        w.string(media::public_url(origin, *r.photo_url));
    }
    w.end_object();
  }
  w.end_array();
  return w.take();
}

std::string name_taken(const std::string& name) {
  return "Category with name: " + name + " already exists";
}

store::CategoryRow child_or_404(db::Session& s, const std::string& id) {
  auto c = store::find_category(s, id);
  if (!c || !c->is_child()) throw not_found("Child category with id: " + id + " not found");
  return *c;
}

}  // namespace

template <class F>
std::string CategoryService::cached(const std::string& key, F&& compute) {
  return lists_.get_or_compute(key, clock_.now_ms(), INT64_MAX, compute);
}

// An io thread's answer; when it is handed the list's recomputation, `compute` (owning its
// arguments) does it on the worker pool.
template <class Compute>
std::optional<CachedAnswer> CategoryService::cached_only(const std::string& key, Compute compute) {
  return lists_.answer(key, clock_.now_ms(), [&](uint64_t generation) {
    return [this, key, generation, compute = std::move(compute)] {
      lists_.refresh(key, generation, INT64_MAX, compute);
    };
  });
}

// Lists with photos are kept per origin (their URLs are absolute on it).
std::optional<CachedAnswer> CategoryService::cached_parents_json(std::string_view origin) {
  return cached_only("parents|" + std::string(origin),
                     [this, origin = std::string(origin)] { return parents_uncached(origin); });
}

std::optional<CachedAnswer> CategoryService::cached_children_json(const std::string& parent_id,
                                                                  std::string_view origin) {
  return cached_only("children|" + parent_id + "|" + std::string(origin),
                     [this, parent_id, origin = std::string(origin)] {
                       return children_uncached(parent_id, origin);
                     });
}

std::optional<CachedAnswer> CategoryService::cached_all_children_json() {
  return cached_only("children", [this] { return all_children_uncached(); });
}

std::string CategoryService::parents_json(std::string_view origin) {
  return cached("parents|" + std::string(origin), [&] { return parents_uncached(origin); });
}

std::string CategoryService::children_json(const std::string& parent_id, std::string_view origin) {
  return cached("children|" + parent_id + "|" + std::string(origin),
                [&] { return children_uncached(parent_id, origin); });
}

std::string CategoryService::all_children_json() {
  return cached("children", [&] { return all_children_uncached(); });
}

std::string CategoryService::parents_uncached(std::string_view origin) {
  auto rows = db_.read([](db::Session& s) { return store::parent_categories(s); });
  return list_json(rows, true, origin);
}

std::string CategoryService::children_uncached(const std::string& parent_id,
                                               std::string_view origin) {
  auto rows = db_.read([&](db::Session& s) {
    if (!store::find_category(s, parent_id))
      throw not_found("Category with id: " + parent_id + " not found");
    return store::child_categories(s, parent_id);
  });
  return list_json(rows, true, origin);
}

std::string CategoryService::all_children_uncached() {
  auto rows = db_.read([](db::Session& s) { return store::all_child_categories(s); });
  return list_json(rows, false, {});
}

std::vector<CategoryKey> CategoryService::attributes(const std::string& child_id) {
  return keys(child_id, true);
}

std::vector<CategoryKey> CategoryService::variants(const std::string& child_id) {
  return keys(child_id, false);
}

std::vector<CategoryKey> CategoryService::keys(const std::string& child_id, bool attribute) {
  return db_.read([&](db::Session& s) {
    child_or_404(s, child_id);
    return store::category_keys(s, child_id, attribute);
  });
}

std::vector<AttributeValues> CategoryService::attributes_with_values(const std::string& child_id) {
  return db_.read([&](db::Session& s) {
    auto c = store::find_category(s, child_id);
    if (!c) throw not_found("Category with id: " + child_id + " not found");
    if (!c->is_child())
      throw bad_request("Category with id: " + child_id + " is not a child category");
    return store::attribute_values(s, child_id);
  });
}

std::string CategoryService::add_parent(const CategoryInput& in, const UploadedFile* photo) {
  return add(std::nullopt, in, photo, {}, {});
}

std::string CategoryService::add_child(const std::string& parent_id, const CategoryInput& in,
                                       const UploadedFile* photo,
                                       const std::vector<std::string>& attribute_keys,
                                       const std::vector<std::string>& variant_keys) {
  return add(parent_id, in, photo, attribute_keys, variant_keys);
}

std::string CategoryService::add(const std::optional<std::string>& parent_id,
                                 const CategoryInput& in, const UploadedFile* photo,
                                 const std::vector<std::string>& attribute_keys,
                                 const std::vector<std::string>& variant_keys) {
  FieldErrors errors;
  check_text(errors, "name", in.name, kMaxCategoryName);
  check_description(errors, in.description);
  auto check_keys = [&](const char* field, const std::vector<std::string>& keys) {
    if (keys.size() > kMaxKeysPerCategory)
      errors[field].push_back("at most " + std::to_string(kMaxKeysPerCategory) + " keys");
    for (const auto& k : keys) check_text(errors, field, k, kMaxKey);
  };
  check_keys("attributeKeys", attribute_keys);
  check_keys("variantKeys", variant_keys);
  if (!errors.empty()) throw validation_failed(errors);
  auto duplicate = [](const std::vector<std::string>& keys) -> const std::string* {
    std::set<std::string> seen;
    for (const auto& k : keys)
      if (!seen.insert(k).second) return &k;
    return nullptr;
  };
  if (auto* d = duplicate(attribute_keys))
    throw conflict("duplicate_key", "Attribute key: " + *d + " is repeated");
  if (auto* d = duplicate(variant_keys))
    throw conflict("duplicate_key", "Variant key: " + *d + " is repeated");

  media::PendingBlobs pending(blobs_);
  std::optional<media::StoredMedia> stored;
  if (photo) {
    stored = media::store_upload(blobs_, *photo, "photo", {media::Kind::photo});
    pending.add(stored->path);
  }
  std::string id = new_uuid_v7();
  int64_t now = clock_.now_ms();
  try {
    db_.write([&](db::Session& s) {
      if (parent_id) {
        auto parent = store::find_category(s, *parent_id, true);
        if (!parent) throw not_found("Parent category with id: " + *parent_id + " not found");
        if (parent->is_child())
          throw conflict("not_a_parent",
                         "Category with id: " + *parent_id + " already has a parent");
      }
      store::insert_category(s,
                             {id, parent_id, in.name, in.description,
                              stored ? std::optional(stored->url) : std::nullopt,
                              stored ? std::optional(stored->path) : std::nullopt},
                             now);
      for (const auto& k : attribute_keys) store::insert_category_key(s, id, k, true);
      for (const auto& k : variant_keys) store::insert_category_key(s, id, k, false);
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("category_exists", name_taken(in.name));
  }
  pending.keep();
  lists_.invalidate();
  return id;
}

CategoryText CategoryService::change(const std::string& id, bool child, const std::string& name,
                                     const std::optional<std::optional<std::string>>& description) {
  FieldErrors errors;
  check_text(errors, "name", name, kMaxCategoryName);
  if (description) check_description(errors, *description);
  if (!errors.empty()) throw validation_failed(errors);
  std::optional<std::string> final_description;
  try {
    db_.write([&](db::Session& s) {
      auto c = store::find_category(s, id);
      if (!c) throw not_found("Category with id: " + id + " not found");
      if (child && !c->is_child())
        throw conflict("not_a_child", "Category with id: " + id + " is not a child category");
      if (!child && c->is_child())
        throw conflict("not_a_parent", "Category with id: " + id + " is not a parent category");
      final_description = description ? *description : c->description;
      store::update_category(s, id, name, final_description);
      store::bump_catalog_revision(s);  // shows on its products' details
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("category_exists", name_taken(name));
  }
  lists_.invalidate();
  if (shown_changed_) shown_changed_();
  return CategoryText{name, final_description};
}

void CategoryService::remove(const std::string& id) {
  std::optional<std::string> photo;
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto c = store::find_category(s, id, true);  // locked: no product or child slips in
    if (!c) throw not_found("Category with id: " + id + " not found");
    if (store::has_live_children(s, id))
      throw conflict("category_has_children",
                     "Category " + c->name + " has child categories; delete them first");
    if (store::has_live_products(s, id))
      throw conflict("category_has_products",
                     "Category " + c->name + " still has products; move or delete them first");
    store::mark_category_deleted(s, id, now);
    photo = c->photo_path;
  });
  lists_.invalidate();
  if (photo) blobs_.remove(*photo);
}

void CategoryService::add_attribute(const std::string& child_id, const std::string& key) {
  add_key(child_id, key, true);
}
void CategoryService::add_variant(const std::string& child_id, const std::string& key) {
  add_key(child_id, key, false);
}
void CategoryService::remove_attribute(const std::string& child_id, const std::string& id) {
  remove_key(child_id, id, true);
}
void CategoryService::remove_variant(const std::string& child_id, const std::string& id) {
  remove_key(child_id, id, false);
}

void CategoryService::add_key(const std::string& child_id, const std::string& key, bool attribute) {
  FieldErrors errors;
  check_text(errors, "key", key, kMaxKey);
  if (!errors.empty()) throw validation_failed(errors);
  const char* what = attribute ? "Attribute" : "Variant";
  try {
    db_.write([&](db::Session& s) {
      auto c = store::find_category(s, child_id);
      if (!c) throw not_found("Category with id: " + child_id + " not found");
      if (!c->is_child())
        throw conflict("not_a_child", "Category with id: " + child_id + " is not a child category");
      if (store::count_category_keys(s, child_id, attribute) >=
          static_cast<int64_t>(kMaxKeysPerCategory))
        throw conflict("too_many_keys", std::string("A category has at most ") +
                                            std::to_string(kMaxKeysPerCategory) + " " + what +
                                            " keys");
      store::insert_category_key(s, child_id, key, attribute);
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("key_exists", std::string(what) + " with key: " + key + " already exists");
  }
}

void CategoryService::remove_key(const std::string& child_id, const std::string& key_id,
                                 bool attribute) {
  db_.write([&](db::Session& s) {
    auto c = store::find_category(s, child_id);
    if (!c || !c->is_child()) throw not_found("Child category with id: " + child_id + " not found");
    if (!store::delete_category_key(s, child_id, key_id, attribute))
      throw not_found(std::string(attribute ? "Attribute" : "Variant") + " with id: " + key_id +
                      " not found in this category");
    store::bump_catalog_revision(s);  // its values leave the category's product details
  });
  if (shown_changed_) shown_changed_();
}

}  // namespace wolfix::catalog
