#include "identity/service.hpp"

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/uuid.hpp"
#include "identity/hashing.hpp"
#include "identity/model.hpp"
#include "identity/roles.hpp"

namespace wolfix::identity {
namespace {

constexpr const char* kZeroGuid = "00000000-0000-0000-0000-000000000000";

// One answer for an unknown e-mail and a wrong password, so that the answer does not tell which
// e-mails have accounts.
ApiError invalid_credentials() {
  return ApiError(401, "invalid_credentials", "Invalid email or password");
}

ApiError not_owner() {
  return forbidden("You can only change your own account", "not_owner");
}

ApiError missing_role() {
  return forbidden("User does not have required role", "missing_role");
}

void require_known_role(std::string_view role) {
  if (!is_role(role))
    throw ApiError(400, "unknown_role", "Role does not exist",
                   {{"role", {"must be one of Customer, Seller, Admin, SuperAdmin, Support"}}});
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

std::optional<std::string> or_null(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional(s);
}

ThrottleLimits limits_from(const Config& c) {
  return ThrottleLimits{c.login_max_failures_per_account, c.login_max_failures_per_address,
                        c.login_window_seconds};
}

}  // namespace

IdentityService::IdentityService(const Context& ctx)
    : ctx_(ctx),
      cost_(password_cost_named(ctx.config.password_cost)),
      accounts_(ctx.db, ctx.clock, cost_),
      throttle_(ctx.db, ctx.clock, limits_from(ctx.config)),
      google_(ctx.config.google_jwks_file, ctx.config.google_client_id, ctx.clock) {}

std::string IdentityService::register_customer(std::string_view email, std::string_view password) {
  AccountDraft draft = accounts_.draft(email, password);
  std::string profile_id = new_uuid_v7();
  std::string account_id = ctx_.db.write([&](db::Session& s) {
    std::string id = accounts_.create(s, draft);
    int64_t now = ctx_.clock.now_ms();
    store::insert_customer(s, {profile_id, id, std::nullopt, std::nullopt, std::nullopt}, now);
    grant_role(s, id, "Customer", profile_id, now);
    return id;
  });
  log::info("account_registered", {{"account_id", account_id}, {"role", "Customer"}});
  return ctx_.tokens.issue({account_id, draft.email, "Customer", profile_id});
}

store::AccountRow IdentityService::sign_in(std::string_view email, std::string_view password,
                                           const std::string& address) {
  const std::string email_lower = normalize_email(email);
  auto attempt = throttle_.begin(email_lower, address);
  auto row = ctx_.db.read([&](db::Session& s) { return store::account_by_email(s, email_lower); });
  // Unknown accounts and accounts without a password are checked against a dummy hash, so all
  // failures take about as long.
  bool ok = verify_password_bounded(password, row ? row->password_hash : "", cost_);
  if (!ok || !row) throw invalid_credentials();
  throttle_.succeeded(attempt);
  upgrade_hash_if_needed(*row, password);
  return *row;
}

// A hash made with another cost (e.g. before the cost was raised) is replaced while the
// password is at hand.
void IdentityService::upgrade_hash_if_needed(const store::AccountRow& row,
                                             std::string_view password) {
  if (!password_needs_rehash(row.password_hash, cost_)) return;
  std::string fresh = hash_password_bounded(password, cost_);
  ctx_.db.write([&](db::Session& s) {
    store::replace_password_hash(s, row.id, row.password_hash, fresh, ctx_.clock.now_ms());
  });
}

RolesView IdentityService::roles(std::string_view email, std::string_view password,
                                 const std::string& address) {
  auto row = sign_in(email, password, address);
  auto held = ctx_.db.read([&](db::Session& s) { return roles_of(s, row.id); });
  if (held.empty()) throw forbidden("User does not have any roles", "no_roles");
  return RolesView{row.id, row.email, std::move(held)};
}

std::string IdentityService::token(std::string_view email, std::string_view password,
                                   std::string_view role, const std::string& address) {
  require_known_role(role);
  auto row = sign_in(email, password, address);
  auto profile =
      ctx_.db.read([&](db::Session& s) { return profile_id_for(s, row.id, std::string(role)); });
  if (!profile) throw missing_role();
  // Wolfix.Server issued tokens with a zero profile id when the profile was missing (S7).
  if (profile->empty() || *profile == kZeroGuid)
    throw conflict("profile_missing", "The account has this role but no profile for it");
  return ctx_.tokens.issue({row.id, row.email, std::string(role), *profile});
}

std::string IdentityService::google(std::string_view id_token, std::string_view role_in) {
  if (!google_.configured())
    throw ApiError(503, "google_sign_in_unavailable",
                   "Google sign-in is not configured on this server");
  std::string role = role_in.empty() ? "Customer" : std::string(role_in);
  require_known_role(role);
  std::string reason;
  auto who = google_.verify(id_token, reason);
  if (!who) {
    if (reason == "jwks_unreadable") {
      log::error("google_jwks_unreadable", {{"file", ctx_.config.google_jwks_file}});
      throw ApiError(503, "google_sign_in_unavailable",
                     "Google sign-in is temporarily unavailable");
    }
    throw ApiError(401, "invalid_google_token", "Invalid Google token: " + reason);
  }
  if (!email_errors(who->email).empty())
    throw bad_request("This Google account's email cannot be used here", "invalid_email");
  const std::string email_lower = normalize_email(who->email);

  auto sign_in_or_create = [&](db::Session& s) {
    auto row = store::account_by_google_subject(s, who->subject);
    if (!row) {
      // Signing in with Google never takes over an account it is not bound to.
      if (auto holder = store::account_by_email(s, email_lower)) {
        if (holder->auth_provider == "Custom")
          throw conflict("email_registered_with_password",
                         "This email is registered with a password; sign in with it");
        throw conflict("email_taken", "This email already taken");
      }
      int64_t now = ctx_.clock.now_ms();
      store::AccountRow fresh{new_uuid_v7(), who->email, email_lower, "", "Google", who->subject};
      store::insert_account(s, fresh, now);
      std::string profile_id = new_uuid_v7();
      store::insert_customer(s,
                             {profile_id, fresh.id, or_null(who->given_name),
                              or_null(who->family_name), or_null(who->picture)},
                             now);
      grant_role(s, fresh.id, "Customer", profile_id, now);
      log::info("account_registered",
                {{"account_id", fresh.id}, {"role", "Customer"}, {"provider", "Google"}});
      row = std::move(fresh);
    }
    auto profile = profile_id_for(s, row->id, role);
    if (!profile) throw missing_role();
    return ctx_.tokens.issue({row->id, row->email, role, *profile});
  };
  try {
    return ctx_.db.write(sign_in_or_create);
  } catch (const db::UniqueViolation&) {
    // The same person's first sign-in ran twice at once: the other one made the account.
    try {
      return ctx_.db.write(sign_in_or_create);
    } catch (const db::UniqueViolation&) {
      throw conflict("email_taken", "This email already taken");
    }
  }
}

std::string IdentityService::change_email(const http::Principal& caller,
                                          const std::string& account_id, std::string_view email) {
  if (account_id != caller.account_id) throw not_owner();
  if (auto errors = email_errors(email); !errors.empty())
    throw ApiError(400, "validation_failed", joined(errors), {{"email", errors}});
  const std::string email_lower = normalize_email(email);
  std::string profile = ctx_.db.write([&](db::Session& s) {
    auto row = store::account_by_id(s, account_id);
    if (!row) throw not_found("Account not found", "account_not_found");
    auto owner = store::account_by_email(s, email_lower);
    if (owner && owner->id != account_id) throw conflict("email_taken", "This email already taken");
    auto profile = profile_id_for(s, account_id, caller.role);
    if (!profile) throw missing_role();
    try {
      store::update_email(s, account_id, std::string(email), email_lower, ctx_.clock.now_ms());
    } catch (const db::UniqueViolation&) {
      throw conflict("email_taken", "This email already taken");
    }
    return *profile;
  });
  log::info("account_email_changed", {{"account_id", account_id}});
  return ctx_.tokens.issue({account_id, std::string(email), caller.role, profile});
}

void IdentityService::change_password(const http::Principal& caller, const std::string& account_id,
                                      std::string_view current, std::string_view next,
                                      const std::string& address) {
  if (account_id != caller.account_id) throw not_owner();
  if (current == next)
    throw bad_request("New password must be different from current password", "same_password");
  if (auto errors = password_policy_errors(next); !errors.empty())
    throw ApiError(400, "validation_failed", joined(errors), {{"newPassword", errors}});
  auto row = ctx_.db.read([&](db::Session& s) { return store::account_by_id(s, account_id); });
  if (!row) throw not_found("Account not found", "account_not_found");
  if (row->password_hash.empty())
    throw bad_request("This account signs in with Google and has no password", "no_password");

  auto attempt = throttle_.begin(row->email_lower, address);
  if (!verify_password_bounded(current, row->password_hash, cost_))
    throw ApiError(400, "incorrect_password", "Incorrect password.",
                   {{"currentPassword", {"Incorrect password."}}});
  throttle_.succeeded(attempt);

  std::string fresh = hash_password_bounded(next, cost_);
  bool changed = ctx_.db.write([&](db::Session& s) {
    return store::replace_password_hash(s, account_id, row->password_hash, fresh,
                                        ctx_.clock.now_ms());
  });
  if (!changed)
    throw conflict("password_changed_meanwhile",
                   "The password was changed meanwhile; sign in again and retry");
  log::info("account_password_changed", {{"account_id", account_id}});
}

MeView IdentityService::me(const http::Principal& caller) {
  return ctx_.db.read([&](db::Session& s) {
    auto row = store::account_by_id(s, caller.account_id);
    if (!row) throw not_found("Account not found", "account_not_found");
    return MeView{row->id, row->email, caller.role, caller.profile_id, roles_of(s, row->id)};
  });
}

}  // namespace wolfix::identity
