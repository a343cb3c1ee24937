#include "catalog/category_service.hpp"

#include <set>

#include "catalog/model.hpp"
#include "catalog/store.hpp"
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

void write_full_list(JsonWriter& w, const db::Rows& rows, std::string_view origin) {
  w.begin_array();
  for (const auto& r : rows) {
    w.begin_object();
    w.field("id", r.str(0));
    w.field("name", r.str(1));
    w.key("photoUrl");
    if (r.is_null(2))
      w.null();
    else
      w.string(media::public_url(origin, r.str(2)));
    w.end_object();
  }
  w.end_array();
}

// [{id, <label>}] from rows of (id, text).
std::string id_text_list(const db::Rows& rows, const char* label) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : rows)
    w.begin_object().field("id", r.str(0)).field(label, r.str(1)).end_object();
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

// Lists with photos are kept per origin (their URLs are absolute on it).
std::optional<std::string> CategoryService::cached_parents_json(std::string_view origin) {
  return lists_.get("parents|" + std::string(origin), clock_.now_ms());
}

std::optional<std::string> CategoryService::cached_children_json(const std::string& parent_id,
                                                                 std::string_view origin) {
  return lists_.get("children|" + parent_id + "|" + std::string(origin), clock_.now_ms());
}

std::optional<std::string> CategoryService::cached_all_children_json() {
  return lists_.get("children", clock_.now_ms());
}

std::string CategoryService::parents_json(std::string_view origin) {
  return cached("parents|" + std::string(origin), [&] {
    auto rows = db_.read([](db::Session& s) {
      return s.query(
          "SELECT id, name, photo_url FROM categories WHERE parent_id IS NULL AND deleted_at IS "
          "NULL ORDER BY name_lower");
    });
    JsonWriter w;
    write_full_list(w, rows, origin);
    return w.take();
  });
}

std::string CategoryService::children_json(const std::string& parent_id, std::string_view origin) {
  return cached("children|" + parent_id + "|" + std::string(origin), [&] {
    auto rows = db_.read([&](db::Session& s) {
      if (!store::find_category(s, parent_id))
        throw not_found("Category with id: " + parent_id + " not found");
      return s.query(
          "SELECT id, name, photo_url FROM categories WHERE parent_id = ? AND deleted_at IS NULL "
          "ORDER BY name_lower",
          {parent_id});
    });
    JsonWriter w;
    write_full_list(w, rows, origin);
    return w.take();
  });
}

std::string CategoryService::all_children_json() {
  return cached("children", [&] {
    auto rows = db_.read([](db::Session& s) {
      return s.query(
          "SELECT id, name FROM categories WHERE parent_id IS NOT NULL AND deleted_at IS NULL "
          "ORDER BY name_lower");
    });
    return id_text_list(rows, "name");
  });
}

std::string CategoryService::attributes_json(const std::string& child_id) {
  return keys_json(child_id, true);
}

std::string CategoryService::variants_json(const std::string& child_id) {
  return keys_json(child_id, false);
}

std::string CategoryService::keys_json(const std::string& child_id, bool attribute) {
  auto rows = db_.read([&](db::Session& s) {
    child_or_404(s, child_id);
    return s.query(
        attribute
            ? "SELECT id, attr_key FROM category_attributes WHERE category_id = ? ORDER BY id"
            : "SELECT id, variant_key FROM category_variants WHERE category_id = ? ORDER BY id",
        {child_id});
  });
  return id_text_list(rows, "key");
}

