#include "common/person_json.hpp"

#include <boost/json/object.hpp>

#include "common/json_fields.hpp"

namespace wolfix::person {
namespace {

// Generous: the value objects report lengths with their own messages.
constexpr std::size_t kMaxRaw = 4096;

}  // namespace

FullName read_full_name(const boost::json::object& body) {
  JsonFields f(body);
  auto first = f.optional_string("firstName", kMaxRaw);
  auto last = f.optional_string("lastName", kMaxRaw);
  auto middle = f.optional_string("middleName", kMaxRaw);
  f.finish();
  Problems p;
  check_full_name(first, last, middle, p);
  p.raise_if_any();
  return {*first, *last, middle};
}

std::string read_phone_number(const boost::json::object& body) {
  JsonFields f(body);
  auto phone = f.optional_string("phoneNumber", kMaxRaw);
  f.finish();
  Problems p;
  check_phone_number(phone, p);
  p.raise_if_any();
  return *phone;
}

Address read_address(const boost::json::object& body) {
  JsonFields f(body);
  auto city = f.optional_string("city", kMaxRaw);
  auto street = f.optional_string("street", kMaxRaw);
  int64_t house = f.required_int("houseNumber", 0, kMaxHouseNumber);
  auto apartment = f.optional_int("apartmentNumber", 0, kMaxHouseNumber);
  f.finish();
  Problems p;
  check_address(city, street, p);
  p.raise_if_any();
  Address a{*city, *street, static_cast<uint32_t>(house), std::nullopt};
  if (apartment) a.apartment_number = static_cast<uint32_t>(*apartment);
  return a;
}

std::string read_birth_date(const boost::json::object& body, int64_t now_ms) {
  JsonFields f(body);
  auto date = f.optional_string("birthDate", kMaxRaw);
  f.finish();
  Problems p;
  check_birth_date(date, now_ms, p);
  p.raise_if_any();
  return *date;
}

void write_full_name(JsonWriter& w, const FullName& name) {
  w.begin_object()
      .field("firstName", name.first_name)
      .field("lastName", name.last_name)
      .optional_field("middleName", name.middle_name ? &*name.middle_name : nullptr)
      .end_object();
}

void write_address(JsonWriter& w, const Address& a) {
  w.begin_object().field("city", a.city).field("street", a.street);
  w.field("houseNumber", static_cast<int64_t>(a.house_number));
  w.key("apartmentNumber");
  if (a.apartment_number)
    w.number(*a.apartment_number);
  else
    w.null();
  w.end_object();
}

void write_personal_fields(JsonWriter& w, const FullName* name, const std::string* phone,
                           const Address* address, const std::string* birth_date) {
  w.key("fullName");
  if (name)
    write_full_name(w, *name);
  else
    w.null();
  w.optional_field("phoneNumber", phone);
  w.key("address");
  if (address)
    write_address(w, *address);
  else
    w.null();
  w.optional_field("birthDate", birth_date);
}

}  // namespace wolfix::person
