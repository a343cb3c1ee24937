// Product writes: create, change, delete, stock, media, discounts.
#include "catalog/product_service.hpp"

#include <map>
#include <set>

#include "catalog/store.hpp"
#include "catalog/store_categories.hpp"
#include "catalog/store_products.hpp"
#include "catalog/store_stock.hpp"
#include "common/errors.hpp"
#include "common/uuid.hpp"
#include "seller/lookup.hpp"

namespace wolfix::catalog {
namespace {

void check_price(FieldErrors& errors, int64_t price_minor) {
  if (price_minor <= 0) errors["price"].push_back("must be greater than 0");
  if (price_minor > kMaxPriceMinor) errors["price"].push_back("is too large");
}

void check_key_values(FieldErrors& errors, const char* field,
                      const std::vector<KeyValueInput>& values) {
  for (const auto& v : values) {
    std::string at = v.field.empty() ? std::string(field) : v.field + ".value";
    check_text(errors, at, v.value, kMaxAttributeValue);
  }
}

// Every item must name an attribute (or variant) of the category, by id or by key; each one
// that does not is a field error, and the answer is a 404 as in Wolfix.Server ("Attribute with
// id: X not found"). Nothing is ever dropped silently. Returns the items with their ids.
std::vector<KeyValueInput> resolve_category_keys(db::Session& s, const std::string& category_id,
                                                 const std::vector<KeyValueInput>& values,
                                                 bool attributes) {
  if (values.empty()) return {};
  std::map<std::string, std::string> id_of_key;  // case-folded key -> id
  std::set<std::string> known;
  for (const auto& k : store::category_keys(s, category_id, attributes)) {
    known.insert(k.id);
    id_of_key.emplace(fold_case(k.key), k.id);
  }
  const std::string what = attributes ? "Attribute" : "Variant";
  const char* list = attributes ? "attributes" : "variants";
  FieldErrors errors;
  std::string first;
  std::vector<KeyValueInput> out;
  std::set<std::string> seen;
  for (const auto& v : values) {
    std::string at = v.field.empty() ? std::string(list) : v.field;
    KeyValueInput r = v;
    if (r.id.empty()) {
      auto it = id_of_key.find(fold_case(r.key));
      if (it == id_of_key.end()) {
        std::string msg = what + " with key: " + r.key + " not found in category " + category_id;
        if (first.empty()) first = msg;
        errors[at + ".key"].push_back(msg);
        continue;
      }
      r.id = it->second;
    } else if (!known.count(r.id)) {
      std::string msg = what + " with id: " + r.id + " not found in category " + category_id;
      if (first.empty()) first = msg;
      errors[at + ".id"].push_back(msg);
      continue;
    }
    if (!seen.insert(r.id).second) {
      errors[at].push_back(what + " " + r.id + " is repeated");
      continue;
    }
    out.push_back(std::move(r));
  }
  if (!first.empty())
    throw ApiError(404, attributes ? "attribute_not_found" : "variant_not_found", first,
                   std::move(errors));
  if (!errors.empty()) throw validation_failed(errors);
  return out;
}

void insert_key_values(db::Session& s, const std::string& product_id,
                       const std::vector<KeyValueInput>& values, bool attributes) {
  for (const auto& v : values)
    store::insert_product_value(s, product_id, v.id, v.value, attributes);
}

store::CategoryRow child_category(db::Session& s, const std::string& id) {
  auto c = store::find_category(s, id);
  if (!c) throw not_found("Category with id: " + id + " not found", "category_not_found");
  if (!c->is_child())
    throw invalid_field("categoryId", "products belong to child categories, not to a parent");
  return *c;
}

// As in Wolfix.Server, a seller lists products only in the categories they were approved for.
void require_seller_category(db::Session& s, const std::string& seller_id,
                             const std::string& category_id) {
  if (!seller::seller_has_category(s, seller_id, category_id))
    throw bad_request("You are not approved to sell in this category", "category_not_allowed");
}

}  // namespace

struct ProductService::StoredFile {
  std::string id;
  media::StoredMedia media;
};

namespace {

store::MediaRow media_row(const std::string& id, const media::StoredMedia& m,
                          const std::string& product_id, bool main) {
  return {id, product_id, m.url, std::string(media::kind_name(m.kind)), main, m.path};
}

}  // namespace

std::vector<ProductService::StoredFile> ProductService::store_files(
    const std::vector<const UploadedFile*>& files, std::optional<media::Kind> content_type,
    media::PendingBlobs& pending) {
  // Every file is checked before any is written.
  for (const auto* f : files) {
    auto type = media::check_upload(*f, "media", {media::Kind::photo, media::Kind::video});
    if (content_type && type.kind != *content_type)
      throw invalid_field("contentType", "says " + std::string(media::kind_name(*content_type)) +
                                             " but the file is a " +
                                             std::string(media::kind_name(type.kind)));
  }
  std::vector<StoredFile> out;
  for (const auto* f : files) {
    StoredFile sf{new_uuid_v7(), media::store_upload(blobs_, *f, "media",
                                                     {media::Kind::photo, media::Kind::video})};
    pending.add(sf.media.path);
    out.push_back(std::move(sf));
  }
  return out;
}

std::string ProductService::create(const Actor& caller, const NewProduct& p) {
  FieldErrors errors;
  check_text(errors, "title", p.title, kMaxTitle);
  check_text(errors, "description", p.description, kMaxDescription);
  check_price(errors, p.price_minor);
  if (p.stock && (*p.stock < 0 || *p.stock > kMaxStock))
    errors["stock"].push_back("must be from 0 to " + std::to_string(kMaxStock));
  check_key_values(errors, "attributes", p.attributes);
  check_key_values(errors, "variants", p.variants);
  if (p.media.size() > static_cast<std::size_t>(kMaxMediaPerProduct))
    errors["media"].push_back("at most " + std::to_string(kMaxMediaPerProduct) + " files");
  if (!errors.empty()) throw validation_failed(errors);
  if (p.seller_id != caller.id)
    throw forbidden("sellerId must be your own seller profile id", "not_your_seller_id");

  media::PendingBlobs pending(blobs_);
  auto files = store_files(p.media, p.content_type, pending);
  std::string id = new_uuid_v7();
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    if (!seller::is_active_seller(s, p.seller_id))
      throw not_found("Seller with id: " + p.seller_id + " not found", "seller_not_found");
    child_category(s, p.category_id);
    require_seller_category(s, p.seller_id, p.category_id);
    if (!store::add_product_to_category(s, p.category_id))  // deleted a moment ago
      throw not_found("Category with id: " + p.category_id + " not found", "category_not_found");
    auto attributes = resolve_category_keys(s, p.category_id, p.attributes, true);
    auto variants = resolve_category_keys(s, p.category_id, p.variants, false);
    const StoredFile* main = nullptr;
    for (const auto& f : files)
      if (f.media.kind == media::Kind::photo) {
        main = &f;
        break;
      }
    store::insert_product(s,
                          {id, p.seller_id, p.category_id, p.title, p.description, p.price_minor,
                           std::string(status_name(p.status)), p.stock, bonuses_for(p.price_minor),
                           main ? std::optional(main->media.url) : std::nullopt},
                          now);
    insert_key_values(s, id, attributes, true);
    insert_key_values(s, id, variants, false);
    for (const auto& f : files)
      store::insert_media(s, media_row(f.id, f.media, id, &f == main), now);
  });
  pending.keep();
  product_changed(id, true);
  return id;
}

