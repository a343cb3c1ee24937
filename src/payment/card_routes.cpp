#include "payment/card_routes.hpp"

#include <set>

#include "common/errors.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/money.hpp"
#include "common/role.hpp"
#include "http/idempotency_key.hpp"
#include "order/place_request.hpp"
#include "payment/payments_json.hpp"

namespace wolfix::payment {

namespace {
constexpr std::size_t kMaxRefundItems = 100;
constexpr int64_t kMaxRefundQuantity = 1'000'000;

RefundRequest parse_refund_request(const boost::json::object& body) {
  RefundRequest r;
  JsonFields f(body);
  r.amount = f.optional_money("amount", kShopCurrency.exponent);
  if (r.amount && *r.amount <= 0) f.fail("amount", "must be greater than zero");
  r.reason = f.optional_string("reason", 500);
  FieldErrors errors;
  if (const auto* items = f.find("items")) {
    if (!items->is_array()) {
      f.fail("items", "must be an array of {productId, quantity}");
    } else if (items->as_array().size() > kMaxRefundItems) {
      f.fail("items", "at most " + std::to_string(kMaxRefundItems) + " items");
    } else {
      std::set<std::string> seen;
      const auto& arr = items->as_array();
      for (std::size_t i = 0; i < arr.size(); ++i) {
        std::string prefix = "items[" + std::to_string(i) + "]";
        if (!arr[i].is_object()) {
          errors[prefix].push_back("must be an object {productId, quantity}");
          continue;
        }
        JsonFields li(arr[i].as_object(), prefix);
        RefundItemRequest item;
        item.product_id = li.required_uuid("productId");
        item.quantity = li.required_int("quantity", 1, kMaxRefundQuantity);
        if (!item.product_id.empty() && !seen.insert(item.product_id).second)
          li.fail("productId", "product " + item.product_id + " is listed twice");
        for (auto& [k, v] : li.errors()) errors[k].insert(errors[k].end(), v.begin(), v.end());
        r.items.push_back(std::move(item));
      }
    }
  }
  for (auto& [k, v] : f.errors()) errors[k].insert(errors[k].end(), v.begin(), v.end());
  if (!errors.empty()) throw validation_failed(std::move(errors));
  return r;
}

// {orderId, clientSecret (null when bonuses paid it all), totalAmount, currency}.
http::Response checkout_answer(const CheckoutAnswer& a) {
  JsonWriter w;
  w.begin_object().field("orderId", a.order_id);
  if (a.client_secret.empty())
    w.key("clientSecret").null();
  else
    w.field("clientSecret", a.client_secret);
  w.money_field("totalAmount", a.total_minor, currency_exponent(a.currency))
      .field("currency", a.currency)
      .end_object();
  return http::Response::raw_json(w.take());
}

}  // namespace

void register_card_routes(http::Router& router, CardPayments& payments) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;

  router.add(
      Method::post, "/api/orders/with-payment", only({Role::customer}), [&payments](Request& req) {
        auto input = order::parse_place_order(req.json_object(), req.caller().profile_id);
        auto claim = idempotency::claim_from_request(req, "POST /api/orders/with-payment");
        auto outcome = payments.checkout(input, req.actor(), claim, [](const CheckoutAnswer& a) {
          return idempotency::to_stored(checkout_answer(a));
        });
        if (outcome.replayed) return idempotency::to_response(*outcome.replayed, true);
        return checkout_answer(*outcome.value);
      });

  router.add(Method::patch, "/api/orders/{orderId}/paid", only({Role::customer}),
             [&payments](Request& req) {
               payments.confirm_paid(req.actor(), req.uuid_param("orderId"));
               return Response::no_content();
             });

  // The provider calls this: no token, the signature on the raw body is the authentication.
  router.add(Method::post, "/webhooks/stripe", Access::anyone(), [&payments](Request& req) {
    auto outcome = payments.handle_webhook(req.body, std::string(req.header("stripe-signature")));
    return Response::json(boost::json::object{{"received", true}, {"outcome", outcome}});
  });

  // Body (all optional): {"amount": 100.50, "reason": "...", "items": [{"productId", "quantity"}]}.
  router.add(Method::post, "/api/orders/{orderId}/refunds",
             only({Role::seller, Role::admin, Role::super_admin}), [&payments](Request& req) {
               auto order_id = req.uuid_param("orderId");
               RefundRequest request;
               if (!req.body.empty()) request = parse_refund_request(req.json_object());
               auto id = payments.refund(req.actor(), order_id, request);
               auto res = Response::raw_json(
                   order_payments_json(payments.payments(req.actor(), order_id)), 201);
               res.with_header("X-Refund-Id", id);
               return res;
             });

  router.add(Method::get, "/api/orders/{orderId}/payments",
             only({Role::customer, Role::seller, Role::admin, Role::super_admin}),
             [&payments](Request& req) {
               return Response::raw_json(
                   order_payments_json(payments.payments(req.actor(), req.uuid_param("orderId"))));
             });
}

}  // namespace wolfix::payment
