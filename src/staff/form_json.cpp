#include "staff/form_json.hpp"

#include <boost/json/object.hpp>

#include "common/json_fields.hpp"

namespace wolfix::staff {
namespace {

// Generous: the value objects and identity's rules report lengths with their own messages.
constexpr std::size_t kMaxRaw = 4096;

}  // namespace

StaffForm read_staff_form(const boost::json::object& body, bool with_phone) {
  JsonFields f(body);
  StaffForm form;
  form.email = f.optional_string("email", kMaxRaw);
  form.password = f.optional_string("password", kMaxRaw);
  form.first_name = f.optional_string("firstName", kMaxRaw);
  form.last_name = f.optional_string("lastName", kMaxRaw);
  form.middle_name = f.optional_string("middleName", kMaxRaw);
  if (with_phone) form.phone_number = f.optional_string("phoneNumber", kMaxRaw);
  f.finish();
  return form;
}

}  // namespace wolfix::staff
