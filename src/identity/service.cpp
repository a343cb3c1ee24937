#include "identity/service.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/uuid.hpp"
#include "identity/hashing.hpp"
#include "identity/model.hpp"
#include "identity/roles.hpp"
#include "notify/outbox.hpp"

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

// A role name from a request: one of the five, or 400.
Role known_role(std::string_view name) {
  auto role = parse_role(name);
  if (!role)
    throw ApiError(400, "unknown_role", "Role does not exist",
                   {{"role", {"must be one of Customer, Seller, Admin, SuperAdmin, Support"}}});
  return *role;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

std::optional<std::string> or_null(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional(s);
}

}  // namespace

IdentityService::IdentityService(db::Database& db, const Clock& clock, const TokenService& tokens,
                                 IdentitySettings settings)
    : db_(db),
      clock_(clock),
      tokens_(tokens),
      settings_(std::move(settings)),
      cost_(settings_.password_cost),
      accounts_(db, clock, cost_),
      throttle_(db, clock, settings_.throttle),
      versions_(db, clock, settings_.token_revocation_cache_seconds),
      google_(settings_.google_jwks_file, settings_.google_client_id, clock) {}

std::string IdentityService::register_customer(std::string_view email, std::string_view password,
                                               const std::string& address) {
  accounts_.check(email, password);  // a typo in the form costs no registration
  throttle_.registration(address);   // before any hashing: each one is an Argon2id hash
  const std::string email_lower = normalize_email(email);
  if (auto existing =
          db_.read([&](db::Session& s) { return store::account_by_email(s, email_lower); }))
    return register_existing(*existing, password, address);

  AccountDraft draft = accounts_.draft(email, password);
  std::string profile_id = new_uuid_v7();
  std::string account_id;
  try {
    account_id = db_.write([&](db::Session& s) {
      std::string id = accounts_.create(s, draft);
      int64_t now = clock_.now_ms();
      store::insert_customer(s, {profile_id, id, std::nullopt, std::nullopt, std::nullopt}, now);
      grant_role(s, id, Role::customer, profile_id, now);
      return id;
    });
  } catch (const ApiError& e) {
    if (e.code() != "email_taken") throw;
    // A concurrent registration of the same e-mail won (a double-click): answer as to a
    // registration of an existing account. Read in a write transaction: SQLite's group commit
    // may not have shown the winner's rows to readers yet, but writers see them.
    auto row = db_.write([&](db::Session& s) { return store::account_by_email(s, email_lower); });
    if (!row) throw;
    return register_existing(*row, password, address);
  }
  log::info("account_registered",
            {{"account_id", account_id}, {"role", std::string(to_string(Role::customer))}});
  return tokens_.issue({account_id, draft.email, Role::customer, profile_id});
}

std::string IdentityService::register_existing(const store::AccountRow& row,
                                               std::string_view password,
                                               const std::string& address) {
  // Knowing the password is signing in, so it goes through the sign-in throttle like one.
  auto attempt = throttle_.begin(row.email_lower, address);
  if (verify_password_bounded(password, row.password_hash, cost_)) {
    throttle_.succeeded(attempt);
    // A write transaction for the same reason as in register_customer's race.
    auto profile =
        db_.write([&](db::Session& s) { return profile_id_for(s, row.id, Role::customer); });
    if (profile && !profile->empty() && *profile != kZeroGuid)
      return tokens_.issue({row.id, row.email, Role::customer, *profile}, row.token_version);
  }
  // The owner hears of it (at most once a day), so that someone who forgot they have an account
  // learns how to get in, and an owner whose address is being probed knows.
  const int64_t now = clock_.now_ms();
  const std::string day = std::to_string(now / (24LL * 3600 * 1000));
  db_.write([&](db::Session& s) {
    notify::enqueue(s, "registration_of_existing_account",
                    {row.email, "Someone tried to register with your e-mail address",
                     "Someone (perhaps you) tried to create a new Wolfix account with this e-mail "
                     "address, which already has an account. If it was you, sign in with your "
                     "password instead. If it was not, you need not do anything: no account was "
                     "created and yours is unchanged."},
                    "registration_of_existing_account:" + row.id + ":" + day, now);
  });
  throw conflict("email_taken",
                 "This email cannot be registered again. If it is yours, sign in instead.");
}

