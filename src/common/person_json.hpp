#pragma once
// Reading and writing the person value objects in JSON, shared by every profile's PATCH routes
// (customers, sellers) so each answers with the same rules, messages and shapes.
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>

#include "common/json_writer.hpp"
#include "common/person.hpp"

namespace wolfix::person {

// {firstName, lastName, middleName?}; throws 400 with Wolfix.Server's message.
FullName read_full_name(const boost::json::object& body);
// {phoneNumber}
std::string read_phone_number(const boost::json::object& body);
// {city, street, houseNumber: uint, apartmentNumber?: uint}
Address read_address(const boost::json::object& body);
// {birthDate: "yyyy-MM-dd"}, not after today (UTC).
std::string read_birth_date(const boost::json::object& body, int64_t now_ms);

// {"firstName","lastName","middleName"} as an object value.
void write_full_name(JsonWriter& w, const FullName& name);
// {"city","street","houseNumber","apartmentNumber"} as an object value.
void write_address(JsonWriter& w, const Address& address);
// The personal members of a profile's answer, each null when absent: "fullName",
// "phoneNumber", "address", "birthDate" (yyyy-MM-dd).
void write_personal_fields(JsonWriter& w, const FullName* name, const std::string* phone,
                           const Address* address, const std::string* birth_date);

}  // namespace wolfix::person
