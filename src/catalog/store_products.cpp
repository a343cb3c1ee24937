#include "catalog/store_products.hpp"

#include "catalog/pricing.hpp"
#include "catalog/store.hpp"

namespace wolfix::catalog::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, seller_id, title, main_photo_url, price_minor, discount_percent, "
    "discount_expires_at, bonuses_minor, average_rating, status, stock, deleted_at, track_stock, "
    "reviews_count "
    "FROM products WHERE id ";

// Keeps each statement's parameter count far below SQLite's and libpq's limits.
constexpr std::size_t kBatch = 500;

ProductCard card_from(const db::Row& row, int64_t now_ms) {
  ProductCard c;
  store::read_sale_head(row, now_ms, c);
  c.bonuses_minor = row.i64(7);
  c.average_rating = row.f64(8);
  c.status = row.str(9);
  c.stock = row.i64(10);
  c.deleted = !row.is_null(11);
  c.tracks_stock = row.i64(12) != 0;
  c.reviews_count = row.i64(13);
  return c;
}

}  // namespace

std::optional<ProductCard> product_card(db::Session& s, const std::string& id, int64_t now_ms) {
  auto row = s.query_one(std::string(kColumns) + "= ?", {id});
  if (!row) return std::nullopt;
  return card_from(*row, now_ms);
}

std::map<std::string, ProductCard> product_cards(db::Session& s,
                                                 const std::vector<std::string>& ids,
                                                 int64_t now_ms) {
  std::map<std::string, ProductCard> out;
  for (std::size_t from = 0; from < ids.size(); from += kBatch) {
    std::size_t to = std::min(ids.size(), from + kBatch);
    std::string sql = std::string(kColumns) + "IN (";
    db::Params params;
    for (std::size_t i = from; i < to; ++i) {
      sql += i == from ? "?" : ", ?";
      params.emplace_back(ids[i]);
    }
    sql += ")";
    for (const auto& row : s.query(sql, params)) {
      auto c = card_from(row, now_ms);
      out.emplace(c.id, std::move(c));
    }
  }
  return out;
}

bool is_live_product(db::Session& s, const std::string& product_id) {
  return s.query_one("SELECT 1 FROM products WHERE id = ? AND deleted_at IS NULL", {product_id})
      .has_value();
}

std::optional<std::string> live_product_seller(db::Session& s, const std::string& product_id) {
  auto row = s.query_one("SELECT seller_id FROM products WHERE id = ? AND deleted_at IS NULL",
                         {product_id});
  if (!row) return std::nullopt;
  return row->str(0);
}

bool add_to_rating(db::Session& s, const std::string& product_id, int64_t rating_delta,
                   int64_t count_delta, bool live_only) {
  // Integer arithmetic on both databases: (20 * sum + n) / (2 * n) is round(10 * sum / n) with
  // halves rounded up, then / 10.0 gives the one-decimal average.
  std::string sql =
      "UPDATE products SET revision = revision + 1, rating_sum = rating_sum + ?, "
      "reviews_count = reviews_count + ?, "
      "average_rating = CASE WHEN reviews_count + ? > 0 THEN "
      "((rating_sum + ?) * 20 + (reviews_count + ?)) / (2 * (reviews_count + ?)) / 10.0 "
      "ELSE 0 END WHERE id = ?";
  if (live_only) sql += " AND deleted_at IS NULL";
  if (s.exec(sql, {rating_delta, count_delta, count_delta, rating_delta, count_delta, count_delta,
                   product_id}) != 1)
    return false;
  bump_category_of(s, product_id);  // pages show the rating
  return true;
}

int64_t remove_seller_products(db::Session& s, const std::string& seller_id, int64_t now_ms) {
  // Set-based, so a seller with a hundred thousand products is a handful of statements.
  s.exec(
      "UPDATE categories SET revision = revision + 1, products_count = products_count - "
      "(SELECT COUNT(*) FROM products p "
      "WHERE p.category_id = categories.id AND p.seller_id = ? AND p.deleted_at IS NULL) "
      "WHERE id IN (SELECT category_id FROM products WHERE seller_id = ? AND deleted_at IS NULL)",
      {seller_id, seller_id});
  s.exec(
      "UPDATE catalog_counters SET value = value - (SELECT COUNT(*) FROM products "
      "WHERE seller_id = ? AND deleted_at IS NULL AND discount_percent IS NOT NULL) "
      "WHERE name = 'discounted_products'",
      {seller_id});
  s.exec(
      "DELETE FROM product_attribute_values WHERE product_id IN "
      "(SELECT id FROM products WHERE seller_id = ? AND deleted_at IS NULL)",
      {seller_id});
  s.exec(
      "DELETE FROM product_variant_values WHERE product_id IN "
      "(SELECT id FROM products WHERE seller_id = ? AND deleted_at IS NULL)",
      {seller_id});
  return s.exec(
      "UPDATE products SET deleted_at = ?, discount_percent = NULL, discount_expires_at = NULL, "
      "updated_at = ?, revision = revision + 1 WHERE seller_id = ? AND deleted_at IS NULL",
      {now_ms, now_ms, seller_id});
}

