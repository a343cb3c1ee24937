#include "customer/service.hpp"

#include "common/errors.hpp"

namespace wolfix::customer {
namespace {

ApiError customer_not_found(const std::string& id) {
  return not_found("Customer with id: " + id + " not found", "customer_not_found");
}

ApiError product_not_found(const std::string& id) {
  return not_found("Product with id: " + id + " not found", "product_not_found");
}

void require_customer(db::Session& s, const std::string& id) {
  if (!customer_exists(s, id)) throw customer_not_found(id);
}

// The product rules shared by adding to a line and setting its quantity.
void require_purchasable(const catalog::ProductCard& p, int64_t quantity) {
  switch (availability_for(&p, quantity)) {
    case Availability::available:
      return;
    case Availability::removed:
      throw product_not_found(p.id);
    case Availability::not_available:
      throw conflict("product_unavailable", "Product with id: " + p.id + " is not available");
    case Availability::out_of_stock:
      throw conflict("out_of_stock", "Product with id: " + p.id + " is out of stock");
    case Availability::insufficient_stock:
      throw conflict("out_of_stock", "Only " + std::to_string(p.stock) +
                                         " units of product with id: " + p.id + " are in stock");
  }
}

}  // namespace

CustomerService::CustomerService(db::Database& db, const Clock& clock)
    : db_(db), clock_(clock), personal_data_(db, {"customers", ""}, customer_not_found) {}

CustomerRecord CustomerService::profile(const std::string& customer_id) {
  auto c = db_.read([&](db::Session& s) { return find_customer(s, customer_id); });
  if (!c || c->blocked) throw customer_not_found(customer_id);
  return *c;
}

void CustomerService::add_to_cart(const std::string& customer_id, const std::string& product_id,
                                  int64_t quantity) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    require_customer(s, customer_id);
    auto product = catalog::find_product_card(s, product_id, now);
    if (!product) throw product_not_found(product_id);
    require_purchasable(*product, quantity);
    // The line's new quantity (with what was already there) must fit the stock; when it does
    // not, throwing rolls the addition back.
    int64_t total = add_to_cart_line(s, customer_id, product_id, quantity, now);
    require_purchasable(*product, total);
  });
}

void CustomerService::set_cart_quantity(const std::string& customer_id, const std::string& line_id,
                                        int64_t quantity) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto line = find_cart_line(s, customer_id, line_id);
    if (!line)
      throw not_found("Cart item with id: " + line_id + " not found", "cart_item_not_found");
    auto product = catalog::find_product_card(s, line->product_id, now);
    if (!product || product->deleted)
      throw conflict("product_unavailable",
                     "Product with id: " + line->product_id + " is no longer sold");
    require_purchasable(*product, quantity);
    set_cart_line_quantity(s, customer_id, line_id, quantity);
  });
}

void CustomerService::remove_from_cart(const std::string& customer_id, const std::string& line_id) {
  db_.write([&](db::Session& s) {
    if (!delete_cart_line(s, customer_id, line_id))
      throw not_found("Cart item with id: " + line_id + " not found", "cart_item_not_found");
  });
}

CartView CustomerService::cart(const std::string& customer_id) {
  int64_t now = clock_.now_ms();
  return db_.read([&](db::Session& s) {
    auto c = find_customer(s, customer_id);
    if (!c) throw customer_not_found(customer_id);
    CartView v;
    v.customer_id = customer_id;
    v.bonuses_minor = c->bonuses_minor;
    auto lines = cart_lines(s, customer_id);
    std::vector<std::string> ids;
    for (const auto& l : lines) ids.push_back(l.product_id);
    auto products = catalog::find_product_cards(s, ids, now);
    std::vector<PricedLine> priced;
    for (const auto& l : lines) {
      CartLineView item{l.id, l.product_id, std::nullopt, {}};
      auto it = products.find(l.product_id);
      if (it != products.end()) item.product = it->second;
      item.priced = price_line(item.product ? &*item.product : nullptr, l.quantity);
      priced.push_back(item.priced);
      v.items.push_back(std::move(item));
    }
    v.total_minor = cart_total(priced);
    return v;
  });
}

void CustomerService::add_favorite(const std::string& customer_id, const std::string& product_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    require_customer(s, customer_id);
    auto product = catalog::find_product_card(s, product_id, now);
    if (!product || product->deleted) throw product_not_found(product_id);
    customer::add_favorite(s, customer_id, product_id, now);
  });
}

void CustomerService::remove_favorite(const std::string& customer_id, const std::string& item_id) {
  db_.write([&](db::Session& s) {
    if (!delete_favorite(s, customer_id, item_id))
      throw not_found("Favorite item with id: " + item_id + " not found",
                      "favorite_item_not_found");
  });
}

std::vector<FavoriteView> CustomerService::favorites(const std::string& customer_id) {
  int64_t now = clock_.now_ms();
  return db_.read([&](db::Session& s) {
    require_customer(s, customer_id);
    auto lines = favorite_lines(s, customer_id);
    std::vector<std::string> ids;
    for (const auto& l : lines) ids.push_back(l.product_id);
    auto products = catalog::find_product_cards(s, ids, now);
    std::vector<FavoriteView> out;
    for (const auto& l : lines) {
      FavoriteView f{l.id, l.product_id, std::nullopt};
      auto it = products.find(l.product_id);
      if (it != products.end()) f.product = it->second;
      out.push_back(std::move(f));
    }
    return out;
  });
}

}  // namespace wolfix::customer
