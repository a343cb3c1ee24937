#include "admin/routes.hpp"

#include "common/json_writer.hpp"
#include "common/role.hpp"
#include "staff/form_json.hpp"

namespace wolfix::admin {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

const Access kSuperAdmin = only({Role::super_admin});

// Wolfix.Server's PaginationDto<AdminForAdminDto>: flat names and the phone as a string.
std::string page_json(const AdminPage& p) {
  JsonWriter w;
  w.begin_object()
      .field("currentPage", p.page)
      .field("totalPages", p.total_pages)
      .field("totalItems", p.total_items)
      .key("items")
      .begin_array();
  for (const auto& a : p.items)
    w.begin_object()
        .field("id", a.id)
        .field("firstName", a.name.first_name)
        .field("lastName", a.name.last_name)
        .optional_field("middleName", a.name.middle_name ? &*a.name.middle_name : nullptr)
        .field("phoneNumber", a.phone_number)
        .end_object();
  w.end_array().end_object();
  return w.take();
}

}  // namespace

void register_routes(http::Router& router, AdminService& admins, identity::RoleChecks& checks) {
  checks.add(Role::admin, [&admins](const std::string& id) { return admins.is_active(id); });

  router.add(Method::get, "/api/admins/page/{page}", kSuperAdmin, [&admins](Request& req) {
    auto page = req.int_param("page", 1, 1000000000);
    auto size = req.int_query("pageSize", staff::kDefaultPageSize, 1, staff::kMaxPageSize);
    return Response::raw_json(page_json(admins.page(page, size)));
  });
  router.add(Method::post, "/api/admins", kSuperAdmin, [&admins](Request& req) {
    auto form = staff::read_staff_form(req.json_object(), true);
    auto id = admins.create(staff::validate_new_staff(form, true));
    return Response::no_content().with_header("X-Admin-Id", id);
  });
  router.add(Method::del, "/api/admins/{adminId}", kSuperAdmin, [&admins](Request& req) {
    admins.remove(req.uuid_param("adminId"));
    return Response::no_content();
  });
}

}  // namespace wolfix::admin
