#include "seller/routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "common/clock.hpp"
#include "common/errors.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/person_json.hpp"
#include "common/role.hpp"
#include "common/uuid.hpp"
#include "http/multipart.hpp"
#include "media/public_url.hpp"
#include "person/profile_routes.hpp"

namespace wolfix::seller {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

const Access kSeller = only({Role::seller});
const Access kAdmin = only({Role::admin});
const Access kSuperAdmin = only({Role::super_admin});
const Access kCustomer = only({Role::customer});

// A seller acts only on their own profile (Wolfix.Server never checks: S3).
std::string own_path_seller(const Request& req) {
  auto id = req.uuid_param("sellerId");
  if (req.caller().profile_id != id)
    throw forbidden("You can only use your own seller profile", "not_owner");
  return id;
}

void write_profile_fields(JsonWriter& w, const SellerRecord& r, std::string_view origin) {
  w.field("id", r.id);
  w.optional_field("photoUrl", media::optional_public_url(origin, r.photo_url));
  person::write_personal_fields(w, &r.data.full_name, &r.data.phone_number, &r.data.address,
                                &r.data.birth_date);
}

std::string seller_json(const SellerRecord& r, std::string_view origin) {
  JsonWriter w;
  w.begin_object();
  write_profile_fields(w, r, origin);
  w.end_object();
  return w.take();
}

std::string page_json(const SellerPage& p, std::string_view origin) {
  JsonWriter w;
  w.begin_page(p.page, p.total_pages, p.total_items);
  for (const auto& r : p.items) {
    w.begin_object();
    write_profile_fields(w, r, origin);
    w.key("categories").begin_array();
    if (auto it = p.category_names.find(r.id); it != p.category_names.end())
      for (const auto& name : it->second) w.string(name);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

std::string categories_json(const std::vector<SellerCategory>& cats) {
  JsonWriter w;
  w.begin_array();
  for (const auto& c : cats)
    w.begin_object()
        .field("id", c.id)
        .field("categoryId", c.category_id)
        .field("name", c.name)
        .end_object();
  w.end_array();
  return w.take();
}

// Wolfix.Server's SellerApplicationDto, whose profile data keeps the value objects' own shapes
// (phoneNumber {value}, birthDate {value}); accountId, categoryId, status and createdAt are ours.
std::string applications_json(const std::vector<ApplicationRecord>& apps) {
  JsonWriter w;
  w.begin_array();
  for (const auto& a : apps) {
    w.begin_object()
        .field("id", a.id)
        .field("categoryName", a.category_name)
        .field("documentUrl", a.document_url)
        .key("sellerProfileData")
        .begin_object()
        .key("fullName");
    person::write_full_name(w, a.data.full_name);
    w.key("phoneNumber").begin_object().field("value", a.data.phone_number).end_object();
    w.key("address");
    person::write_address(w, a.data.address);
    w.key("birthDate").begin_object().field("value", a.data.birth_date).end_object();
    w.end_object();
    w.field("accountId", a.account_id)
        .field("categoryId", a.category_id)
        .field("status", static_cast<int64_t>(a.status))
        .field("createdAt", iso8601_utc(a.created_at))
        .end_object();
  }
  w.end_array();
  return w.take();
}

// A form text field; an empty or blank value counts as absent (ASP.NET binds "" to null).
std::optional<std::string> form_text(const http::MultipartForm& form, std::string_view name) {
  auto v = form.field(name);
  if (v && is_blank(*v)) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_number(const std::string& text, int64_t min, int64_t max) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || v < min || v > max)
    return std::nullopt;
  return v;
}

// The multipart fields of Wolfix.Server's CreateSellerApplicationDto, checked with the profile
// value objects' rules.
ApplicationInput read_application(const http::MultipartForm& form, int64_t now_ms) {
  ApplicationInput in;
  person::Problems p;
  auto first = form_text(form, "firstName");
  auto last = form_text(form, "lastName");
  auto middle = form_text(form, "middleName");
  person::check_full_name(first, last, middle, p);
  auto phone = form_text(form, "phoneNumber");
  person::check_phone_number(phone, p);
  auto city = form_text(form, "city");
  auto street = form_text(form, "street");
  person::check_address(city, street, p);
  const std::string range =
      "must be an integer from 0 to " + std::to_string(person::kMaxHouseNumber);
  auto house_text = form_text(form, "houseNumber");
  std::optional<int64_t> house;
  if (!house_text)
    p.add("houseNumber", "houseNumber is required");
  else if (!(house = parse_number(*house_text, 0, person::kMaxHouseNumber)))
    p.add("houseNumber", "houseNumber " + range);
  auto apartment_text = form_text(form, "apartmentNumber");
  std::optional<int64_t> apartment;
  if (apartment_text && !(apartment = parse_number(*apartment_text, 0, person::kMaxHouseNumber)))
    p.add("apartmentNumber", "apartmentNumber " + range);
  auto birth = form_text(form, "birthDate");
  person::check_birth_date(birth, now_ms, p);
  auto category_text = form_text(form, "categoryId");
  std::optional<std::string> category_id;
  if (category_text) category_id = parse_uuid(*category_text);
  if (!category_id) p.add("categoryId", "categoryId must be a GUID");
  auto category_name = form.field("categoryName");
  if (!category_name || is_blank(*category_name))
    p.add("categoryName", "categoryName cannot be empty");
  if (form.files("document").empty()) p.add("document", "document is required");
  p.raise_if_any();

  in.data.full_name = {*first, *last, middle};
  in.data.phone_number = *phone;
  in.data.address = {*city, *street, static_cast<uint32_t>(*house), std::nullopt};
  if (apartment) in.data.address.apartment_number = static_cast<uint32_t>(*apartment);
  in.data.birth_date = *birth;
  in.category_id = *category_id;
  in.category_name = *category_name;
  return in;
}

}  // namespace

void register_routes(http::Router& router, SellerService& sellers, ApplicationService& applications,
                     Clock& clock, identity::RoleChecks& checks) {
  checks.add(Role::seller, [&sellers](const std::string& id) { return sellers.is_active(id); });

  // A seller's own profile.
  router.add(Method::get, "/api/sellers/{sellerId}", kSeller, [&sellers](Request& req) {
    return Response::raw_json(seller_json(sellers.profile(own_path_seller(req)), req.origin));
  });
  router.add(Method::get, "/api/sellers/{sellerId}/categories", kSeller, [&sellers](Request& req) {
    return Response::raw_json(categories_json(sellers.categories(own_path_seller(req))));
  });
  person::register_profile_routes(router, "/api/sellers/{sellerId}", kSeller, own_path_seller,
                                  sellers.personal_data(), clock);

  // SuperAdmin.
  router.add(Method::get, "/api/sellers/page/{page}", kSuperAdmin, [&sellers](Request& req) {
    auto page = req.int_param("page", 1, 1000000000);
    auto size = req.int_query("pageSize", kDefaultPageSize, 1, kMaxPageSize);
    return Response::raw_json(page_json(sellers.page(page, size), req.origin));
  });
  router.add(Method::del, "/api/sellers/{sellerId}", kSuperAdmin, [&sellers](Request& req) {
    sellers.remove(req.uuid_param("sellerId"));
    return Response::no_content();
  });

  // Applications.
  router.add_upload(Method::post, "/api/seller-applications/{accountId}", kCustomer,
                    [&applications, &clock](Request& req) {
                      auto account_id = req.uuid_param("accountId");
                      if (req.caller().account_id != account_id)
                        throw forbidden("You can only apply for your own account", "not_owner");
                      auto form = http::MultipartForm::parse(req);
                      auto in = read_application(form, clock.now_ms());
                      applications.apply(account_id, in, *form.files("document").front());
                      return Response::no_content();
                    });
  // Identity documents: not public media. Admins and the applicant only, never cached by shared
  // caches (GET /media/... refuses this folder).
  router.add(Method::get, "/media/documents/{file}", Access::authenticated(),
             [&applications](Request& req) {
               auto doc = applications.document(req.caller(), req.param("file"));
               auto res = Response::text(std::move(doc.bytes), doc.mime);
               res.with_header("Cache-Control", "private, no-store");
               res.with_header("X-Content-Type-Options", "nosniff");
               res.with_header("Content-Security-Policy", "default-src 'none'; sandbox");
               return res;
             });
  router.add(Method::get, "/api/seller-applications", kAdmin, [&applications](Request&) {
    return Response::raw_json(applications_json(applications.pending()));
  });
  router.add(Method::patch, "/api/seller-applications/{sellerApplicationId}/approve", kAdmin,
             [&applications](Request& req) {
               applications.approve(req.uuid_param("sellerApplicationId"));
               return Response::no_content();
             });
  router.add(Method::patch, "/api/seller-applications/{sellerApplicationId}/reject", kAdmin,
             [&applications](Request& req) {
               applications.reject(req.uuid_param("sellerApplicationId"));
               return Response::no_content();
             });
}

}  // namespace wolfix::seller
