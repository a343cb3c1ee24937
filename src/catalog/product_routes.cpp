#include <boost/json/parse.hpp>
#include <cmath>
#include <map>

#include "catalog/cached_response.hpp"
#include "catalog/model.hpp"
#include "catalog/path_params.hpp"
#include "catalog/routes.hpp"
#include "common/ascii.hpp"
#include "common/errors.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/money.hpp"
#include "common/role.hpp"
#include "common/uuid.hpp"
#include "http/multipart.hpp"

namespace wolfix::catalog {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

Access sellers() {
  return only({Role::seller});
}

int64_t page_size_of(const Request& req, int64_t fallback) {
  return req.int_query("pageSize", fallback, 1, kMaxPageSize);
}

int64_t page_of(const Request& req) {
  return path_page(req, "page");
}

// Key/value lists (attributes, variants) from JSON: [{"id": guid, "value": text}], the id also
// accepted as attributeId / variantId, or the category's key instead of an id
// ({"key": "Brand", "value": ...}, what older clients of Wolfix.Server send). `field` is the
// name the list arrived under; each item's errors are named `field[i].member`.
void read_key_values_json(const boost::json::value& v, const std::string& field,
                          FieldErrors& errors, std::vector<KeyValueInput>& out) {
  if (!v.is_array()) {
    errors[field].push_back("must be a list of {id, value}");
    return;
  }
  const std::string alt_id =
      ascii_iequals(field.substr(0, 8), "variants") ? "variantId" : "attributeId";
  std::size_t i = 0;
  for (const auto& item : v.as_array()) {
    std::string at = field + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      errors[at].push_back("must be an object {id, value}");
      continue;
    }
    JsonFields f(item.as_object(), at);
    KeyValueInput kv;
    kv.field = at;
    // A blank id is no id (forms send "" for fields left empty).
    std::string id_member = f.find("id") ? "id" : alt_id;
    const auto* id = f.find(id_member);
    if (id && !(id->is_string() && is_blank(std::string_view(id->as_string()))))
      kv.id = f.optional_uuid(id_member).value_or("");
    else if (auto key = f.optional_string("key", 4 * kMaxKey); key && !is_blank_text(*key))
      kv.key = trim_text(*key);
    else
      f.fail("id", "is required (the attribute's id, or its key)");
    kv.value = trim_text(f.required_string("value", 4 * kMaxAttributeValue));
    for (auto& [k, msgs] : f.errors())
      for (auto& m : msgs) errors[k].push_back(m);
    if (f.ok()) out.push_back(std::move(kv));
  }
}

// The same list from a form: one field holding the JSON text (what Wolfix.Server's clients
// send), or ASP.NET-style indexed fields "attributes[0].id", "attributes[0].value".
std::vector<KeyValueInput> read_key_values_form(const http::MultipartForm& form,
                                                const std::string& field, FieldErrors& errors) {
  std::vector<KeyValueInput> out;
  if (auto json = form.field(field)) {
    if (is_blank_text(*json)) return out;
    boost::system::error_code ec;
    auto v = boost::json::parse(*json, ec);
    if (ec)
      errors[field].push_back("must be JSON: [{\"id\": ..., \"value\": ...}]");
    else
      read_key_values_json(v, field, errors, out);
    return out;
  }
  std::map<long, std::pair<std::optional<std::string>, std::optional<std::string>>> indexed;
  for (const auto& part : form.parts()) {
    if (part.is_file() || part.name.size() <= field.size() + 3 ||
        !ascii_iequals(std::string_view(part.name).substr(0, field.size()), field) ||
        part.name[field.size()] != '[')
      continue;
    auto close = part.name.find("].", field.size());
    if (close == std::string::npos) continue;
    long idx = 0;
    try {
      idx = std::stol(part.name.substr(field.size() + 1, close - field.size() - 1));
    } catch (...) {
      continue;
    }
    auto prop = std::string_view(part.name).substr(close + 2);
    auto value = form.field(part.name);
    if (ascii_iequals(prop, "id") || ascii_iequals(prop, "attributeId") ||
        ascii_iequals(prop, "variantId"))
      indexed[idx].first = value;
    else if (ascii_iequals(prop, "value"))
      indexed[idx].second = value;
  }
  for (auto& [idx, kv] : indexed) {
    std::string at = field + "[" + std::to_string(idx) + "]";
    auto id = kv.first ? parse_uuid(trim_text(*kv.first)) : std::nullopt;
    if (!id) {
      errors[at + ".id"].push_back("must be a GUID");
      continue;
    }
    if (!kv.second) {
      errors[at + ".value"].push_back("is required");
      continue;
    }
    out.push_back({*id, "", trim_text(*kv.second), at});
  }
  return out;
}