void ProductService::product_changed(const std::string& product_id, bool reorders) {
  if (reorders) {
    boundaries_.invalidate();
    search_catalog_.changed(product_id);  // listed, renamed, moved or removed
  }
  pages_.invalidate();
  category_pages_.invalidate();
  searches_.invalidate();
  details_.invalidate(product_id);
}

void ProductService::remove(const Actor& caller, const std::string& product_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto p = store::owned_product(s, product_id, caller.id);
    store::soft_delete_product(s, p, now);
  });
  product_changed(product_id, true);
}

void ProductService::change_general_info(const Actor& caller, const std::string& product_id,
                                         const GeneralInfo& info) {
  FieldErrors errors;
  check_text(errors, "title", info.title, kMaxTitle);
  check_text(errors, "description", info.description, kMaxDescription);
  if (info.attributes) check_key_values(errors, "attributes", *info.attributes);
  if (!errors.empty()) throw validation_failed(errors);
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto p = store::owned_product(s, product_id, caller.id);
    // Unlike Wolfix.Server (S21), the category may stay the same; a new one is validated.
    bool moved = info.category_id != p.category_id;
    if (moved) {
      child_category(s, info.category_id);
      require_seller_category(s, p.seller_id, info.category_id);
      if (!store::add_product_to_category(s, info.category_id))
        throw not_found("Category with id: " + info.category_id + " not found",
                        "category_not_found");
      store::add_to_category_count(s, p.category_id, -1);
    }
    std::vector<KeyValueInput> attributes;
    if (info.attributes)
      attributes = resolve_category_keys(s, info.category_id, *info.attributes, true);
    if (info.attributes || moved) {
      // Attribute and variant values belong to the old category's keys.
      store::delete_product_values(s, product_id, true);
      if (moved) store::delete_product_values(s, product_id, false);
    }
    if (info.attributes) insert_key_values(s, product_id, attributes, true);
    store::update_general_info(
        s, product_id, info.title, info.description, info.category_id,
        info.status ? std::optional<std::string>(std::string(status_name(*info.status)))
                    : std::nullopt,
        now);
  });
  product_changed(product_id, true);
}

