#include <boost/json.hpp>

#include "common/clock.hpp"
#include "common/errors.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/role.hpp"
#include "common/uuid.hpp"
#include "http/idempotency_key.hpp"
#include "http/multipart.hpp"
#include "support/routes.hpp"

namespace wolfix::support {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

const Access kCustomer = only({Role::customer});
const Access kSupport = only({Role::support});

constexpr std::size_t kMaxRaw = 16384;

// A customer acts only on their own requests (Wolfix.Server never checks: S3).
std::string own_customer(const Request& req) {
  auto id = req.uuid_param("customerId");
  if (req.caller().profile_id != id)
    throw forbidden("You can only read your own support requests", "not_owner");
  return id;
}

// A support member answers only as themselves (S3: the original took any support id).
std::string own_support(const Request& req) {
  auto id = req.uuid_param("supportId");
  if (req.caller().profile_id != id)
    throw forbidden("You can only answer as yourself", "not_owner");
  return id;
}

std::optional<Category> category_query(const Request& req) {
  auto v = req.query_value("category");
  if (!v || v->empty()) return std::nullopt;
  auto c = parse_category(*v);
  if (!c)
    throw ApiError(400, "validation_failed", "Category: '" + *v + "' is invalid.",
                   {{"category", {"must be General, OrderIssue or BugOrError"}}});
  return c;
}

// A JSON value as text, for fields a client may send as a string or a number (an order number).
std::optional<std::string> text_of(JsonFields& f, std::string_view name) {
  const auto* v = f.find(name);
  if (!v) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64() || v->is_uint64()) return boost::json::serialize(*v);
  f.fail(name, "must be a string");
  return std::nullopt;
}

RequestForm form_from_json(const boost::json::object& body) {
  JsonFields f(body);
  RequestForm r;
  r.kind = f.optional_string("kind", kMaxRaw);
  r.category = f.optional_string("category", kMaxRaw);
  r.customer_id = f.optional_string("customerId", kMaxRaw);
  r.content = f.optional_string("content", kMaxRaw);
  r.first_name = f.optional_string("firstName", kMaxRaw);
  r.last_name = f.optional_string("lastName", kMaxRaw);
  r.middle_name = f.optional_string("middleName", kMaxRaw);
  r.phone_number = f.optional_string("phoneNumber", kMaxRaw);
  r.birth_date = f.optional_string("birthDate", kMaxRaw);
  r.order_id = f.optional_string("orderId", kMaxRaw);
  r.order_number = text_of(f, "orderNumber");
  r.photo_url = f.optional_string("photoUrl", kMaxRaw);
  f.finish();
  return r;
}

RequestForm form_from_multipart(const http::MultipartForm& form) {
  auto text = [&](std::string_view name) -> std::optional<std::string> {
    auto v = form.field(name);
    if (v && v->empty()) return std::nullopt;  // ASP.NET binds an empty field to null
    return v;
  };
  RequestForm r;
  r.kind = text("kind");
  r.category = text("category");
  r.customer_id = text("customerId");
  r.content = text("content");
  r.first_name = text("firstName");
  r.last_name = text("lastName");
  r.middle_name = text("middleName");
  r.phone_number = text("phoneNumber");
  r.birth_date = text("birthDate");
  r.order_id = text("orderId");
  r.order_number = text("orderNumber");
  r.photo_url = text("photoUrl");
  r.has_photo_upload = !form.files("photo").empty();
  return r;
}

void write_additional(JsonWriter& w, const SupportRequest& r) {
  w.key("additionalProperties").begin_array();
  auto prop = [&](const char* name, const std::string& value) {
    w.begin_object().field("name", name).field("value", value).field("type", "String").end_object();
  };
  if (r.category == Category::bug_or_error && r.photo_url) prop("PhotoUrl", *r.photo_url);
  if (r.category == Category::order_issue) {
    if (r.order_id) prop("OrderId", *r.order_id);
    if (r.order_number) prop("OrderNumber", *r.order_number);
  }
  w.end_array();
}

void write_person(JsonWriter& w, const SupportRequest& r) {
  auto opt = [&](const char* k, const std::optional<std::string>& v) {
    w.optional_field(k, v ? &*v : nullptr);
  };
  opt("firstName", r.first_name);
  opt("lastName", r.last_name);
  opt("middleName", r.middle_name);
  opt("phoneNumber", r.phone_number);
}

