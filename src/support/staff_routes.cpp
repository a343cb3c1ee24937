#include "common/json_writer.hpp"
#include "common/role.hpp"
#include "staff/form_json.hpp"
#include "support/routes.hpp"

namespace wolfix::support {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

const Access kSuperAdmin = only({Role::super_admin});

// Wolfix.Server's PaginationDto<SupportForAdminDto>.
std::string page_json(const SupportPage& p) {
  JsonWriter w;
  w.begin_object()
      .field("currentPage", p.page)
      .field("totalPages", p.total_pages)
      .field("totalItems", p.total_items)
      .key("items")
      .begin_array();
  for (const auto& r : p.items)
    w.begin_object()
        .field("id", r.id)
        .field("firstName", r.name.first_name)
        .field("lastName", r.name.last_name)
        .optional_field("middleName", r.name.middle_name ? &*r.name.middle_name : nullptr)
        .end_object();
  w.end_array().end_object();
  return w.take();
}

}  // namespace

void register_staff_routes(http::Router& router, SupportStaffService& supports,
                           identity::RoleChecks& checks) {
  checks.add(Role::support, [&supports](const std::string& id) { return supports.is_active(id); });

  router.add(Method::get, "/api/supports/page/{page}", kSuperAdmin, [&supports](Request& req) {
    auto page = req.int_param("page", 1, 1000000000);
    auto size = req.int_query("pageSize", staff::kDefaultPageSize, 1, staff::kMaxPageSize);
    return Response::raw_json(page_json(supports.page(page, size)));
  });
  router.add(Method::post, "/api/supports", kSuperAdmin, [&supports](Request& req) {
    auto form = staff::read_staff_form(req.json_object(), false);
    auto id = supports.create(staff::validate_new_staff(form, false));
    return Response::no_content().with_header("X-Support-Id", id);
  });
  router.add(Method::del, "/api/supports/{supportId}", kSuperAdmin, [&supports](Request& req) {
    supports.remove(req.uuid_param("supportId"));
    return Response::no_content();
  });
}

}  // namespace wolfix::support