store::AccountRow IdentityService::sign_in(std::string_view email, std::string_view password,
                                           const std::string& address) {
  const std::string email_lower = normalize_email(email);
  auto attempt = throttle_.begin(email_lower, address);
  auto row = db_.read([&](db::Session& s) { return store::account_by_email(s, email_lower); });
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
  db_.write([&](db::Session& s) {
    store::replace_password_hash(s, row.id, row.password_hash, fresh, clock_.now_ms());
  });
}

RolesView IdentityService::roles(std::string_view email, std::string_view password,
                                 const std::string& address) {
  auto row = sign_in(email, password, address);
  auto held = db_.read([&](db::Session& s) { return roles_of(s, row.id); });
  if (held.empty()) throw forbidden("User does not have any roles", "no_roles");
  return RolesView{row.id, row.email, std::move(held)};
}

std::string IdentityService::token(std::string_view email, std::string_view password,
                                   std::string_view role_name, const std::string& address) {
  Role role = known_role(role_name);
  auto row = sign_in(email, password, address);
  auto profile = db_.read([&](db::Session& s) { return profile_id_for(s, row.id, role); });
  if (!profile) throw missing_role();
  // Wolfix.Server issued tokens with a zero profile id when the profile was missing (S7).
  if (profile->empty() || *profile == kZeroGuid)
    throw conflict("profile_missing", "The account has this role but no profile for it");
  return tokens_.issue({row.id, row.email, role, *profile}, row.token_version);
}

std::string IdentityService::google(std::string_view id_token, std::string_view role_in) {
  if (!google_.configured())
    throw ApiError(503, "google_sign_in_unavailable",
                   "Google sign-in is not configured on this server");
  Role role = role_in.empty() ? Role::customer : known_role(role_in);
  std::string reason;
  auto who = google_.verify(id_token, reason);
  if (!who) {
    if (reason == "jwks_unreadable") {
      log::error("google_jwks_unreadable", {{"file", settings_.google_jwks_file}});
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
      int64_t now = clock_.now_ms();
      store::AccountRow fresh{new_uuid_v7(), who->email, email_lower, "", "Google", who->subject};
      store::insert_account(s, fresh, now);
      std::string profile_id = new_uuid_v7();
      store::insert_customer(s,
                             {profile_id, fresh.id, or_null(who->given_name),
                              or_null(who->family_name), or_null(who->picture)},
                             now);
      grant_role(s, fresh.id, Role::customer, profile_id, now);
      log::info("account_registered", {{"account_id", fresh.id},
                                       {"role", std::string(to_string(Role::customer))},
                                       {"provider", "Google"}});
      row = std::move(fresh);
    }
    auto profile = profile_id_for(s, row->id, role);
    if (!profile) throw missing_role();
    return tokens_.issue({row->id, row->email, role, *profile}, row->token_version);
  };
  try {
    return db_.write(sign_in_or_create);
  } catch (const db::UniqueViolation&) {
    // The same person's first sign-in ran twice at once: the other one made the account.
    try {
      return db_.write(sign_in_or_create);
    } catch (const db::UniqueViolation&) {
      throw conflict("email_taken", "This email already taken");
    }
  }
}

std::string IdentityService::change_email(const Caller& caller, const std::string& account_id,
                                          std::string_view email, std::string_view current_password,
                                          const std::string& address) {
  if (account_id != caller.account_id) throw not_owner();
  if (auto errors = email_errors(email); !errors.empty())
    throw ApiError(400, "validation_failed", joined(errors), {{"email", errors}});
  auto current = db_.read([&](db::Session& s) { return store::account_by_id(s, account_id); });
  if (!current) throw not_found("Account not found", "account_not_found");
  // A stolen token alone must not be enough to take the account over by moving its e-mail
  // (and with it the password reset and the sign-in) elsewhere.
  if (current->password_hash.empty())
    throw bad_request("This account signs in with Google; its e-mail is Google's", "no_password");
  auto attempt = throttle_.begin(current->email_lower, address);
  if (!verify_password_bounded(current_password, current->password_hash, cost_))
    throw ApiError(403, "incorrect_password", "Incorrect password.",
                   {{"currentPassword", {"Incorrect password."}}});
  throttle_.succeeded(attempt);

  const std::string email_lower = normalize_email(email);
  struct Changed {
    std::string profile;
    int64_t version;
  };
  Changed changed = db_.write([&](db::Session& s) {
    auto row = store::account_by_id(s, account_id);
    if (!row) throw not_found("Account not found", "account_not_found");
    if (row->password_hash != current->password_hash)
      throw conflict("password_changed_meanwhile",
                     "The password was changed meanwhile; sign in again and retry");
    auto owner = store::account_by_email(s, email_lower);
    if (owner && owner->id != account_id) throw conflict("email_taken", "This email already taken");
    auto profile = profile_id_for(s, account_id, caller.role);
    if (!profile) throw missing_role();
    try {
      store::update_email(s, account_id, std::string(email), email_lower, clock_.now_ms());
    } catch (const db::UniqueViolation&) {
      throw conflict("email_taken", "This email already taken");
    }
    return Changed{*profile, row->token_version};
  });
  log::info("account_email_changed", {{"account_id", account_id}});
  return tokens_.issue({account_id, std::string(email), caller.role, changed.profile},
                       changed.version);
}

