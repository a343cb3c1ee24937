#include "identity/accounts.hpp"

#include "common/errors.hpp"
#include "common/uuid.hpp"
#include "identity/hashing.hpp"
#include "identity/model.hpp"
#include "identity/store.hpp"

namespace wolfix::identity {
namespace {

Account public_view(const store::AccountRow& r) {
  return Account{r.id, r.email, r.auth_provider, !r.password_hash.empty()};
}

ApiError email_taken() {
  return conflict("email_taken", "This email already taken");
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace

Accounts::Accounts(db::Database& db, const Clock& clock, PasswordHashCost cost)
    : db_(db), clock_(clock), cost_(cost) {}

AccountDraft Accounts::draft(std::string_view email, std::string_view password) const {
  check(email, password);
  return AccountDraft{std::string(email), normalize_email(email),
                      hash_password_bounded(password, cost_)};
}

void Accounts::check(std::string_view email, std::string_view password) const {
  FieldErrors errors;
  if (auto e = email_errors(email); !e.empty()) errors["email"] = std::move(e);
  if (auto p = password_policy_errors(password); !p.empty()) errors["password"] = std::move(p);
  if (!errors.empty()) {
    // The message names every broken rule, as Wolfix.Server's joined Identity errors did.
    std::vector<std::string> all;
    for (const auto& [field, msgs] : errors) all.insert(all.end(), msgs.begin(), msgs.end());
    throw ApiError(400, "validation_failed", joined(all), std::move(errors));
  }
}

std::string Accounts::create(db::Session& s, const AccountDraft& d) const {
  store::AccountRow row{new_uuid_v7(), d.email, d.email_lower, d.password_hash, "Custom", ""};
  // Checking first gives the common case a clean answer; the unique index settles the race.
  if (store::account_by_email(s, d.email_lower)) throw email_taken();
  try {
    store::insert_account(s, row, clock_.now_ms());
  } catch (const db::UniqueViolation&) {
    throw email_taken();
  }
  return row.id;
}

std::optional<Account> Accounts::find_by_email(db::Session& s, std::string_view email) const {
  if (email.empty() || email.size() > kMaxEmailLength) return std::nullopt;
  auto r = store::account_by_email(s, normalize_email(email));
  if (!r) return std::nullopt;
  return public_view(*r);
}

std::optional<Account> Accounts::find_by_id(db::Session& s, const std::string& id) const {
  auto r = store::account_by_id(s, id);
  if (!r) return std::nullopt;
  return public_view(*r);
}

bool Accounts::verify_password(const std::string& account_id, std::string_view password) const {
  auto row = db_.read([&](db::Session& s) { return store::account_by_id(s, account_id); });
  return verify_password_bounded(password, row ? row->password_hash : "", cost_);
}

AccountForRole Accounts::for_new_role(std::string_view email, std::string_view password) const {
  auto row = db_.read([&](db::Session& s) -> std::optional<store::AccountRow> {
    if (email.empty() || email.size() > kMaxEmailLength) return std::nullopt;
    return store::account_by_email(s, normalize_email(email));
  });
  if (row) {
    if (!verify_password_bounded(password, row->password_hash, cost_))
      throw conflict("email_taken",
                     "This email already belongs to an account with another password");
    return AccountForRole{public_view(*row), std::nullopt};
  }
  return AccountForRole{std::nullopt, draft(email, password)};
}

std::string Accounts::ensure(db::Session& s, const AccountForRole& a) const {
  if (a.existing) {
    if (!store::account_by_id(s, a.existing->id))
      throw conflict("account_gone", "The account was removed meanwhile; try again");
    return a.existing->id;
  }
  return create(s, *a.draft);
}

}  // namespace wolfix::identity
