// The request line as the server reads it: method and target (origin-form, percent-decoded
// path, query pairs), matched against Wolfix's route patterns, then the typed path and query
// readers handlers use. Input: a method byte, then the target.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "http/router.hpp"
#include "http/target.hpp"

namespace {

using wolfix::http::Method;

// A sample of the application's patterns: literals, parameters at every depth, a catch-all.
const char* const kPatterns[] = {
    "/health",
    "/api/account/{accountId}/email",
    "/api/admins/page/{page}",
    "/api/customers/cart-items/{customerId}/{cartItemId}",
    "/api/customers/{customerId}/full-name",
    "/api/delivery-methods/cities/{cityId}/departments",
    "/api/orders",
    "/api/orders/sellers/{sellerId}",
    "/api/orders/{customerId}",
    "/api/orders/{orderId}/details",
    "/api/orders/{orderId}/paid",
    "/api/orders/{orderId}/refunds",
    "/api/products/category/{categoryId}/page/{page}",
    "/api/products/product/{productId}",
    "/api/support-requests/{supportRequestId}/supports/{supportId}/respond",
    "/media/{*path}",
    "/sandbox/stripe/v1/payment_intents/{id}/confirm",
    "/webhooks/stripe",
    "/{*path}",
};

wolfix::http::Router make_router() {
  using namespace wolfix::http;
  Router r;
  auto h = [](Request&) { return Response::no_content(); };
  for (const char* p : kPatterns) {
    r.add(Method::get, p, Access::anyone(), h);
    r.add(Method::post, p, Access::anyone(), h);
  }
  r.add(Method::patch, "/api/orders/{orderId}/delivery-status", Access::anyone(), h);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  static const http::Router router = make_router();
  if (size == 0) return 0;
  auto method = static_cast<Method>(data[0] % (static_cast<int>(Method::other) + 1));
  std::string_view target(reinterpret_cast<const char*>(data) + 1, size - 1);

  http::Request req;
  req.method = method;
  req.target = std::string(target);
  if (!http::parse_target(req.target, req)) return 0;
  auto m = router.match(method, req.path);
  if (!m.route) return 0;
  req.params = m.params;
  for (const auto& param : m.params) {
    const std::string& name = param.first;
    fuzz::require(!name.empty(), "parameters have names");
    fuzz::client_errors_ok([&] { (void)req.param(name); });
    fuzz::client_errors_ok([&] { (void)req.uuid_param(name); });
    fuzz::client_errors_ok([&] { (void)req.int_param(name, 1, INT32_MAX); });
  }
  for (const auto& pair : req.query) {
    const std::string& key = pair.first;
    fuzz::client_errors_ok([&] { (void)req.int_query(key, 1, 1, 1000); });
    (void)req.query_value(key);
  }
  fuzz::client_errors_ok([&] { (void)req.int_query("pageSize", 20, 1, 200); });
  (void)req.query_value("includeCourier");
  return 0;
}