void IdentityService::change_password(const Caller& caller, const std::string& account_id,
                                      std::string_view current, std::string_view next,
                                      const std::string& address) {
  if (account_id != caller.account_id) throw not_owner();
  if (current == next)
    throw bad_request("New password must be different from current password", "same_password");
  if (auto errors = password_policy_errors(next); !errors.empty())
    throw ApiError(400, "validation_failed", joined(errors), {{"newPassword", errors}});
  auto row = db_.read([&](db::Session& s) { return store::account_by_id(s, account_id); });
  if (!row) throw not_found("Account not found", "account_not_found");
  if (row->password_hash.empty())
    throw bad_request("This account signs in with Google and has no password", "no_password");

  auto attempt = throttle_.begin(row->email_lower, address);
  if (!verify_password_bounded(current, row->password_hash, cost_))
    throw ApiError(400, "incorrect_password", "Incorrect password.",
                   {{"currentPassword", {"Incorrect password."}}});
  throttle_.succeeded(attempt);

  std::string fresh = hash_password_bounded(next, cost_);
  std::optional<int64_t> version = db_.write([&](db::Session& s) -> std::optional<int64_t> {
    if (!store::replace_password_hash(s, account_id, row->password_hash, fresh, clock_.now_ms()))
      return std::nullopt;
    // Whoever holds a token from before (the reason one changes a password) is out.
    return store::bump_token_version(s, account_id);
  });
  if (!version)
    throw conflict("password_changed_meanwhile",
                   "The password was changed meanwhile; sign in again and retry");
  versions_.remember(account_id, *version);
  log::info("account_password_changed", {{"account_id", account_id}});
}

MeView IdentityService::me(const Caller& caller) {
  return db_.read([&](db::Session& s) {
    auto row = store::account_by_id(s, caller.account_id);
    if (!row) throw not_found("Account not found", "account_not_found");
    return MeView{row->id, row->email, caller.role, caller.profile_id, roles_of(s, row->id)};
  });
}

std::optional<Caller> IdentityService::authenticate(std::string_view token, std::string& reason) {
  auto v = tokens_.verify_token(token, reason);
  if (!v) return std::nullopt;
  auto current = versions_.current(v->who.account_id);
  if (!current) {
    reason = "account_gone";
    return std::nullopt;
  }
  if (v->version != *current) {
    reason = "revoked";
    return std::nullopt;
  }
  return std::move(v->who);
}

std::string IdentityService::refresh(std::string_view token) {
  std::string reason;
  auto v = tokens_.verify_token(token, reason);
  if (!v) throw unauthorized("Invalid token: " + reason, "invalid_token");
  // A lifetime set longer than the longest session (Wolfix.Server deployments with a long
  // TOKEN_LIFETIME) lets a refresh reach at least as far as one token would.
  const int64_t max_age = std::max(settings_.token_max_session_days * 24 * 60 * 60,
                                   tokens_.settings().lifetime_minutes * 60);
  if (clock_.now_seconds() - v->auth_time > max_age)
    throw unauthorized("This sign-in is too old to be refreshed; sign in again", "session_too_old");
  const auto& who = v->who;
  struct Current {
    std::optional<std::string> profile;
    std::optional<int64_t> version;
  };
  auto now = db_.read([&](db::Session& s) {
    return Current{profile_id_for(s, who.account_id, who.role),
                   store::token_version(s, who.account_id)};
  });
  // Read again from the database, not the cache: a refresh must never outlive a revocation.
  if (!now.version || *now.version != v->version)
    throw unauthorized("Invalid token: revoked", "invalid_token");
  if (!now.profile || *now.profile != who.profile_id) throw missing_role();
  return tokens_.issue(who, *now.version, v->auth_time);
}

}  // namespace wolfix::identity
