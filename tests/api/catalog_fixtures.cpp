#include "catalog_fixtures.hpp"

#include <atomic>
#include <stdexcept>

#include "common/uuid.hpp"

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
  auto probe = server.probe();
  probe.add_category(c.parent_id, std::nullopt, parent_name, parent_name, now);
  std::string lower = c.name;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  probe.add_category(c.id, c.parent_id, c.name, lower, now);
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
  std::vector<Probe::ProductRow> rows;
  for (const auto& p : out)
    rows.push_back({p.id, p.seller_id, p.category_id, p.title, "A product made by a test",
                    p.price_minor, spec.status, p.stock, spec.discount_percent, expires,
                    spec.bonuses_minor, spec.main_photo_url, now});
  server.probe().add_products(rows);
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
  server.probe().set_stock(product_id, stock);
}

void set_product_price(TestServer& server, const std::string& product_id, int64_t price_minor) {
  server.probe().set_price(product_id, price_minor);
}

void set_product_status(TestServer& server, const std::string& product_id,
                        const std::string& status) {
  server.probe().set_product_status(product_id, status);
}

void mark_product_deleted(TestServer& server, const std::string& product_id) {
  server.probe().mark_product_deleted(product_id, server.clock().now_ms());
}

int product_stock(TestServer& server, const std::string& product_id) {
  return static_cast<int>(server.probe().stock(product_id));
}

}  // namespace wolfix::test