std::vector<std::string> first_live_product_ids(db::Session& s, int64_t limit) {
  std::vector<std::string> ids;
  for (const auto& r :
       s.query("SELECT id FROM products WHERE deleted_at IS NULL ORDER BY id LIMIT ?", {limit}))
    ids.push_back(r.str(0));
  return ids;
}

void insert_product(db::Session& s, const NewProductRow& p, int64_t now_ms) {
  s.exec(
      "INSERT INTO products (id, seller_id, category_id, title, description, price_minor, "
      "status, stock, track_stock, bonuses_minor, main_photo_url, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, p.seller_id, p.category_id, p.title, p.description, p.price_minor, p.status,
       p.stock.value_or(0), p.stock.has_value(), p.bonuses_minor, p.main_photo_url, now_ms,
       now_ms});
}

void insert_product_value(db::Session& s, const std::string& product_id, const std::string& key_id,
                          const std::string& value, bool attributes) {
  s.exec(attributes ? "INSERT INTO product_attribute_values (product_id, attribute_id, value) "
                      "VALUES (?, ?, ?)"
                    : "INSERT INTO product_variant_values (product_id, variant_id, value) "
                      "VALUES (?, ?, ?)",
         {product_id, key_id, value});
}

void delete_product_values(db::Session& s, const std::string& product_id, bool attributes) {
  s.exec(attributes ? "DELETE FROM product_attribute_values WHERE product_id = ?"
                    : "DELETE FROM product_variant_values WHERE product_id = ?",
         {product_id});
}

void update_general_info(db::Session& s, const std::string& product_id, const std::string& title,
                         const std::string& description, const std::string& category_id,
                         const std::optional<std::string>& status, int64_t now_ms) {
  s.exec(
      "UPDATE products SET title = ?, description = ?, category_id = ?, "
      "status = COALESCE(?, status), updated_at = ?, revision = revision + 1 WHERE id = ?",
      {title, description, category_id, status, now_ms, product_id});
  bump_category_of(s, product_id);
}

void update_price(db::Session& s, const std::string& product_id, int64_t price_minor,
                  int64_t bonuses_minor, int64_t now_ms) {
  s.exec(
      "UPDATE products SET price_minor = ?, bonuses_minor = ?, updated_at = ?, "
      "revision = revision + 1 WHERE id = ?",
      {price_minor, bonuses_minor, now_ms, product_id});
  bump_category_of(s, product_id);
}

void set_discount(db::Session& s, const std::string& product_id, int64_t percent,
                  int64_t expires_at_ms, int64_t now_ms) {
  s.exec(
      "UPDATE products SET discount_percent = ?, discount_expires_at = ?, updated_at = ?, "
      "revision = revision + 1 WHERE id = ?",
      {percent, expires_at_ms, now_ms, product_id});
  bump_category_of(s, product_id);
}

void clear_discount(db::Session& s, const std::string& product_id, int64_t now_ms) {
  s.exec(
      "UPDATE products SET discount_percent = NULL, discount_expires_at = NULL, updated_at = ?, "
      "revision = revision + 1 WHERE id = ?",
      {now_ms, product_id});
  bump_category_of(s, product_id);
}

void set_main_photo_url(db::Session& s, const std::string& product_id, const std::string& url,
                        int64_t now_ms) {
  s.exec(
      "UPDATE products SET main_photo_url = ?, updated_at = ?, revision = revision + 1 "
      "WHERE id = ?",
      {url, now_ms, product_id});
  bump_category_of(s, product_id);
}

void insert_media(db::Session& s, const MediaRow& m, int64_t now_ms) {
  s.exec(
      "INSERT INTO product_media (id, product_id, url, content_type, is_main, blob_path, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {m.id, m.product_id, m.url, m.content_type, m.is_main, m.blob_path, now_ms});
}

std::optional<MediaRow> find_media(db::Session& s, const std::string& product_id,
                                   const std::string& media_id) {
  auto row = s.query_one(
      "SELECT url, content_type, is_main, blob_path FROM product_media "
      "WHERE id = ? AND product_id = ?",
      {media_id, product_id});
  if (!row) return std::nullopt;
  return MediaRow{media_id, product_id, row->str(0), row->str(1), row->boolean(2), row->str(3)};
}

int64_t media_count(db::Session& s, const std::string& product_id) {
  return s.query_one("SELECT COUNT(*) FROM product_media WHERE product_id = ?", {product_id})
      ->i64(0);
}

bool has_main_media(db::Session& s, const std::string& product_id) {
  return s
      .query_one("SELECT 1 FROM product_media WHERE product_id = ? AND is_main = 1", {product_id})
      .has_value();
}

void touch_product(db::Session& s, const std::string& product_id) {
  s.exec("UPDATE products SET revision = revision + 1 WHERE id = ?", {product_id});
}

void delete_media(db::Session& s, const std::string& media_id) {
  s.exec("DELETE FROM product_media WHERE id = ?", {media_id});
}

void mark_main_media(db::Session& s, const std::string& product_id, const std::string& media_id) {
  s.exec(
      "UPDATE product_media SET is_main = CASE WHEN id = ? THEN 1 ELSE 0 END "
      "WHERE product_id = ?",
      {media_id, product_id});
}

}  // namespace wolfix::catalog::store