void ProductService::change_price(const Actor& caller, const std::string& product_id,
                                  int64_t price_minor) {
  FieldErrors errors;
  check_price(errors, price_minor);
  if (!errors.empty()) throw validation_failed(errors);
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    store::owned_product(s, product_id, caller.id);
    store::update_price(s, product_id, price_minor, bonuses_for(price_minor), now);
  });
  product_changed(product_id, true);
}

StockState ProductService::change_stock(const Actor& caller, const std::string& product_id,
                                        const StockChange& c) {
  if (c.stock && c.delta)
    throw bad_request("Send either stock (the new count) or delta (a change), not both",
                      "validation_failed");
  if (!c.stock && !c.delta && !c.track)
    throw bad_request("Send stock (the new count), delta (a change) or trackStock",
                      "validation_failed");
  if (c.track == false && (c.stock || c.delta))
    throw invalid_field("trackStock", "cannot be false while setting a stock");
  if (c.track == true && c.delta)
    throw invalid_field("delta", "needs a product that tracks its stock: send stock instead");
  if (c.stock && (*c.stock < 0 || *c.stock > kMaxStock))
    throw invalid_field("stock", "must be from 0 to " + std::to_string(kMaxStock));
  if (c.delta && (*c.delta == 0 || *c.delta < -kMaxStock || *c.delta > kMaxStock))
    throw invalid_field(
        "delta", "must be a non-zero change of at most " + std::to_string(kMaxStock) + " units");
  int64_t now = clock_.now_ms();
  auto state = db_.write([&](db::Session& s) {
    store::owned_product(s, product_id, caller.id);
    if (c.stock) {
      store::set_stock(s, product_id, *c.stock, now);
    } else if (c.delta) {
      if (!store::adjust_stock(s, product_id, *c.delta, kMaxStock, now)) {
        auto count = store::stock_count(s, product_id);
        if (count && !count->tracked)
          throw conflict("stock_not_tracked",
                         "This product does not track its stock: set a stock (or trackStock: "
                         "true) first");
        throw conflict("stock_out_of_range", *c.delta < 0 ? "Stock cannot go below zero"
                                                          : "Stock would exceed the maximum");
      }
    } else {
      store::set_stock_tracking(s, product_id, *c.track, now);
    }
    auto count = store::stock_count(s, product_id);
    return StockState{count->tracked, count->stock};
  });
  product_changed(product_id, false);  // listings show the status, which follows the stock
  return state;
}

