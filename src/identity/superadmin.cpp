#include "identity/superadmin.hpp"

#include "common/uuid.hpp"
#include "identity/roles.hpp"
#include "identity/store.hpp"

namespace wolfix::identity {

SuperAdmin create_super_admin(db::Database& db, const Clock& clock, const Accounts& accounts,
                              std::string_view email, std::string_view password) {
  AccountForRole target = accounts.for_new_role(email, password);
  return db.write([&](db::Session& s) {
    SuperAdmin out{target.existing ? SuperAdminOutcome::granted : SuperAdminOutcome::created,
                   accounts.ensure(s, target), ""};
    if (auto profile = profile_id_for(s, out.account_id, Role::super_admin)) {
      out.outcome = SuperAdminOutcome::already;
      out.profile_id = *profile;
      return out;
    }
    int64_t now = clock.now_ms();
    if (auto existing = store::super_admin_id(s, out.account_id)) {
      out.profile_id = *existing;
    } else {
      out.profile_id = new_uuid_v7();
      // admins requires a name; the bootstrap SuperAdmin has none until someone gives it one.
      store::insert_super_admin(s, out.profile_id, out.account_id, {"Super", "Admin", std::nullopt},
                                std::nullopt, now);
    }
    grant_role(s, out.account_id, Role::super_admin, out.profile_id, now);
    return out;
  });
}

void add_super_admin_profile(db::Session& s, const std::string& id, const std::string& account_id,
                             const person::FullName& name, const std::string& phone,
                             int64_t now_ms) {
  store::insert_super_admin(s, id, account_id, name, phone, now_ms);
}

}  // namespace wolfix::identity
