#include "catalog_fixtures.hpp"

#include <atomic>
#include <stdexcept>

#include "common/uuid.hpp"
#include "db/db.hpp"

namespace wolfix::test {
namespace {

std::atomic<int> counter{0};

int64_t day_ms() {
  return 24LL * 60 * 60 * 1000;
}

}  // namespace

TestCategory make_category(TestServer& server, const std::string& hint) {
  TestCategory c;
  c.parent_id = new_uuid_v7();
  c.id = new_uuid_v7();
  std::string suffix = c.id.substr(c.id.size() - 12);
  std::string parent_name = hint + " parent " + suffix;
  c.name = hint + " " + suffix;
  int64_t now = server.clock().now_ms();
  server.app().database().write([&](db::Session& s) {
    const char* sql =
        "INSERT INTO categories (id, parent_id, name, name_lower, description, photo_url, "
        "created_at) VALUES (?, ?, ?, ?, NULL, NULL, ?)";
    s.exec(sql, {c.parent_id, std::nullopt, parent_name, parent_name, now});
    std::string lower = c.name;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    s.exec(sql, {c.id, c.parent_id, c.name, lower, now});
  });
  return c;
}

TestProduct make_product(TestServer& server, const Actor& seller, const ProductSpec& spec) {
  if (spec.category_id.empty()) {
    ProductSpec with_category = spec;
    with_category.category_id = make_category(server).id;
    return make_products(server, seller, with_category, 1).front();
  }
  return make_products(server, seller, spec, 1).front();
}

std::vector<TestProduct> make_products(TestServer& server, const Actor& seller,
                                       const ProductSpec& spec, int count) {
  if (spec.category_id.empty()) throw std::invalid_argument("make_products: no category");
  int64_t now = server.clock().now_ms();
  std::optional<int64_t> expires;
  if (spec.discount_percent) expires = now + 30 * day_ms();
  std::vector<TestProduct> out;
  for (int i = 0; i < count; ++i) {
    TestProduct p;
    p.id = new_uuid_v7();
    p.seller_id = seller.profile_id;
    p.category_id = spec.category_id;
    p.title = spec.title.empty() ? "Product " + std::to_string(++counter) : spec.title;
    p.price_minor = spec.price_minor;
    p.stock = spec.stock;
    out.push_back(std::move(p));
  }
  server.app().database().write([&](db::Session& s) {
    for (const auto& p : out)
      s.exec(
          "INSERT INTO products (id, seller_id, category_id, title, description, price_minor, "
          "status, stock, discount_percent, discount_expires_at, bonuses_minor, main_photo_url, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {p.id, p.seller_id, p.category_id, p.title, "A product made by a test", p.price_minor,
           spec.status, p.stock, spec.discount_percent, expires, spec.bonuses_minor,
           spec.main_photo_url, now, now});
  });
  return out;
}

TestProduct make_product(TestServer& server, const Actor& seller, int64_t price_minor, int stock,
                         std::optional<int> discount_percent) {
  ProductSpec spec;
  spec.price_minor = price_minor;
  spec.stock = stock;
  spec.discount_percent = discount_percent;
  return make_product(server, seller, spec);
}

void set_product_stock(TestServer& server, const std::string& product_id, int stock) {
  server.app().database().write([&](db::Session& s) {
    s.exec("UPDATE products SET stock = ? WHERE id = ?", {stock, product_id});
  });
}

void set_product_price(TestServer& server, const std::string& product_id, int64_t price_minor) {
  server.app().database().write([&](db::Session& s) {
    s.exec("UPDATE products SET price_minor = ? WHERE id = ?", {price_minor, product_id});
  });
}

void set_product_status(TestServer& server, const std::string& product_id,
                        const std::string& status) {
  server.app().database().write([&](db::Session& s) {
    s.exec("UPDATE products SET status = ? WHERE id = ?", {status, product_id});
  });
}

void mark_product_deleted(TestServer& server, const std::string& product_id) {
  int64_t now = server.clock().now_ms();
  server.app().database().write([&](db::Session& s) {
    s.exec("UPDATE products SET deleted_at = ? WHERE id = ?", {now, product_id});
  });
}

int product_stock(TestServer& server, const std::string& product_id) {
  return server.app().database().read([&](db::Session& s) {
    auto row = s.query_one("SELECT stock FROM products WHERE id = ?", {product_id});
    return row ? static_cast<int>(row->i64(0)) : -1;
  });
}

}  // namespace wolfix::test
