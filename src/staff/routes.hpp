#pragma once
// The SuperAdmin's routes over one kind of staff (admins, support members), answered as
// Wolfix.Server does: GET {base}/page/{page} (its PaginationDto: flat names, and the phone when
// the members have one), POST {base} (204 with the new id in a header) and DELETE {base}/{id};
// and the role's liveness check that retires a removed member's token. Each module names its
// paths and passes its service.
#include <string>

#include "common/json_writer.hpp"
#include "common/role.hpp"
#include "http/router.hpp"
#include "identity/role_checks.hpp"
#include "staff/form_json.hpp"
#include "staff/model.hpp"

namespace wolfix::staff {

struct StaffRoutes {
  Role role;              // the members' role, e.g. Role::admin
  std::string base;       // "/api/admins"
  std::string id_param;   // "adminId"
  std::string id_header;  // "X-Admin-Id"
  bool with_phone;        // the form requires a phone number (admins)
};

// A page of members: {currentPage, totalPages, totalItems, items: [{id, firstName, lastName,
// middleName?, phoneNumber (when the members have one)}]}.
template <class Page>
std::string staff_page_json(const Page& p) {
  JsonWriter w;
  w.begin_page(p.page, p.total_pages, p.total_items);
  for (const auto& m : p.items) {
    w.begin_object()
        .field("id", m.id)
        .field("firstName", m.name.first_name)
        .field("lastName", m.name.last_name)
        .optional_field("middleName", m.name.middle_name ? &*m.name.middle_name : nullptr);
    if constexpr (requires { m.phone_number; }) w.field("phoneNumber", m.phone_number);
    w.end_object();
  }
  w.end_array().end_object();
  return w.take();
}

// Service: page(page, page_size) -> a page as above, create(NewStaff) -> id, remove(id),
// is_active(id). Every route is the SuperAdmin's alone.
template <class Service>
void register_staff_routes(http::Router& router, Service& service, identity::RoleChecks& checks,
                           const StaffRoutes& r) {
  checks.add(r.role, [&service](const std::string& id) { return service.is_active(id); });
  const http::Access super_admin = only({Role::super_admin});
  router.add(http::Method::get, r.base + "/page/{page}", super_admin,
             [&service](http::Request& req) {
               auto page = req.int_param("page", 1, 1000000000);
               auto size = req.int_query("pageSize", kDefaultPageSize, 1, kMaxPageSize);
               return http::Response::raw_json(staff_page_json(service.page(page, size)));
             });
  router.add(http::Method::post, r.base, super_admin, [&service, r](http::Request& req) {
    auto form = read_staff_form(req.json_object(), r.with_phone);
    auto id = service.create(validate_new_staff(form, r.with_phone));
    return http::Response::no_content().with_header(r.id_header, id);
  });
  router.add(http::Method::del, r.base + "/{" + r.id_param + "}", super_admin,
             [&service, r](http::Request& req) {
               service.remove(req.uuid_param(r.id_param));
               return http::Response::no_content();
             });
}

}  // namespace wolfix::staff
