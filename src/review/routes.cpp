#include "review/routes.hpp"

#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/role.hpp"
#include "common/uuid.hpp"

namespace wolfix::review {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

const Access kCustomer = only({Role::customer});
const Access kModerator = only({Role::admin, Role::super_admin});
const Access kAuthorOrModerator = only({Role::customer, Role::admin, Role::super_admin});

std::optional<std::string> last_id_query(const Request& req) {
  auto v = req.query_value("lastId");
  if (!v || v->empty()) return std::nullopt;
  auto id = parse_uuid(*v);
  if (!id) throw invalid_field("lastId", "must be a review id (GUID)");
  return id;
}

int64_t page_size_query(const Request& req) {
  return req.int_query("pageSize", kDefaultPageSize, 1, kMaxPageSize);
}

// {title?, text, rating, customerId}: the customerId must be the caller's own (403).
Draft read_draft(const Request& req, bool customer_id_required) {
  auto body = req.json_object();
  JsonFields f(body);
  Draft d;
  // Lengths in characters are checked by the model; these byte bounds only stop huge bodies.
  d.title = f.optional_string("title", kMaxTitleLength * 4);
  d.text = f.required_string("text", kMaxTextLength * 4);
  d.rating = f.required_int("rating", 1, 5);
  std::optional<std::string> customer_id;
  if (customer_id_required)
    customer_id = f.required_uuid("customerId");
  else
    customer_id = f.optional_uuid("customerId");
  f.finish();
  if (customer_id && *customer_id != req.caller().profile_id)
    throw forbidden("You can only write reviews as yourself", "not_owner");
  return d;
}

void write_review(JsonWriter& w, const ReviewView& v, bool with_moderation) {
  w.begin_object();
  w.field("id", v.id);
  w.optional_field("title", v.title ? &*v.title : nullptr);
  w.field("text", v.text);
  w.field("rating", v.rating);
  w.field("productId", v.product_id);
  w.field("createdAt", iso8601_utc(v.created_at));
  w.field("updatedAt", iso8601_utc(v.updated_at));
  w.field("authorName", v.author_name);
  w.field("verifiedPurchase", v.verified_purchase);
  if (with_moderation) {
    w.field("customerId", v.customer_id);
    w.field("status", status_name(v.status));
    w.optional_field("holdReason", v.hold_reason ? &*v.hold_reason : nullptr);
  }
  w.end_object();
}

std::string page_json(const ReviewPage& page, bool with_moderation) {
  JsonWriter w;
  w.begin_object().key("items").begin_array();
  for (const auto& v : page.items) write_review(w, v, with_moderation);
  w.end_array();
  w.optional_field("nextCursor", page.next_cursor ? &*page.next_cursor : nullptr);
  w.end_object();
  return w.take();
}

// Published: 204 as Wolfix.Server answers. Held for a moderator: 202 saying so, so a client can
// tell the shopper why the review is not shown yet.
Response written_response(const Written& w) {
  if (w.status == Status::published) return Response::no_content();
  JsonWriter j;
  j.begin_object()
      .field("id", w.id)
      .field("status", status_name(w.status))
      .field("reason", w.hold_reason)
      .field("message", w.message)
      .end_object();
  return Response::raw_json(j.take(), 202);
}

}  // namespace

void register_review_routes(http::Router& router, ReviewService& svc) {
  router.add(Method::get, "/api/products/{productId}/reviews", Access::anyone(),
             [&svc](Request& r) {
               auto product = r.uuid_param("productId");
               auto page = svc.product_reviews(product, page_size_query(r), last_id_query(r));
               return Response::raw_json(page_json(page, false));
             });
  router.add(Method::post, "/api/products/{productId}/reviews", kCustomer, [&svc](Request& r) {
    auto product = r.uuid_param("productId");
    auto draft = read_draft(r, true);
    return written_response(svc.post(r.caller().profile_id, product, std::move(draft)));
  });
  router.add(
      Method::patch, "/api/products/{productId}/reviews/{reviewId}", kCustomer, [&svc](Request& r) {
        auto product = r.uuid_param("productId");
        auto review = r.uuid_param("reviewId");
        auto draft = read_draft(r, false);
        return written_response(svc.edit(r.caller().profile_id, product, review, std::move(draft)));
      });
  router.add(Method::del, "/api/products/{productId}/reviews/{reviewId}", kAuthorOrModerator,
             [&svc](Request& r) {
               auto product = r.uuid_param("productId");
               auto review = r.uuid_param("reviewId");
               svc.remove(r.actor(), review, product);
               return Response::no_content();
             });
  router.add(Method::get, "/api/customers/{customerId}/reviews", kCustomer, [&svc](Request& r) {
    auto customer = r.uuid_param("customerId");
    if (customer != r.caller().profile_id)
      throw forbidden("You can only list your own reviews", "not_owner");
    JsonWriter w;
    w.begin_array();
    for (const auto& v : svc.of_customer(customer)) write_review(w, v, true);
    w.end_array();
    return Response::raw_json(w.take());
  });

  // Moderation queue.
  router.add(Method::get, "/api/reviews/pending", kModerator, [&svc](Request& r) {
    return Response::raw_json(page_json(svc.pending(page_size_query(r), last_id_query(r)), true));
  });
  router.add(Method::patch, "/api/reviews/{reviewId}/approve", kModerator, [&svc](Request& r) {
    svc.approve(r.uuid_param("reviewId"));
    return Response::no_content();
  });
  router.add(Method::del, "/api/reviews/{reviewId}", kModerator, [&svc](Request& r) {
    svc.remove(r.actor(), r.uuid_param("reviewId"), std::nullopt);
    return Response::no_content();
  });
}

}  // namespace wolfix::review
