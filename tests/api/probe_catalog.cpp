// The probe's catalog, seller-category and delivery rows (probe.hpp).
#include "catalog/seller_products.hpp"
#include "delivery/seed.hpp"
#include "probe.hpp"

namespace wolfix::test {
namespace {

// As the catalog's writes do (migration 0260): nodes' cached category pages are checked by it.
void bump_category_of(db::Session& s, const std::string& product_id) {
  s.exec(
      "UPDATE categories SET revision = revision + 1 "
      "WHERE id = (SELECT category_id FROM products WHERE id = ?)",
      {product_id});
}

}  // namespace

void Probe::write_product(const std::string& sql, const db::Params& params,
                          const std::string& product_id) {
  db_->write([&](db::Session& s) {
    s.exec(sql, params);
    bump_category_of(s, product_id);
  });
}

void Probe::add_category(const std::string& id, const std::optional<std::string>& parent_id,
                         const std::string& name, const std::string& name_lower, int64_t now) {
  exec(
      "INSERT INTO categories (id, parent_id, name, name_lower, description, photo_url, "
      "created_at) VALUES (?, ?, ?, ?, NULL, NULL, ?)",
      {id, parent_id, name, name_lower, now});
}

void Probe::add_products(const std::vector<ProductRow>& rows) {
  db_->write([&](db::Session& s) {
    for (const auto& p : rows)
      s.exec(
          "INSERT INTO products (id, seller_id, category_id, title, description, price_minor, "
          "status, stock, discount_percent, discount_expires_at, bonuses_minor, main_photo_url, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {p.id, p.seller_id, p.category_id, p.title, p.description, p.price_minor, p.status,
           p.stock, p.discount_percent, p.discount_expires_at, p.bonuses_minor, p.main_photo_url,
           p.created_at, p.created_at});
    for (const auto& p : rows) bump_category_of(s, p.id);
  });
}

void Probe::set_stock(const std::string& product_id, int64_t stock) {
  db_->write([&](db::Session& s) {
    auto before = s.query_one("SELECT stock FROM products WHERE id = ?", {product_id});
    s.exec("UPDATE products SET stock = ? WHERE id = ?", {stock, product_id});
    // An order bumps the category only when the stock runs out or comes back.
    if (before && (before->i64(0) > 0) != (stock > 0)) bump_category_of(s, product_id);
  });
}

int64_t Probe::stock(const std::string& product_id) {
  return db_->read([&](db::Session& s) {
    auto row = s.query_one("SELECT stock FROM products WHERE id = ?", {product_id});
    return row ? row->i64(0) : -1;
  });
}

void Probe::set_price(const std::string& product_id, int64_t price_minor) {
  write_product("UPDATE products SET price_minor = ?, revision = revision + 1 WHERE id = ?",
                {price_minor, product_id}, product_id);
}

void Probe::set_prices(const std::vector<std::pair<std::string, int64_t>>& prices) {
  db_->write([&](db::Session& s) {
    for (const auto& [id, price] : prices) {
      s.exec("UPDATE products SET price_minor = ?, revision = revision + 1 WHERE id = ?",
             {price, id});
      bump_category_of(s, id);
    }
  });
}

void Probe::set_product_status(const std::string& product_id, const std::string& status) {
  write_product("UPDATE products SET status = ?, revision = revision + 1 WHERE id = ?",
                {status, product_id}, product_id);
}

void Probe::mark_product_deleted(const std::string& product_id, int64_t now) {
  write_product("UPDATE products SET deleted_at = ?, revision = revision + 1 WHERE id = ?",
                {now, product_id}, product_id);
}

bool Probe::product_deleted(const std::string& product_id) {
  return db_->read([&](db::Session& s) {
    return !s.query_one("SELECT deleted_at FROM products WHERE id = ?", {product_id})->is_null(0);
  });
}

void Probe::write_product_elsewhere(const std::string& product_id, const std::string& title,
                                    int64_t now, bool removed) {
  write_product(removed ? "UPDATE products SET deleted_at = 1, title = ?, updated_at = ?, "
                          "revision = revision + 1 WHERE id = ?"
                        : "UPDATE products SET title = ?, updated_at = ?, revision = revision + 1 "
                          "WHERE id = ?",
                {title, now, product_id}, product_id);
}

void Probe::set_discount_expiry(const std::string& product_id, int64_t expires_at) {
  write_product("UPDATE products SET discount_expires_at = ?, revision = revision + 1 WHERE id = ?",
                {expires_at, product_id}, product_id);
}

