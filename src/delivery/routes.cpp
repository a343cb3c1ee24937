#include "delivery/routes.hpp"

#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/role.hpp"

namespace wolfix::delivery {
namespace {

// --- the wire format: Wolfix.Server's DeliveryMethodDto, plus `fee` and `courier` ------------

void write_place(JsonWriter& w, const Place& p, bool post_machine) {
  w.begin_object()
      .field("id", p.id)
      .field("number", p.number)
      .field("street", p.street)
      .field("houseNumber", p.house_number);
  if (post_machine) w.optional_field("note", p.note ? &*p.note : nullptr);
  w.end_object();
}

void write_method_fields(JsonWriter& w, const Method& m) {
  w.field("id", m.id)
      .field("name", m.name)
      .money_field("fee", m.fee_minor)
      .field("courier", m.courier);
}

std::string methods_json(const std::vector<Method>& methods) {
  JsonWriter w;
  w.begin_array();
  for (const auto& m : methods) {
    w.begin_object();
    write_method_fields(w, m);
    w.key("cities").begin_array();
    for (const auto& c : m.cities) {
      w.begin_object().field("id", c.id).field("name", c.name).key("departments").begin_array();
      for (const auto& d : c.departments) write_place(w, d, false);
      w.end_array().key("postMachines").begin_array();
      for (const auto& p : c.post_machines) write_place(w, p, true);
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  return w.take();
}

std::string method_json(const Method& m) {
  JsonWriter w;
  w.begin_object();
  write_method_fields(w, m);
  w.end_object();
  return w.take();
}

std::string city_json(const City& c) {
  JsonWriter w;
  w.begin_object().field("id", c.id).field("name", c.name).end_object();
  return w.take();
}

std::string place_json(const Place& p, bool post_machine) {
  JsonWriter w;
  write_place(w, p, post_machine);
  return w.take();
}

// --- requests ------------------------------------------------------------------------------

NewPlace read_place(const http::Request& req, bool post_machine) {
  auto body = req.json_object();
  JsonFields f(body);
  NewPlace p;
  p.number = f.required_int("number", 1, kMaxPlaceNumber);
  p.street = f.required_text("street", kMaxStreetLength);
  p.house_number = f.required_int("houseNumber", 1, kMaxPlaceNumber);
  if (post_machine) p.note = f.optional_string("note", kMaxNoteLength);
  f.finish();
  return p;
}

std::string read_name(const http::Request& req) {
  auto body = req.json_object();
  JsonFields f(body);
  auto name = f.required_text("name", kMaxNameLength);
  f.finish();
  return name;
}

// {name, fee?: decimal (default 0), courier?: bool (default false)}
NewMethod read_new_method(const http::Request& req) {
  auto body = req.json_object();
  JsonFields f(body);
  NewMethod m;
  m.name = f.required_text("name", kMaxNameLength);
  m.fee_minor = f.optional_money("fee", kShopCurrency.exponent).value_or(0);
  m.courier = f.optional_bool("courier", false);
  f.finish();
  return m;
}

// {name?, fee?, courier?}: what is absent stays.
MethodChange read_method_change(const http::Request& req) {
  auto body = req.json_object();
  JsonFields f(body);
  MethodChange c;
  if (f.find("name")) c.name = f.required_text("name", kMaxNameLength);
  c.fee_minor = f.optional_money("fee", kShopCurrency.exponent);
  if (f.find("courier")) c.courier = f.optional_bool("courier", false);
  f.finish();
  return c;
}

bool truthy(const std::optional<std::string>& v) {
  return v && (*v == "true" || *v == "1");
}

}  // namespace

void register_delivery_routes(http::Router& router, DeliveryService& svc) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;
  const auto admin = only({Role::admin, Role::super_admin});

  // Public (the original needs a Customer token): the checkout page can show it before sign-in,
  // and it holds nothing private.
  router.add(Method::get, "/api/delivery-methods/delivery-methods", Access::anyone(),
             [&svc](Request& r) {
               return Response::raw_json(
                   methods_json(svc.methods(truthy(r.query_value("includeCourier")))));
             });

  router.add(Method::post, "/api/delivery-methods", admin, [&svc](Request& r) {
    return Response::raw_json(method_json(svc.add_method(read_new_method(r))), 201);
  });
  router.add(Method::patch, "/api/delivery-methods/{methodId}", admin, [&svc](Request& r) {
    auto id = r.uuid_param("methodId");
    return Response::raw_json(method_json(svc.change_method(id, read_method_change(r))));
  });
  router.add(Method::del, "/api/delivery-methods/{methodId}", admin, [&svc](Request& r) {
    svc.delete_method(r.uuid_param("methodId"));
    return Response::no_content();
  });
  router.add(Method::post, "/api/delivery-methods/{methodId}/cities", admin, [&svc](Request& r) {
    auto id = r.uuid_param("methodId");
    return Response::raw_json(city_json(svc.add_city(id, read_name(r))), 201);
  });
  router.add(Method::del, "/api/delivery-methods/cities/{cityId}", admin, [&svc](Request& r) {
    svc.delete_city(r.uuid_param("cityId"));
    return Response::no_content();
  });
  router.add(Method::post, "/api/delivery-methods/cities/{cityId}/departments", admin,
             [&svc](Request& r) {
               auto id = r.uuid_param("cityId");
               return Response::raw_json(
                   place_json(svc.add_department(id, read_place(r, false)), false), 201);
             });
  router.add(Method::post, "/api/delivery-methods/cities/{cityId}/post-machines", admin,
             [&svc](Request& r) {
               auto id = r.uuid_param("cityId");
               return Response::raw_json(
                   place_json(svc.add_post_machine(id, read_place(r, true)), true), 201);
             });
  router.add(Method::del, "/api/delivery-methods/departments/{departmentId}", admin,
             [&svc](Request& r) {
               svc.delete_department(r.uuid_param("departmentId"));
               return Response::no_content();
             });
  router.add(Method::del, "/api/delivery-methods/post-machines/{postMachineId}", admin,
             [&svc](Request& r) {
               svc.delete_post_machine(r.uuid_param("postMachineId"));
               return Response::no_content();
             });
}

}  // namespace wolfix::delivery
