#include "payment/card_routes.hpp"

#include "common/json_fields.hpp"
#include "common/money.hpp"
#include "order/place_request.hpp"

namespace wolfix::payment {

namespace {
order::Actor actor_of(const http::Request& req) {
  const auto& who = req.caller();
  return order::Actor::from_role(who.role, who.profile_id);
}
}  // namespace

void register_card_routes(http::Router& router, CardPayments& payments) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;

  router.add(Method::post, "/api/orders/with-payment", Access::roles_of({"Customer"}),
             [&payments](Request& req) {
               auto input = order::parse_place_order(req.json_object(), req.caller().profile_id);
               auto claim = idempotency::claim_from_request(req, "POST /api/orders/with-payment");
               return payments.checkout(input, actor_of(req), claim);
             });

  router.add(Method::patch, "/api/orders/{orderId}/paid", Access::roles_of({"Customer"}),
             [&payments](Request& req) {
               payments.confirm_paid(actor_of(req), req.uuid_param("orderId"));
               return Response::no_content();
             });

  // The provider calls this: no token, the signature on the raw body is the authentication.
  router.add(Method::post, "/webhooks/stripe", Access::anyone(), [&payments](Request& req) {
    auto outcome =
        payments.handle_webhook(req.body, std::string(req.header("stripe-signature")));
    return Response::json(boost::json::object{{"received", true}, {"outcome", outcome}});
  });

  router.add(Method::post, "/api/orders/{orderId}/refunds",
             Access::roles_of({"Seller", "Admin", "SuperAdmin"}), [&payments](Request& req) {
               auto order_id = req.uuid_param("orderId");
               std::optional<int64_t> amount;
               std::optional<std::string> reason;
               if (!req.body.empty()) {
                 auto body = req.json_object();
                 JsonFields f(body);
                 amount = f.optional_money("amount", 2);
                 if (amount && *amount <= 0) f.fail("amount", "must be greater than zero");
                 reason = f.optional_string("reason", 500);
                 f.finish();
               }
               auto id = payments.refund(actor_of(req), order_id, amount, reason);
               auto res = Response::raw_json(payments.payment_json(actor_of(req), order_id), 201);
               res.with_header("X-Refund-Id", id);
               return res;
             });

  router.add(Method::get, "/api/orders/{orderId}/payments",
             Access::roles_of({"Customer", "Seller", "Admin", "SuperAdmin"}),
             [&payments](Request& req) {
               return Response::raw_json(
                   payments.payment_json(actor_of(req), req.uuid_param("orderId")));
             });
}

}  // namespace wolfix::payment
