// JSON request bodies as routes read them: Request::json_object (depth-limited parse), the
// JsonFields readers of every type, and the real body readers built on them (PlaceOrderDto,
// person fields, the staff form). Bad bodies must be 4xx ApiErrors, never anything else.
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/json_fields.hpp"
#include "common/person_json.hpp"
#include "fuzz_support.hpp"
#include "http/types.hpp"
#include "order/place_request.hpp"
#include "staff/form_json.hpp"

namespace {

constexpr const char* kCaller = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

void read_every_kind(const boost::json::object& body) {
  using namespace wolfix;
  JsonFields f(body);
  (void)f.find("id");
  (void)f.required_string("name", 100);
  (void)f.required_text("title", 10);
  (void)f.optional_string("description", 2000);
  (void)f.required_uuid("productId");
  (void)f.optional_uuid("categoryId");
  (void)f.required_int("quantity", 1, 1000);
  (void)f.optional_int("page", 1, INT32_MAX);
  (void)f.optional_int("delta", INT64_MIN, INT64_MAX);
  (void)f.optional_bool("trackStock", false);
  (void)f.required_money("price", 2);
  (void)f.optional_money("amount", 2);
  (void)f.optional_money("rate", 8);
  (void)f.required_date("birthDate");
  if (auto* items = f.find("items"); items && items->is_array()) {
    std::size_t i = 0;
    for (const auto& item : items->as_array()) {
      if (!item.is_object()) continue;
      JsonFields line(item.as_object(), "items[" + std::to_string(i++) + "]");
      (void)line.required_uuid("productId");
      (void)line.required_int("quantity", 1, 1000);
      (void)line.optional_money("amount", 2);
      line.finish();
    }
  }
  f.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace wolfix;
  http::Request req;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  boost::json::object body;
  bool parsed = false;
  fuzz::client_errors_ok([&] {
    body = req.json_object();
    parsed = true;
  });
  if (!parsed) return 0;
  fuzz::client_errors_ok([&] { read_every_kind(body); });
  fuzz::client_errors_ok([&] { (void)order::parse_place_order(body, kCaller); });
  fuzz::client_errors_ok([&] { (void)person::read_full_name(body); });
  fuzz::client_errors_ok([&] { (void)person::read_phone_number(body); });
  fuzz::client_errors_ok([&] { (void)person::read_address(body); });
  fuzz::client_errors_ok([&] { (void)person::read_birth_date(body, 1'780'000'000'000); });
  fuzz::client_errors_ok([&] { (void)staff::read_staff_form(body, true); });
  return 0;
}
