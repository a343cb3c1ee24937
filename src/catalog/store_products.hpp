#pragma once
// The catalog store layer, products part: the SQL behind the product facts other modules read
// (catalog/product_lookup.hpp, catalog/ratings.hpp), a seller's removal
// (catalog/seller_products.hpp), the demo seed's pick of products, and ProductService's writes.
// Rows of one product and the counters that move with them are in store.hpp, stock in
// store_stock.hpp, the listings' statements in queries.hpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product_lookup.hpp"
#include "db/db.hpp"

namespace wolfix::catalog::store {

// A product (deleted ones too, marked) with its price after the discount active at now_ms.
std::optional<ProductCard> product_card(db::Session& s, const std::string& id, int64_t now_ms);
// Cards by id, in batches; ids with no product row are absent.
std::map<std::string, ProductCard> product_cards(db::Session& s,
                                                 const std::vector<std::string>& ids,
                                                 int64_t now_ms);

// The product exists and is not deleted.
bool is_live_product(db::Session& s, const std::string& product_id);
// The seller of a live product.
std::optional<std::string> live_product_seller(db::Session& s, const std::string& product_id);
// See catalog/ratings.hpp.
bool add_to_rating(db::Session& s, const std::string& product_id, int64_t rating_delta,
                   int64_t count_delta, bool live_only);

// Soft-deletes every live product of the seller with its counters and values (see
// catalog/seller_products.hpp); returns how many.
int64_t remove_seller_products(db::Session& s, const std::string& seller_id, int64_t now_ms);

// The first `limit` live products in id order.
std::vector<std::string> first_live_product_ids(db::Session& s, int64_t limit);

// --- ProductService's writes -----------------------------------------------------------------

struct NewProductRow {
  std::string id;
  std::string seller_id;
  std::string category_id;
  std::string title;
  std::string description;
  int64_t price_minor = 0;
  std::string status;            // status_name
  std::optional<int64_t> stock;  // nullopt: not tracked
  int64_t bonuses_minor = 0;
  std::optional<std::string> main_photo_url;
};
void insert_product(db::Session& s, const NewProductRow& p, int64_t now_ms);

// A product's attribute values (attributes) or variant values: add one, or drop them all.
void insert_product_value(db::Session& s, const std::string& product_id, const std::string& key_id,
                          const std::string& value, bool attributes);
void delete_product_values(db::Session& s, const std::string& product_id, bool attributes);

// Title, description, category and (when given) status.
void update_general_info(db::Session& s, const std::string& product_id, const std::string& title,
                         const std::string& description, const std::string& category_id,
                         const std::optional<std::string>& status, int64_t now_ms);
void update_price(db::Session& s, const std::string& product_id, int64_t price_minor,
                  int64_t bonuses_minor, int64_t now_ms);
void set_discount(db::Session& s, const std::string& product_id, int64_t percent,
                  int64_t expires_at_ms, int64_t now_ms);
void clear_discount(db::Session& s, const std::string& product_id, int64_t now_ms);
void set_main_photo_url(db::Session& s, const std::string& product_id, const std::string& url,
                        int64_t now_ms);

struct MediaRow {
  std::string id;
  std::string product_id;
  std::string url;
  std::string content_type;  // media::kind_name
  bool is_main = false;
  std::string blob_path;
};
void insert_media(db::Session& s, const MediaRow& m, int64_t now_ms);
// The product's media file `media_id`.
std::optional<MediaRow> find_media(db::Session& s, const std::string& product_id,
                                   const std::string& media_id);
int64_t media_count(db::Session& s, const std::string& product_id);
bool has_main_media(db::Session& s, const std::string& product_id);
void delete_media(db::Session& s, const std::string& media_id);
// Bumps the product's revision (what other nodes' cached details are checked by,
// detail_cache.hpp), for a write that changes its detail but not its row (media).
void touch_product(db::Session& s, const std::string& product_id);
// Makes `media_id` the product's only main media file.
void mark_main_media(db::Session& s, const std::string& product_id, const std::string& media_id);

}  // namespace wolfix::catalog::store
