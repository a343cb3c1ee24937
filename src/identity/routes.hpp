#pragma once
#include "http/router.hpp"
#include "identity/service.hpp"

namespace wolfix::identity {

// /api/account/...: register, roles, token, customer/google, {accountId}/email,
// {accountId}/password, me.
void register_identity_routes(http::Router& router, IdentityService& service);

}  // namespace wolfix::identity
