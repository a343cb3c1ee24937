#include "catalog/cached_response.hpp"
#include "catalog/model.hpp"
#include "catalog/path_params.hpp"
#include "catalog/routes.hpp"
#include "common/errors.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/role.hpp"
#include "http/multipart.hpp"

namespace wolfix::catalog {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

Access admins() {
  return only({Role::admin, Role::super_admin});
}

// A JSON member looked up case-insensitively, null included (JsonFields treats null as absent,
// but for a description null means "remove it").
const boost::json::value* member(const boost::json::object& obj, std::string_view name) {
  for (const auto& kv : obj) {
    std::string_view k = kv.key();
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      return &kv.value();
  }
  return nullptr;
}

// The multipart body of a category creation: name, description?, photo?.
struct CategoryForm {
  http::MultipartForm form;
  CategoryInput input;
  const http::MultipartPart* photo = nullptr;
};

CategoryForm read_category_form(const Request& req) {
  CategoryForm f{http::MultipartForm::parse(req), {}, nullptr};
  auto name = f.form.field("name");
  if (!name) throw invalid_field("name", "is required");
  f.input.name = trim_text(*name);
  if (auto d = f.form.field("description"); d && !d->empty()) f.input.description = trim_text(*d);
  auto photos = f.form.files("photo");
  if (photos.size() > 1) throw invalid_field("photo", "send one photo");
  // Browsers send an empty file part when no file was chosen: that is "no photo".
  if (!photos.empty() && !photos.front()->data.empty()) f.photo = photos.front();
  return f;
}

Response change_category(CategoryService& svc, Request& req, const std::string& param, bool child) {
  auto id = path_id(req, param);
  auto body = req.json_object();
  JsonFields f(body);
  auto name = f.required_string("name", 4 * kMaxCategoryName);
  std::optional<std::optional<std::string>> description;
  if (const auto* d = member(body, "description")) {
    if (d->is_null())
      description.emplace(std::nullopt);
    else if (d->is_string())
      description.emplace(trim_text(std::string(d->as_string())));
    else
      f.fail("description", "must be a string or null");
  }
  f.finish();
  auto text = svc.change(id, child, trim_text(name), description);
  JsonWriter w;
  w.begin_object()
      .field("name", text.name)
      .optional_field("description", text.description ? &*text.description : nullptr)
      .end_object();
  return Response::raw_json(w.take());
}

// [{id, key}]
Response keys_response(const std::vector<CategoryKey>& keys) {
  JsonWriter w;
  w.begin_array();
  for (const auto& k : keys) w.begin_object().field("id", k.id).field("key", k.key).end_object();
  w.end_array();
  return Response::raw_json(w.take());
}

// [{attributeId, key, values[]}]
Response attribute_values_response(const std::vector<AttributeValues>& attributes) {
  JsonWriter w;
  w.begin_array();
  for (const auto& a : attributes) {
    w.begin_object().field("attributeId", a.attribute_id).field("key", a.key);
    w.key("values").begin_array();
    for (const auto& v : a.values) w.string(v);
    w.end_array().end_object();
  }
  w.end_array();
  return Response::raw_json(w.take());
}

std::string key_of(Request& req) {
  auto body = req.json_object();
  JsonFields f(body);
  auto key = f.required_string("key", 4 * kMaxKey);
  f.finish();
  return trim_text(key);
}

}  // namespace

void register_category_routes(http::Router& router, CategoryService& svc) {
  const std::string base = "/api/categories";
  // Reads. Wolfix.Server's withCaching query is accepted and ignored: every change drops the
  // cached lists, so an admin's change is visible at once (S26).
  // A cached list is answered on the io thread, a miss on the worker pool.
  router.add(
      Method::get, base + "/parent", Access::anyone(),
      [&svc](Request& req) { return cached_response(svc.cached_parents_json(req.origin)); },
      [&svc](Request& req) { return Response::raw_json(svc.parents_json(req.origin)); });
  router.add(
      Method::get, base + "/child", Access::anyone(),
      [&svc](Request&) { return cached_response(svc.cached_all_children_json()); },
      [&svc](Request&) { return Response::raw_json(svc.all_children_json()); });
  router.add(
      Method::get, base + "/child/{parentId}", Access::anyone(),
      [&svc](Request& req) {
        return cached_response(svc.cached_children_json(path_id(req, "parentId"), req.origin));
      },
      [&svc](Request& req) {
        return Response::raw_json(svc.children_json(path_id(req, "parentId"), req.origin));
      });
  router.add(Method::get, base + "/child/{childId}/attributes",
             only({Role::seller, Role::admin, Role::super_admin}), [&svc](Request& req) {
               return keys_response(svc.attributes(path_id(req, "childId")));
             });
  router.add(Method::get, base + "/child/{childId}/variants",
             only({Role::seller, Role::admin, Role::super_admin}),
             [&svc](Request& req) { return keys_response(svc.variants(path_id(req, "childId"))); });
  router.add(
      Method::get, base + "/child/{childId}/attributes-with-values", Access::anyone(),
      [&svc](Request& req) {
        return attribute_values_response(svc.attributes_with_values(path_id(req, "childId")));
      });

  // Management (Admin).
  router.add_upload(Method::post, base, admins(), [&svc](Request& req) {
    auto f = read_category_form(req);
    svc.add_parent(f.input, f.photo);
    return Response::no_content();
  });
  router.add_upload(Method::post, base + "/{parentId}", admins(), [&svc](Request& req) {
    auto parent = path_id(req, "parentId");
    auto f = read_category_form(req);
    std::vector<std::string> attributes, variants;
    for (auto& k : f.form.fields("attributeKeys")) attributes.push_back(trim_text(k));
    for (auto& k : f.form.fields("variantKeys")) variants.push_back(trim_text(k));
    svc.add_child(parent, f.input, f.photo, attributes, variants);
    return Response::no_content();
  });
  router.add(Method::patch, base + "/{categoryId}", admins(),
             [&svc](Request& req) { return change_category(svc, req, "categoryId", false); });
  router.add(Method::patch, base + "/child/{childCategoryId}", admins(),
             [&svc](Request& req) { return change_category(svc, req, "childCategoryId", true); });
  router.add(Method::del, base + "/{categoryId}", admins(), [&svc](Request& req) {
    svc.remove(path_id(req, "categoryId"));
    return Response::no_content();
  });
  router.add(Method::post, base + "/child/{childCategoryId}/attributes", admins(),
             [&svc](Request& req) {
               auto id = path_id(req, "childCategoryId");
               svc.add_attribute(id, key_of(req));
               return Response::no_content();
             });
  router.add(Method::del, base + "/child/{childCategoryId}/attributes/{attributeId}", admins(),
             [&svc](Request& req) {
               svc.remove_attribute(path_id(req, "childCategoryId"), path_id(req, "attributeId"));
               return Response::no_content();
             });
  router.add(Method::post, base + "/child/{childCategoryId}/variants", admins(),
             [&svc](Request& req) {
               auto id = path_id(req, "childCategoryId");
               svc.add_variant(id, key_of(req));
               return Response::no_content();
             });
  router.add(Method::del, base + "/child/{childCategoryId}/variants/{variantId}", admins(),
             [&svc](Request& req) {
               svc.remove_variant(path_id(req, "childCategoryId"), path_id(req, "variantId"));
               return Response::no_content();
             });
}

}  // namespace wolfix::catalog
