#include "customer/routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "catalog/model.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/person_json.hpp"
#include "common/role.hpp"
#include "media/public_url.hpp"
#include "person/profile_routes.hpp"

namespace wolfix::customer {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

const Access kCustomer = only({Role::customer});

// The caller may act only on their own customer profile (Wolfix.Server never checks: S3).
void require_own(const Request& req, const std::string& customer_id) {
  if (req.caller().profile_id != customer_id)
    throw forbidden("You can only use your own customer profile", "not_owner");
}

std::string own_path_customer(const Request& req) {
  auto id = req.uuid_param("customerId");
  require_own(req, id);
  return id;
}

void write_rating(JsonWriter& w, double rating) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rating);
  w.raw(ec == std::errc{} ? std::string_view(buf, end - buf) : std::string_view("0"));
}

std::string profile_json(const CustomerRecord& c, std::string_view origin) {
  JsonWriter w;
  w.begin_object().field("id", c.id);
  w.optional_field("photoUrl", media::optional_public_url(origin, c.photo_url));
  person::write_personal_fields(
      w, c.full_name ? &*c.full_name : nullptr, c.phone_number ? &*c.phone_number : nullptr,
      c.address ? &*c.address : nullptr, c.birth_date ? &*c.birth_date : nullptr);
  w.money_field("bonusesAmount", c.bonuses_minor);
  w.end_object();
  return w.take();
}

// Wolfix.Server's status as a shopper is shown it (catalog/model.hpp); a removed product is
// NotAvailable.
std::string shown_status(const catalog::ProductCard* p) {
  if (!p || p->deleted) return "NotAvailable";
  return std::string(catalog::shown_status(p->status, p->tracks_stock, p->stock));
}

std::string cart_json(const CartView& v, std::string_view origin) {
  JsonWriter w;
  w.begin_object().key("items").begin_array();
  for (const auto& item : v.items) {
    const auto* p = item.product ? &*item.product : nullptr;
    w.begin_object().field("id", item.id).field("productId", item.product_id);
    w.optional_field("sellerId", p ? &p->seller_id : nullptr);
    w.optional_field("photoUrl",
                     media::optional_public_url(origin, p ? p->main_photo_url : std::nullopt));
    w.field("title", p ? p->title : std::string());
    w.money_field("price", item.priced.unit_price_minor);
    w.field("quantity", item.priced.quantity);
    w.money_field("totalPrice", item.priced.total_minor);
    w.field("available", item.priced.availability == Availability::available);
    w.field("availability", availability_name(item.priced.availability));
    // null: the product does not count its stock (always available while on sale).
    w.key("stock");
    if (p && !p->deleted && !p->tracks_stock)
      w.null();
    else
      w.number(p && !p->deleted ? p->stock : int64_t{0});
    w.field("status", shown_status(p));
    // Wolfix additions for the cart page's product cards; null / 0 without reviews.
    w.key("averageRating");
    if (p && p->reviews_count > 0)
      write_rating(w, p->average_rating);
    else
      w.null();
    w.field("reviewsCount", p ? p->reviews_count : int64_t{0});
    w.end_object();
  }
  w.end_array();
  w.field("customerId", v.customer_id);
  w.money_field("bonusesAmount", v.bonuses_minor);
  w.money_field("totalCartPriceWithoutBonuses", v.total_minor);
  w.end_object();
  return w.take();
}

std::string favorites_json(const std::string& customer_id, const std::vector<FavoriteView>& items,
                           std::string_view origin) {
  JsonWriter w;
  w.begin_array();
  for (const auto& f : items) {
    const auto* p = f.product ? &*f.product : nullptr;
    w.begin_object().field("id", f.id).field("productId", f.product_id);
    w.optional_field("photoUrl",
                     media::optional_public_url(origin, p ? p->main_photo_url : std::nullopt));
    w.field("title", p ? p->title : std::string());
    w.key("averageRating");
    write_rating(w, p ? p->average_rating : 0);
    w.field("reviewsCount", p ? p->reviews_count : int64_t{0});
    w.money_field("price", p ? p->price_minor : 0);
    w.money_field("finalPrice", p ? p->final_price_minor : 0);
    w.money_field("bonuses", p ? p->bonuses_minor : 0);
    w.field("customerId", customer_id);
    w.field("available", p != nullptr && p->buyable());
    w.field("status", shown_status(p));
    w.end_object();
  }
  w.end_array();
  return w.take();
}

// {customerId, productId, quantity?} of the cart and favorites POSTs, with the owner check.
struct ProductRef {
  std::string customer_id;
  std::string product_id;
  int64_t quantity = 1;
};

ProductRef read_product_ref(const Request& req, bool with_quantity) {
  auto body = req.json_object();
  JsonFields f(body);
  ProductRef r;
  r.customer_id = f.required_uuid("customerId");
  r.product_id = f.required_uuid("productId");
  if (with_quantity) r.quantity = f.optional_int("quantity", 1, kMaxLineQuantity).value_or(1);
  f.finish();
  require_own(req, r.customer_id);
  return r;
}

}  // namespace

void register_routes(http::Router& router, CustomerService& service, Clock& clock) {
  // Profile.
  router.add(Method::get, "/api/customers/{customerId}", kCustomer, [&service](Request& req) {
    return Response::raw_json(profile_json(service.profile(own_path_customer(req)), req.origin));
  });
  person::register_profile_routes(router, "/api/customers/{customerId}", kCustomer,
                                  own_path_customer, service.personal_data(), clock);

  // Cart.
  router.add(
      Method::get, "/api/customers/cart-items/{customerId}", kCustomer, [&service](Request& req) {
        return Response::raw_json(cart_json(service.cart(own_path_customer(req)), req.origin));
      });
  router.add(Method::post, "/api/customers/cart-items", kCustomer, [&service](Request& req) {
    auto r = read_product_ref(req, true);
    service.add_to_cart(r.customer_id, r.product_id, r.quantity);
    return Response::no_content();
  });
  router.add(Method::patch, "/api/customers/cart-items/{customerId}/{cartItemId}", kCustomer,
             [&service](Request& req) {
               auto id = own_path_customer(req);
               auto line = req.uuid_param("cartItemId");
               auto body = req.json_object();
               JsonFields f(body);
               auto quantity = f.required_int("quantity", 1, kMaxLineQuantity);
               f.finish();
               service.set_cart_quantity(id, line, quantity);
               return Response::no_content();
             });
  router.add(Method::del, "/api/customers/cart-items/{customerId}/{cartItemId}", kCustomer,
             [&service](Request& req) {
               auto id = own_path_customer(req);
               service.remove_from_cart(id, req.uuid_param("cartItemId"));
               return Response::no_content();
             });

  // Favorites.
  router.add(Method::get, "/api/customers/favorites/{customerId}", kCustomer,
             [&service](Request& req) {
               auto id = own_path_customer(req);
               return Response::raw_json(favorites_json(id, service.favorites(id), req.origin));
             });
  router.add(Method::post, "/api/customers/favorites", kCustomer, [&service](Request& req) {
    auto r = read_product_ref(req, false);
    service.add_favorite(r.customer_id, r.product_id);
    return Response::no_content();
  });
  router.add(Method::del, "/api/customers/favorites/{customerId}/{favoriteItemId}", kCustomer,
             [&service](Request& req) {
               auto id = own_path_customer(req);
               service.remove_favorite(id, req.uuid_param("favoriteItemId"));
               return Response::no_content();
             });
}

}  // namespace wolfix::customer
