#pragma once
// The PATCH routes of the personal data both the customer and the seller profile keep
// (common/person_profile.hpp holds the use cases, below HTTP; this is their HTTP edge).
#include <functional>
#include <string>

#include "common/clock.hpp"
#include "common/person_profile.hpp"
#include "http/router.hpp"

namespace wolfix::person {

// PATCH {base}/full-name, /phone-number, /address and /birth-date (base such as
// "/api/customers/{customerId}"), answering as Wolfix.Server does: the stored name and address
// as objects, the phone number as a string, the birth date as "dd-MM-yyyy". `own_id(req)` is
// the profile the caller may change (throwing 403 for anyone else's).
void register_profile_routes(http::Router& router, const std::string& base,
                             const http::Access& access,
                             std::function<std::string(const http::Request&)> own_id,
                             ProfileEditor& editor, const Clock& clock);

}  // namespace wolfix::person