void Probe::set_main_photo_url(const std::string& product_id, const std::string& url) {
  write_product("UPDATE products SET main_photo_url = ?, revision = revision + 1 WHERE id = ?",
                {url, product_id}, product_id);
}

void Probe::set_media_urls(const std::string& product_id, const std::string& url) {
  exec("UPDATE product_media SET url = ? WHERE product_id = ?", {url, product_id});
}

std::string Probe::media_url(const std::string& product_id) {
  return db_->read([&](db::Session& s) {
    return s.query_one("SELECT url FROM product_media WHERE product_id = ?", {product_id})->str(0);
  });
}

void Probe::set_products_count(const std::string& category_id, int64_t count) {
  exec("UPDATE categories SET products_count = ? WHERE id = ?", {count, category_id});
}

void Probe::count_one_more_product(const std::string& category_id) {
  exec("UPDATE categories SET products_count = products_count + 1 WHERE id = ?", {category_id});
}

int64_t Probe::category_revision(const std::string& category_id) {
  return db_->read([&](db::Session& s) {
    auto row = s.query_one("SELECT revision FROM categories WHERE id = ?", {category_id});
    return row ? row->i64(0) : -1;
  });
}

void Probe::mark_category_deleted(const std::string& category_id, int64_t now) {
  exec("UPDATE categories SET deleted_at = ? WHERE id = ?", {now, category_id});
}

std::vector<std::string> Probe::products_by_price(const std::string& category_id) {
  return db_->read([&](db::Session& s) {
    std::vector<std::string> ids;
    for (const auto& r : s.query("SELECT id FROM products WHERE category_id = ? AND "
                                 "deleted_at IS NULL ORDER BY final_price_minor, id",
                                 {category_id}))
      ids.push_back(r.str(0));
    return ids;
  });
}

void Probe::allow_category(const std::string& row_id, const std::string& seller_id,
                           const std::string& category_id, int64_t now, const std::string& name) {
  if (name.empty())
    exec(
        "INSERT INTO seller_categories (id, seller_id, category_id, name, created_at) "
        "SELECT ?, ?, id, name, ? FROM categories WHERE id = ? "
        "ON CONFLICT (seller_id, category_id) DO NOTHING",
        {row_id, seller_id, now, category_id});
  else
    exec(
        "INSERT INTO seller_categories (id, seller_id, category_id, name, created_at) VALUES "
        "(?, ?, ?, ?, ?)",
        {row_id, seller_id, category_id, name, now});
}

int64_t Probe::seller_categories(const std::string& seller_id) {
  return count("SELECT COUNT(*) FROM seller_categories WHERE seller_id = ?", {seller_id});
}

int64_t Probe::delivery_cities(const std::string& method_id) {
  return count("SELECT COUNT(*) FROM delivery_cities WHERE method_id = ?", {method_id});
}

int Probe::seed_delivery(int64_t now) {
  return db_->write([&](db::Session& s) { return delivery::seed_delivery_methods(s, now); });
}

int Probe::remove_seller_products(const std::string& seller_id, int64_t now) {
  return static_cast<int>(db_->write(
      [&](db::Session& s) { return catalog::remove_seller_products(s, seller_id, now); }));
}

std::vector<std::string> Probe::plan(const std::string& sql, const db::Params& params,
                                     bool ordered) {
  return db_->write([&](db::Session& s) {
    std::vector<std::string> lines;
    if (s.is_postgres()) {
      s.exec("SET LOCAL enable_seqscan = off");
      if (ordered) {
        s.exec("SET LOCAL enable_sort = off");
        s.exec("SET LOCAL enable_bitmapscan = off");
      } else {
        // A full walk of some B-tree would stand in for the forbidden Seq Scan: a GIN index
        // is read through a bitmap scan, so only those are left.
        s.exec("SET LOCAL enable_indexscan = off");
        s.exec("SET LOCAL enable_indexonlyscan = off");
      }
      for (const auto& r : s.query("EXPLAIN " + sql, params)) lines.push_back(r.str(0));
    } else {
      for (const auto& r : s.query("EXPLAIN QUERY PLAN " + sql, params)) lines.push_back(r.str(3));
    }
    return lines;
  });
}

void Probe::analyze() {
  db_->read([](db::Session& s) { s.exec_script("ANALYZE"); });
}

}  // namespace wolfix::test
