#pragma once
// Reads a CreateAdminDto / CreateSupportDto body into a staff::StaffForm (routes of both staff
// modules read it the same way; a field of the wrong JSON type is a 400 naming it).
#include <boost/json/fwd.hpp>

#include "staff/model.hpp"

namespace wolfix::staff {

StaffForm read_staff_form(const boost::json::object& body, bool with_phone);

}  // namespace wolfix::staff