std::optional<std::string> required_form_text(const http::MultipartForm& form, const char* name,
                                              FieldErrors& errors) {
  auto v = form.field(name);
  if (!v) errors[name].push_back("is required");
  return v;
}

std::string form_uuid(const http::MultipartForm& form, const char* name, FieldErrors& errors) {
  auto v = required_form_text(form, name, errors);
  if (!v) return {};
  auto id = parse_uuid(trim_text(*v));
  if (!id) errors[name].push_back("must be a GUID");
  return id.value_or("");
}

std::optional<media::Kind> form_content_type(const http::MultipartForm& form, FieldErrors& errors) {
  auto v = form.field("contentType");
  if (!v || is_blank_text(*v)) return std::nullopt;
  auto kind = media::parse_kind(trim_text(*v));
  if (!kind) errors["contentType"].push_back("must be Photo or Video");
  return kind;
}

// Files under "media" that actually carry bytes (browsers send an empty part for "no file").
std::vector<const http::MultipartPart*> media_files(const http::MultipartForm& form) {
  std::vector<const http::MultipartPart*> out;
  for (const auto* p : form.files("media"))
    if (!p->data.empty() || !p->filename->empty()) out.push_back(p);
  return out;
}

Response create_product(ProductService& svc, Request& req) {
  auto form = http::MultipartForm::parse(req);
  FieldErrors errors;
  NewProduct p;
  if (auto v = required_form_text(form, "title", errors)) p.title = trim_text(*v);
  if (auto v = required_form_text(form, "description", errors)) p.description = trim_text(*v);
  if (auto v = required_form_text(form, "price", errors)) {
    auto minor = parse_decimal_minor(trim_text(*v), 2);
    if (!minor)
      errors["price"].push_back("must be an amount like 459.98");
    else
      p.price_minor = *minor;
  }
  if (auto v = form.field("status"); v && !is_blank_text(*v)) {
    auto status = parse_status(*v);
    if (!status)
      errors["status"].push_back("must be InStock or NotAvailable");
    else
      p.status = *status;
  }
  if (auto v = form.field("stock"); v && !is_blank_text(*v)) {
    try {
      std::size_t used = 0;
      std::string t = trim_text(*v);
      p.stock = std::stoll(t, &used);
      if (used != t.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      errors["stock"].push_back("must be a whole number");
    }
  }
  // Without a stock the product does not track it (Wolfix.Server's forms have no stock field);
  // trackStock=true tracks it from zero.
  if (auto v = form.field("trackStock"); v && !is_blank_text(*v)) {
    auto t = trim_text(*v);
    if (ascii_iequals(t, "true") || t == "1") {
      if (!p.stock) p.stock = 0;
    } else if (ascii_iequals(t, "false") || t == "0") {
      if (p.stock) errors["trackStock"].push_back("cannot be false when a stock is given");
    } else {
      errors["trackStock"].push_back("must be true or false");
    }
  }
  p.category_id = form_uuid(form, "categoryId", errors);
  p.seller_id = form_uuid(form, "sellerId", errors);
  p.content_type = form_content_type(form, errors);
  // Wolfix.Server's own clients send the list as "attributesJson"; either name, or both.
  p.attributes = read_key_values_form(form, "attributes", errors);
  for (auto& kv : read_key_values_form(form, "attributesJson", errors))
    p.attributes.push_back(std::move(kv));
  p.variants = read_key_values_form(form, "variants", errors);
  p.media = media_files(form);
  if (!errors.empty()) throw validation_failed(errors);
  auto id = svc.create(req.actor(), p);
  return Response::no_content().with_header("Location", "/api/products/product/" + id);
}

Response add_media(ProductService& svc, Request& req) {
  auto form = http::MultipartForm::parse(req);
  FieldErrors errors;
  auto product_id = form_uuid(form, "productId", errors);
  auto content_type = form_content_type(form, errors);
  auto files = media_files(form);
  if (files.empty()) errors["media"].push_back("at least one file is required");
  if (!errors.empty()) throw validation_failed(errors);
  svc.add_media(req.actor(), product_id, files, content_type);
  return Response::no_content();
}

Response change_general_info(ProductService& svc, Request& req) {
  auto id = path_id(req, "productId");
  auto body = req.json_object();
  JsonFields f(body);
  GeneralInfo info;
  info.title = trim_text(f.required_string("title", 4 * kMaxTitle));
  info.description = trim_text(f.required_string("description", 4 * kMaxDescription));
  info.category_id = f.required_uuid("categoryId");
  if (const auto* v = f.find("status")) {
    if (v->is_string())
      info.status = parse_status(std::string(v->as_string()));
    else if (v->is_int64())
      info.status = parse_status(std::to_string(v->as_int64()));
    if (!info.status) f.fail("status", "must be InStock or NotAvailable");
  }
  if (const auto* a = f.find("attributes")) {
    info.attributes.emplace();
    read_key_values_json(*a, "attributes", f.errors(), *info.attributes);
  }
  f.finish();
  svc.change_general_info(req.actor(), id, info);
  return Response::no_content();
}

// sortBy=price|rating and minRating=1..5 (one decimal) of the product listings.
RatingOptions rating_options(const Request& req) {
  RatingOptions o;
  FieldErrors errors;
  if (auto v = req.query_value("sortBy"); v && !v->empty()) {
    auto by = parse_sort_by_rating(*v);
    if (!by)
      errors["sortBy"].push_back("must be price or rating");
    else
      o.sort_by_rating = *by;
  }
  if (auto v = req.query_value("minRating"); v && !v->empty()) {
    o.min_tenths = parse_min_rating(*v);
    if (!o.min_tenths) errors["minRating"].push_back("must be a rating from 1 to 5 (e.g. 4.5)");
  }
  if (!errors.empty()) throw validation_failed(std::move(errors));
  return o;
}

FilterCriteria read_filter(Request& req) {
  auto body = req.json_object();
  JsonFields f(body);
  FilterCriteria c;
  c.category_id = f.required_uuid("categoryId");
  if (const auto* list = f.find("filtrationAttribute")) {
    if (!list->is_array()) {
      f.fail("filtrationAttribute", "must be a list of {attributeId, key, value}");
    } else {
      std::size_t i = 0;
      for (const auto& item : list->as_array()) {
        std::string prefix = "filtrationAttribute[" + std::to_string(i++) + "]";
        if (!item.is_object()) {
          f.errors()[prefix].push_back("must be an object {attributeId, key, value}");
          continue;
        }
        JsonFields g(item.as_object(), prefix);
        auto attr = g.required_uuid("attributeId");
        auto value = g.required_string("value", 4 * kMaxAttributeValue);
        for (auto& [k, msgs] : g.errors())
          for (auto& m : msgs) f.errors()[k].push_back(m);
        if (g.ok()) c.conditions.push_back({attr, value});
      }
      if (c.conditions.size() > 50) f.fail("filtrationAttribute", "at most 50 conditions");
    }
  }
  c.min_price_minor = f.optional_money("minPrice", kShopCurrency.exponent);
  c.max_price_minor = f.optional_money("maxPrice", kShopCurrency.exponent);
  if ((c.min_price_minor && *c.min_price_minor < 0) ||
      (c.max_price_minor && *c.max_price_minor < 0))
    f.fail("minPrice", "Price cannot be negative.");
  else if (c.min_price_minor && c.max_price_minor && *c.min_price_minor > *c.max_price_minor)
    f.fail("minPrice", "Min price cannot be greater than max price.");
  c.page_size = f.optional_int("pageSize", 1, kMaxPageSize).value_or(30);
  c.page = f.optional_int("pageNumber", 1, 1'000'000'000).value_or(1);
  // Rating options in the body (as the other criteria) or, like the GET listings, the query.
  c.rating = rating_options(req);
  if (const auto* v = f.find("sortBy")) {
    auto by = v->is_string() ? parse_sort_by_rating(v->as_string()) : std::nullopt;
    if (!by)
      f.fail("sortBy", "must be price or rating");
    else
      c.rating.sort_by_rating = *by;
  }
  if (const auto* v = f.find("minRating")) {
    std::optional<int> tenths;
    if (v->is_string()) {
      tenths = parse_min_rating(v->as_string());
    } else if (v->is_number()) {
      double d = v->to_number<double>();
      double t = std::round(d * 10);
      if (std::abs(d * 10 - t) < 1e-9 && t >= 10 && t <= 50) tenths = static_cast<int>(t);
    }
    if (!tenths)
      f.fail("minRating", "must be a rating from 1 to 5 (e.g. 4.5)");
    else
      c.rating.min_tenths = tenths;
  }
  f.finish();
  return c;
}

}  // namespace

void register_product_routes(http::Router& router, ProductService& svc) {
  const std::string base = "/api/products";

  // Seller writes; every one checks that the product is the caller's (403 otherwise).
  router.add_upload(Method::post, base, sellers(),
                    [&svc](Request& req) { return create_product(svc, req); });
  router.add(Method::del, base + "/{productId}", sellers(), [&svc](Request& req) {
    svc.remove(req.actor(), path_id(req, "productId"));
    return Response::no_content();
  });
  router.add(Method::patch, base + "/product/{productId}/general-info", sellers(),
             [&svc](Request& req) { return change_general_info(svc, req); });
  router.add(Method::patch, base + "/product/{productId}/price", sellers(), [&svc](Request& req) {
    auto id = path_id(req, "productId");
    auto body = req.json_object();
    JsonFields f(body);
    auto price = f.required_money("price", kShopCurrency.exponent);
    f.finish();
    svc.change_price(req.actor(), id, price);
    return Response::no_content();
  });
  router.add(Method::patch, base + "/product/{productId}/stock", sellers(), [&svc](Request& req) {
    auto id = path_id(req, "productId");
    auto body = req.json_object();
    JsonFields f(body);
    StockChange change;
    change.stock = f.optional_int("stock", INT64_MIN, INT64_MAX);
    change.delta = f.optional_int("delta", INT64_MIN, INT64_MAX);
    if (const auto* t = f.find("trackStock")) {
      if (t->is_bool())
        change.track = t->as_bool();
      else
        f.fail("trackStock", "must be true or false");
    }
    f.finish();
    auto state = svc.change_stock(req.actor(), id, change);
    JsonWriter w;
    w.begin_object().field("productId", id).field("trackStock", state.tracked).key("stock");
    if (state.tracked)
      w.number(state.stock);
    else
      w.null();
    w.end_object();
    return Response::raw_json(w.take());
  });
  router.add_upload(Method::patch, base + "/add-product-media", sellers(),
                    [&svc](Request& req) { return add_media(svc, req); });
  router.add(Method::del, base + "/product/{productId}/media/{mediaId}", sellers(),
             [&svc](Request& req) {
               svc.delete_media(req.actor(), path_id(req, "productId"), path_id(req, "mediaId"));
               return Response::no_content();
             });
  router.add(Method::patch, base + "/product/{productId}/new-main-photo/{newMainPhotoId}",
             sellers(), [&svc](Request& req) {
               svc.set_main_photo(req.actor(), path_id(req, "productId"),
                                  path_id(req, "newMainPhotoId"));
               return Response::no_content();
             });
  router.add(Method::post, base + "/product/{productId}/discount", sellers(), [&svc](Request& req) {
    auto id = path_id(req, "productId");
    auto body = req.json_object();
    JsonFields f(body);
    auto percent = f.required_int("percent", 1, 100);
    // Required, as AddDiscountDto's non-nullable DateTime is: a blank text is a missing date
    // (400), never a date to dereference.
    auto text = f.required_text("expirationDateTime", 64);
    std::optional<int64_t> expires;
    if (!text.empty()) {
      expires = parse_iso8601_ms(text);
      if (!expires)
        f.fail("expirationDateTime",
               "must be an ISO-8601 date and time, e.g. 2030-01-31T12:00:00Z");
    }
    f.finish();
    svc.add_discount(req.actor(), id, percent, expires.value());
    return Response::no_content();
  });
  router.add(Method::del, base + "/product/{productId}/discount", sellers(), [&svc](Request& req) {
    svc.remove_discount(req.actor(), path_id(req, "productId"));
    return Response::no_content();
  });

  // Reads (anyone, except a seller's own listing).
  // A product's page, the most visited one: a detail-cache hit is answered on the io thread.
  router.add(
      Method::get, base + "/product/{productId}", Access::anyone(),
      [&svc](Request& req) {
        return cached_response(svc.cached_full_json(path_id(req, "productId"), req.origin));
      },
      [&svc](Request& req) {
        return Response::raw_json(svc.full_json(path_id(req, "productId"), req.origin));
      });
  // The hottest pages: a page-cache hit is answered on the io thread, a miss on the pool.
  router.add(
      Method::get, base + "/category/{childCategoryId}/page/{page}", Access::anyone(),
      [&svc](Request& req) {
        auto id = path_id(req, "childCategoryId");
        return cached_response(svc.cached_category_page_json(
            id, page_of(req), page_size_of(req, 20), req.origin, rating_options(req)));
      },
      [&svc](Request& req) {
        auto id = path_id(req, "childCategoryId");
        return Response::raw_json(svc.category_page_json(id, page_of(req), page_size_of(req, 20),
                                                         req.origin, rating_options(req)));
      });
  router.add(
      Method::get, base + "/with-discount/page/{page}", Access::anyone(),
      [&svc](Request& req) {
        return cached_response(
            svc.cached_discount_page_json(page_of(req), page_size_of(req, 4), req.origin));
      },
      [&svc](Request& req) {
        return Response::raw_json(
            svc.discount_page_json(page_of(req), page_size_of(req, 4), req.origin));
      });
  router.add(Method::get, base + "/recommended", Access::anyone(), [&svc](Request& req) {
    std::vector<std::string> ids;
    for (const auto& [k, v] : req.query) {
      if (!ascii_iequals(k, "visitedCategoriesIds") && !ascii_iequals(k, "visitedCategoriesIds[]"))
        continue;
      auto id = parse_uuid(v);
      if (!id) throw invalid_field("visitedCategoriesIds", "must be GUIDs");
      if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
    }
    if (ids.size() > kMaxVisitedCategories)
      throw invalid_field("visitedCategoriesIds",
                          "at most " + std::to_string(kMaxVisitedCategories) + " categories");
    return Response::raw_json(svc.recommended_json(ids, page_size_of(req, 12), req.origin));
  });
  router.add(Method::get, base + "/random", Access::anyone(), [&svc](Request& req) {
    return Response::raw_json(svc.random_json(page_size_of(req, 12), req.origin));
  });
  router.add(Method::get, base + "/seller/{sellerId}/category/{categoryId}/page/{page}", sellers(),
             [&svc](Request& req) {
               auto seller = path_id(req, "sellerId");
               auto category = path_id(req, "categoryId");
               return Response::raw_json(svc.seller_page_json(
                   req.actor(), seller, category, page_of(req), page_size_of(req, 20), req.origin));
             });
  // Searches: a search-cache hit is answered on the io thread, a miss on the pool.
  struct SearchArgs {
    std::optional<std::string> category;
    std::string query;
  };
  auto args = [](Request& req, bool in_category) {
    SearchArgs a;
    if (in_category) a.category = path_id(req, "categoryId");
    a.query = req.query_value("searchQuery").value_or("");
    return a;
  };
  for (bool in_category : {false, true})
    router.add(
        Method::get, base + (in_category ? "/search/category/{categoryId}" : "/search"),
        Access::anyone(),
        [&svc, args, in_category](Request& req) {
          auto a = args(req, in_category);
          return cached_response(svc.cached_search_json(a.query, a.category, page_size_of(req, 20),
                                                        req.origin, rating_options(req)));
        },
        [&svc, args, in_category](Request& req) {
          auto a = args(req, in_category);
          return Response::raw_json(svc.search_json(a.query, a.category, page_size_of(req, 20),
                                                    req.origin, rating_options(req)));
        });
  router.add(Method::post, base + "/filter-by-attributes", Access::anyone(), [&svc](Request& req) {
    return Response::raw_json(svc.filter_json(read_filter(req), req.origin));
  });
}

}  // namespace wolfix::catalog
