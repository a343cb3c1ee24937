#include "identity/routes.hpp"

#include <boost/json.hpp>

#include "common/json_fields.hpp"
#include "identity/model.hpp"
#include "identity/roles.hpp"

namespace wolfix::identity {

namespace json = boost::json;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

// Generous for passwords: the policy, not the JSON reader, reports "at most 128 bytes".
constexpr std::size_t kMaxPasswordField = 4096;

// Any of the five roles (a token whose seller, admin or support profile is gone: 403).
Access any_role() {
  return only({Role::customer, Role::seller, Role::admin, Role::super_admin, Role::support});
}

struct Credentials {
  std::string email;
  std::string password;
};

Credentials read_credentials(JsonFields& f) {
  return {f.required_string("email", kMaxEmailLength),
          f.required_string("password", kMaxPasswordField)};
}

Response token_answer(const std::string& token) {
  return Response::json(json::value(token));  // a bare JSON string, as Wolfix.Server answers
}

json::array to_array(const std::vector<Role>& roles) {
  json::array a;
  for (Role r : roles) a.emplace_back(to_string(r));
  return a;
}

// Runs a throttled handler, turning the throttle's refusal into a 429 with Retry-After.
template <class F>
Response throttled(F&& f) {
  try {
    return f();
  } catch (const TooManyAttempts& e) {
    json::object body{{"message", e.what()}, {"code", e.code()}};
    return Response::json(body, 429).with_header("Retry-After",
                                                 std::to_string(e.retry_after_seconds()));
  }
}

}  // namespace

void register_identity_routes(http::Router& router, IdentityService& service) {
  router.add(Method::post, "/api/account/customer/register", Access::anyone(),
             [&service](Request& req) {
               auto body = req.json_object();
               JsonFields f(body);
               auto c = read_credentials(f);
               f.finish();
               return throttled([&] {
                 return token_answer(service.register_customer(c.email, c.password, req.remote_ip));
               });
             });

  auto roles = [&service](Request& req) {
    auto body = req.json_object();
    JsonFields f(body);
    auto c = read_credentials(f);
    f.finish();
    return throttled([&] {
      auto v = service.roles(c.email, c.password, req.remote_ip);
      return Response::json(json::object{
          {"accountId", v.account_id}, {"email", v.email}, {"roles", to_array(v.roles)}});
    });
  };
  router.add(Method::post, "/api/account/roles", Access::anyone(), roles);

  auto token = [&service](Request& req) {
    auto body = req.json_object();
    JsonFields f(body);
    auto c = read_credentials(f);
    auto role = f.required_string("role", 64);
    f.finish();
    return throttled(
        [&] { return token_answer(service.token(c.email, c.password, role, req.remote_ip)); });
  };
  router.add(Method::post, "/api/account/token", Access::anyone(), token);

  // Some versions of the Wolfix web client post the login steps under /customer/.
  router.add(Method::post, "/api/account/customer/roles", Access::anyone(), roles);
  router.add(Method::post, "/api/account/customer/token", Access::anyone(), token);

  router.add(Method::post, "/api/account/customer/google", Access::anyone(),
             [&service](Request& req) {
               if (!service.google_configured())
                 throw ApiError(503, "google_sign_in_unavailable",
                                "Google sign-in is not configured on this server");
               auto body = req.json_object();
               JsonFields f(body);
               auto id_token = f.required_string("idToken", 16384);
               auto role = f.optional_string("role", 64).value_or("");  // "": Customer
               f.finish();
               return token_answer(service.google(id_token, role));
             });

  router.add(Method::patch, "/api/account/{accountId}/email", any_role(), [&service](Request& req) {
    auto account_id = req.uuid_param("accountId");
    auto body = req.json_object();
    JsonFields f(body);
    auto email = f.required_string("email", kMaxEmailLength);
    // Wolfix.Server's client sends only {email}; without the current password a stolen token
    // would be enough to take the account over, so it is required (as `currentPassword`, or
    // `password`).
    auto current = f.optional_string("currentPassword", kMaxPasswordField);
    if (!current || current->empty()) current = f.optional_string("password", kMaxPasswordField);
    if (!current || current->empty())
      f.fail("currentPassword", "Enter your current password to change your e-mail.");
    f.finish();
    return throttled([&] {
      return token_answer(
          service.change_email(req.caller(), account_id, email, *current, req.remote_ip));
    });
  });

  router.add(Method::patch, "/api/account/{accountId}/password", any_role(),
             [&service](Request& req) {
               auto account_id = req.uuid_param("accountId");
               auto body = req.json_object();
               JsonFields f(body);
               auto current = f.required_string("currentPassword", kMaxPasswordField);
               auto next = f.required_string("newPassword", kMaxPasswordField);
               f.finish();
               return throttled([&] {
                 service.change_password(req.caller(), account_id, current, next, req.remote_ip);
                 return Response::no_content();
               });
             });

  // Clients that can renew their token before it expires (Wolfix.Server's never do; they sign
  // in again). The old token stays valid until its own expiry.
  router.add(Method::post, "/api/account/token/refresh", any_role(), [&service](Request& req) {
    std::string_view authz = req.header("authorization");
    return token_answer(service.refresh(authz.substr(std::min<std::size_t>(7, authz.size()))));
  });

  router.add(Method::get, "/api/account/me", any_role(), [&service](Request& req) {
    auto v = service.me(req.caller());
    return Response::json(json::object{{"accountId", v.account_id},
                                       {"email", v.email},
                                       {"role", to_string(v.role)},
                                       {"profileId", v.profile_id},
                                       {"roles", to_array(v.roles)}});
  });
}

}  // namespace wolfix::identity
