#pragma once
// Catalog rows made directly in the database (categories, products), so customer, seller and
// order tests get products without going through the catalog routes or media uploads.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace wolfix::test {

struct TestCategory {
  std::string id;         // the child category products belong to
  std::string parent_id;  // its parent
  std::string name;
};

// A fresh parent category with one child category (names are unique per call).
TestCategory make_category(TestServer& server, const std::string& hint = "Category");

struct ProductSpec {
  int64_t price_minor = 10000;  // 100.00
  int stock = 10;
  std::optional<int> discount_percent;  // active for 30 days from the server clock's now
  std::string status = "InStock";       // Wolfix.Server ProductStatus name
  std::string category_id;              // empty: a new category is made
  std::string title;                    // empty: "Product <n>"
  int64_t bonuses_minor = 0;
  std::optional<std::string> main_photo_url;
};

struct TestProduct {
  std::string id;
  std::string seller_id;
  std::string category_id;
  std::string title;
  int64_t price_minor = 0;
  int stock = 0;
};

TestProduct make_product(TestServer& server, const Actor& seller, const ProductSpec& spec);
// The common case: price in minor units, stock, optional discount percent.
TestProduct make_product(TestServer& server, const Actor& seller, int64_t price_minor = 10000,
                         int stock = 10, std::optional<int> discount_percent = std::nullopt);

// `count` products like make_product(server, seller, spec), written in one transaction (for
// tests that need hundreds); spec.category_id must be set.
std::vector<TestProduct> make_products(TestServer& server, const Actor& seller,
                                       const ProductSpec& spec, int count);

// Direct changes for tests that need a product to change under a cart or an order.
void set_product_stock(TestServer& server, const std::string& product_id, int stock);
void set_product_price(TestServer& server, const std::string& product_id, int64_t price_minor);
void set_product_status(TestServer& server, const std::string& product_id,
                        const std::string& status);
void mark_product_deleted(TestServer& server, const std::string& product_id);
int product_stock(TestServer& server, const std::string& product_id);

}  // namespace wolfix::test