// SupportRequestShortDto (+ customerId, status and the person fields the request carried).
std::string staff_list_json(const std::vector<SupportRequest>& items) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : items) {
    w.begin_object()
        .field("id", r.id)
        .field("category", category_name(r.category))
        .field("requestContent", r.content)
        .field("createdAt", iso8601_utc(r.created_at));
    write_additional(w, r);
    w.field("customerId", r.customer_id).field("status", status_name(r.status));
    write_person(w, r);
    w.end_object();
  }
  w.end_array();
  return w.take();
}

void write_answer(JsonWriter& w, const SupportRequest& r) {
  w.field("responseContent", r.response_content.value_or(""));
  if (r.processed_at)
    w.field("processedAt", iso8601_utc(*r.processed_at));
  else
    w.key("processedAt").null();
}

// SupportRequestForCustomerShortDto (+ the answer, so a list can show it).
std::string customer_list_json(const std::vector<SupportRequest>& items) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : items) {
    w.begin_object()
        .field("id", r.id)
        .field("category", category_name(r.category))
        .field("requestContent", r.content)
        .field("status", status_name(r.status))
        .field("createdAt", iso8601_utc(r.created_at));
    write_answer(w, r);
    w.end_object();
  }
  w.end_array();
  return w.take();
}

// SupportRequestForCustomerDto.
std::string customer_detail_json(const SupportRequest& r) {
  JsonWriter w;
  w.begin_object()
      .field("id", r.id)
      .field("category", category_name(r.category))
      .field("requestContent", r.content)
      .field("status", status_name(r.status));
  write_answer(w, r);
  w.field("createdAt", iso8601_utc(r.created_at));
  write_additional(w, r);
  w.end_object();
  return w.take();
}

}  // namespace

void register_request_routes(http::Router& router, SupportRequestService& requests,
                             const Clock& clock) {
  auto create = [&requests, &clock](Request& req) {
    const auto& caller = req.caller();
    bool multipart = req.header("content-type").starts_with("multipart/");
    std::optional<http::MultipartForm> form;
    RequestForm in;
    if (multipart) {
      form.emplace(http::MultipartForm::parse(req));
      in = form_from_multipart(*form);
    } else {
      in = form_from_json(req.json_object());
    }
    if (in.customer_id) {
      auto id = parse_uuid(*in.customer_id);
      if (id && *id != caller.profile_id)
        throw forbidden("You can only file support requests for yourself", "not_owner");
    }
    auto valid = validate_new_request(in, clock.now_ms());
    const http::MultipartPart* photo = nullptr;
    if (form) {
      auto files = form->files("photo");
      if (!files.empty()) photo = files.front();
    }
    auto claim = idempotency::claim_from_request(req, "POST /api/support-requests");
    auto created = requests.create(valid, caller.account_id, photo, claim);
    auto res = Response::no_content().with_header("X-Support-Request-Id", created.id);
    if (created.replayed) res.with_header("Idempotent-Replayed", "true");
    return res;
  };
  router.add_upload(Method::post, "/api/support-requests", kCustomer, create);
  // Wolfix.Server mapped its create route under its own group prefix (S18); its clients call it.
  router.add_upload(Method::post, "/api/support-requests/api/support-requests", kCustomer, create);

  router.add(Method::get, "/api/support-requests/{customerId}", kCustomer,
             [&requests](Request& req) {
               auto customer = own_customer(req);
               return Response::raw_json(
                   customer_list_json(requests.of_customer(customer, category_query(req))));
             });
  router.add(Method::get, "/api/support-requests/{customerId}/{supportRequestId}", kCustomer,
             [&requests](Request& req) {
               auto customer = own_customer(req);
               return Response::raw_json(customer_detail_json(
                   requests.one_of_customer(customer, req.uuid_param("supportRequestId"))));
             });

  router.add(Method::get, "/api/support-requests", kSupport, [&requests](Request& req) {
    return Response::raw_json(staff_list_json(requests.pending(category_query(req))));
  });
  router.add(Method::patch, "/api/support-requests/{supportRequestId}/supports/{supportId}/respond",
             kSupport, [&requests](Request& req) {
               auto support = own_support(req);
               auto request_id = req.uuid_param("supportRequestId");
               auto body = req.json_object();
               JsonFields f(body);
               auto content = f.optional_string("content", kMaxRaw);
               f.finish();
               requests.respond(request_id, support, validate_response(content));
               return Response::no_content();
             });
  router.add(Method::patch, "/api/support-requests/{supportRequestId}/supports/{supportId}/cancel",
             kSupport, [&requests](Request& req) {
               auto support = own_support(req);
               requests.cancel(req.uuid_param("supportRequestId"), support);
               return Response::no_content();
             });
}

}  // namespace wolfix::support