std::string CategoryService::attributes_with_values_json(const std::string& child_id) {
  // Deleted products have no attribute values left (soft_delete_product drops them), so the
  // distinct values come straight from the (attribute_id, value) index.
  auto rows = db_.read([&](db::Session& s) {
    auto c = store::find_category(s, child_id);
    if (!c) throw not_found("Category with id: " + child_id + " not found");
    if (!c->is_child())
      throw bad_request("Category with id: " + child_id + " is not a child category");
    return s.query(
        "SELECT a.id, a.attr_key, v.value FROM category_attributes a "
        "LEFT JOIN product_attribute_values v ON v.attribute_id = a.id "
        "WHERE a.category_id = ? GROUP BY a.id, a.attr_key, v.value ORDER BY a.id, v.value",
        {child_id});
  });
  JsonWriter w;
  w.begin_array();
  std::string current;
  for (const auto& r : rows) {
    std::string id = r.str(0);
    if (id != current) {
      if (!current.empty()) w.end_array().end_object();
      current = id;
      w.begin_object().field("attributeId", id).field("key", r.str(1)).key("values").begin_array();
    }
    if (!r.is_null(2)) w.string(r.str(2));
  }
  if (!current.empty()) w.end_array().end_object();
  w.end_array();
  return w.take();
}

std::string CategoryService::add_parent(const CategoryInput& in, const http::MultipartPart* photo) {
  return add(std::nullopt, in, photo, {}, {});
}

std::string CategoryService::add_child(const std::string& parent_id, const CategoryInput& in,
                                       const http::MultipartPart* photo,
                                       const std::vector<std::string>& attribute_keys,
                                       const std::vector<std::string>& variant_keys) {
  return add(parent_id, in, photo, attribute_keys, variant_keys);
}

std::string CategoryService::add(const std::optional<std::string>& parent_id,
                                 const CategoryInput& in, const http::MultipartPart* photo,
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
      s.exec(
          "INSERT INTO categories (id, parent_id, name, name_lower, description, photo_url, "
          "photo_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, parent_id, in.name, fold_case(in.name), in.description,
           stored ? std::optional(stored->url) : std::nullopt,
           stored ? std::optional(stored->path) : std::nullopt, now});
      for (const auto& k : attribute_keys)
        s.exec("INSERT INTO category_attributes (id, category_id, attr_key) VALUES (?, ?, ?)",
               {new_uuid_v7(), id, k});
      for (const auto& k : variant_keys)
        s.exec("INSERT INTO category_variants (id, category_id, variant_key) VALUES (?, ?, ?)",
               {new_uuid_v7(), id, k});
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("category_exists", name_taken(in.name));
  }
  pending.keep();
  lists_.invalidate();
  return id;
}

std::string CategoryService::change(const std::string& id, bool child, const std::string& name,
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
      s.exec("UPDATE categories SET name = ?, name_lower = ?, description = ? WHERE id = ?",
             {name, fold_case(name), final_description, id});
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("category_exists", name_taken(name));
  }
  lists_.invalidate();
  if (shown_changed_) shown_changed_();
  JsonWriter w;
  w.begin_object()
      .field("name", name)
      .optional_field("description", final_description ? &*final_description : nullptr)
      .end_object();
  return w.take();
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
    s.exec("UPDATE categories SET deleted_at = ?, photo_url = NULL, photo_path = NULL WHERE id = ?",
           {now, id});
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
      auto count =
          s.query_one(attribute ? "SELECT COUNT(*) FROM category_attributes WHERE category_id = ?"
                                : "SELECT COUNT(*) FROM category_variants WHERE category_id = ?",
                      {child_id});
      if (count && count->i64(0) >= static_cast<int64_t>(kMaxKeysPerCategory))
        throw conflict("too_many_keys", std::string("A category has at most ") +
                                            std::to_string(kMaxKeysPerCategory) + " " + what +
                                            " keys");
      s.exec(attribute
                 ? "INSERT INTO category_attributes (id, category_id, attr_key) VALUES (?, ?, ?)"
                 : "INSERT INTO category_variants (id, category_id, variant_key) VALUES (?, ?, ?)",
             {new_uuid_v7(), child_id, key});
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
    int64_t n =
        s.exec(attribute ? "DELETE FROM category_attributes WHERE id = ? AND category_id = ?"
                         : "DELETE FROM category_variants WHERE id = ? AND category_id = ?",
               {key_id, child_id});
    if (n == 0)
      throw not_found(std::string(attribute ? "Attribute" : "Variant") + " with id: " + key_id +
                      " not found in this category");
  });
  if (shown_changed_) shown_changed_();
}

}  // namespace wolfix::catalog