void ProductService::add_media(const Actor& caller, const std::string& product_id,
                               const std::vector<const UploadedFile*>& files,
                               std::optional<media::Kind> content_type) {
  if (files.empty()) throw invalid_field("media", "at least one file is required");
  auto too_many = [&](int64_t existing) {
    if (existing + static_cast<int64_t>(files.size()) > kMaxMediaPerProduct)
      throw bad_request(
          "A product has at most " + std::to_string(kMaxMediaPerProduct) + " media files",
          "too_many_media");
  };
  // Ownership and the count are checked before any file is written, and again in the
  // transaction.
  db_.read([&](db::Session& s) {
    store::owned_product(s, product_id, caller.id);
    too_many(store::media_count(s, product_id));
  });
  media::PendingBlobs pending(blobs_);
  auto stored = store_files(files, content_type, pending);
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    store::owned_product(s, product_id, caller.id);
    too_many(store::media_count(s, product_id));
    bool has_main = store::has_main_media(s, product_id);
    for (const auto& f : stored) {
      bool main = !has_main && f.media.kind == media::Kind::photo;
      store::insert_media(s, media_row(f.id, f.media, product_id, main), now);
      if (main) {
        store::set_main_photo_url(s, product_id, f.media.url, now);
        has_main = true;
      }
    }
    store::touch_product(s, product_id);
  });
  pending.keep();
  product_changed(product_id, false);
}

void ProductService::delete_media(const Actor& caller, const std::string& product_id,
                                  const std::string& media_id) {
  std::string path;
  db_.write([&](db::Session& s) {
    store::owned_product(s, product_id, caller.id);
    auto m = store::find_media(s, product_id, media_id);
    if (!m) throw not_found("Media with id: " + media_id + " not found for this product");
    if (m->is_main)
      throw bad_request("The main photo cannot be deleted; choose another main photo first",
                        "main_photo");
    store::delete_media(s, media_id);
    store::touch_product(s, product_id);
    path = m->blob_path;
  });
  details_.invalidate(product_id);  // listings show only the main photo, which stays
  blobs_.remove(path);              // after the commit: a failed request never loses a file
}

void ProductService::set_main_photo(const Actor& caller, const std::string& product_id,
                                    const std::string& media_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    store::owned_product(s, product_id, caller.id);
    auto m = store::find_media(s, product_id, media_id);
    if (!m) throw not_found("Media with id: " + media_id + " not found for this product");
    if (m->content_type != media::kind_name(media::Kind::photo))
      throw bad_request("Only a photo can be the main photo", "not_a_photo");
    store::mark_main_media(s, product_id, media_id);
    store::set_main_photo_url(s, product_id, m->url, now);
  });
  product_changed(product_id, false);
}

void ProductService::add_discount(const Actor& caller, const std::string& product_id,
                                  int64_t percent, int64_t expires_at_ms) {
  int64_t now = clock_.now_ms();
  FieldErrors errors;
  if (!valid_discount_percent(percent)) errors["percent"].push_back("must be from 1 to 100");
  if (expires_at_ms <= now) errors["expirationDateTime"].push_back("must be in the future");
  if (!errors.empty()) throw validation_failed(errors);
  db_.write([&](db::Session& s) {
    auto p = store::owned_product(s, product_id, caller.id);
    store::set_discount(s, product_id, percent, expires_at_ms, now);
    if (!p.discount_percent) store::add_to_discounted_count(s, 1);
  });
  sweep_.expiry_added(expires_at_ms);
  product_changed(product_id, true);
}

void ProductService::remove_discount(const Actor& caller, const std::string& product_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto p = store::owned_product(s, product_id, caller.id);
    // An expired discount no longer exists, whether or not the sweep has cleared it yet.
    if (!p.discount_percent || !p.discount_expires_at || *p.discount_expires_at <= now)
      throw bad_request("Discount does not exist.", "discount_not_found");
    store::clear_discount(s, product_id, now);
    store::add_to_discounted_count(s, -1);
  });
  product_changed(product_id, true);
}

}  // namespace wolfix::catalog
