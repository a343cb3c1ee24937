#include "order/routes.hpp"

#include "common/json_fields.hpp"
#include "common/role.hpp"
#include "http/idempotency_key.hpp"
#include "order/order_json.hpp"
#include "order/place_request.hpp"

namespace wolfix::order {
namespace {

Page page_of(const http::Request& r) {
  Page p;
  p.page = r.int_query("page", 1, 1, 1'000'000);
  p.page_size = r.int_query("pageSize", 100, 1, 500);
  return p;
}

std::optional<std::string> optional_note(const http::Request& r, JsonFields& f) {
  auto note = f.optional_string("note", 500);
  if (!note) note = f.optional_string("reason", 500);
  return note;
}

http::Response placed_answer(const PlacedOrder& placed) {
  return http::Response::no_content()
      .with_header("Location", "/api/orders/" + placed.id + "/details")
      .with_header("X-Order-Id", placed.id)
      .with_header("X-Order-Number", placed.number);
}

}  // namespace

void register_order_routes(http::Router& router, OrderService& svc) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;
  const auto customer = only({Role::customer});
  const auto seller = only({Role::seller});

  router.add(Method::post, "/api/orders", customer, [&svc](Request& r) {
    Actor actor = r.actor();
    boost::json::value body = r.json_object();
    auto input = parse_place_order(body.as_object(), actor.id);
    auto claim = idempotency::claim_from_request(r, "POST /api/orders", body);
    auto outcome = svc.place_cash_order(input, actor, claim, [](const PlacedOrder& placed) {
      return idempotency::to_stored(placed_answer(placed));
    });
    if (outcome.replayed) return idempotency::to_response(*outcome.replayed, true);
    return placed_answer(*outcome.value);
  });

  router.add(Method::get, "/api/orders/{customerId}", customer, [&svc](Request& r) {
    auto id = r.uuid_param("customerId");
    return Response::raw_json(customer_orders_json(svc.customer_orders(r.actor(), id, page_of(r))));
  });

  router.add(Method::get, "/api/orders/{orderId}/details",
             only({Role::customer, Role::seller, Role::admin, Role::super_admin}),
             [&svc](Request& r) {
               auto id = r.uuid_param("orderId");
               return Response::raw_json(details_json(svc.details(r.actor(), id), r.origin));
             });

  router.add(Method::get, "/api/orders/sellers/{sellerId}", seller, [&svc](Request& r) {
    auto id = r.uuid_param("sellerId");
    return Response::raw_json(
        seller_lines_json(svc.seller_lines(r.actor(), id, page_of(r)), r.origin));
  });

  router.add(Method::patch, "/api/orders/{orderId}/delivery-status",
             only({Role::seller, Role::admin, Role::super_admin}), [&svc](Request& r) {
               auto id = r.uuid_param("orderId");
               auto body = r.json_object();
               JsonFields f(body);
               auto status = f.required_int("status", 0, 3);
               auto note = optional_note(r, f);
               f.finish();
               svc.change_delivery_status(id, *delivery_status_from_int(status), r.actor(), note);
               return Response::no_content();
             });

  router.add(Method::post, "/api/orders/{orderId}/cancel", customer, [&svc](Request& r) {
    auto id = r.uuid_param("orderId");
    std::optional<std::string> note;
    if (!r.body.empty()) {
      auto body = r.json_object();
      JsonFields f(body);
      note = optional_note(r, f);
      f.finish();
    }
    svc.cancel_order(id, r.actor(), note);
    return Response::no_content();
  });
}

}  // namespace wolfix::order
