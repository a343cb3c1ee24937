// `wolfix seed`: demo accounts (customer, sellers, admins, support), delivery methods and the
// demo catalog, in that order, because products belong to sellers.
#include <unistd.h>

#include <iostream>

#include "admin/service.hpp"
#include "app/commands.hpp"
#include "app/demo_accounts.hpp"
#include "catalog/seed.hpp"
#include "common/log.hpp"
#include "common/person.hpp"
#include "common/progress.hpp"
#include "common/uuid.hpp"
#include "customer/seed.hpp"
#include "db/db.hpp"
#include "delivery/seed.hpp"
#include "identity/accounts.hpp"
#include "identity/roles.hpp"
#include "identity/superadmin.hpp"
#include "media/blob_store.hpp"
#include "review/seed.hpp"
#include "review/service.hpp"
#include "seller/seed.hpp"
#include "staff/accounts.hpp"
#include "support/staff_service.hpp"

namespace wolfix {
namespace {

// Creates one demo account with its role and profile row; returns the profile id.
std::string create_demo(db::Database& db, const identity::Accounts& accounts, const Clock& clock,
                        const DemoAccount& a) {
  // Admins and support staff are made as a SuperAdmin makes them, by their own modules.
  if (a.role == Role::admin || a.role == Role::support) {
    staff::StaffAccounts staff(accounts);
    staff::NewStaff in{
        a.email, a.password, {a.first_name, a.last_name, std::nullopt}, std::nullopt};
    if (a.role == Role::support) return support::SupportStaffService(db, clock, staff).create(in);
    in.phone_number = "+380931234567";
    return admin::AdminService(db, clock, staff).create(in);
  }
  auto draft = accounts.draft(a.email, a.password);  // hashing happens outside the transaction
  const person::FullName name{a.first_name, a.last_name, std::nullopt};
  return db.write([&](db::Session& s) {
    int64_t now = clock.now_ms();
    std::string account_id = accounts.create(s, draft);
    const Role role = a.role;
    std::string profile_id = new_uuid_v7();
    if (role == Role::customer || role == Role::seller) {
      // Sellers shop too: they also get a customer profile, as an approved applicant would.
      std::string customer_id = role == Role::customer ? profile_id : new_uuid_v7();
      customer::add_demo_customer(s, customer_id, account_id, name,
                                  role == Role::customer ? 5000 : 0, now);
      identity::grant_role(s, account_id, Role::customer, customer_id, now);
    }
    if (role == Role::seller) {
      seller::add_demo_seller(s, profile_id, account_id, name, now);
      identity::grant_role(s, account_id, Role::seller, profile_id, now);
    } else if (role == Role::super_admin) {
      // The API cannot make a SuperAdmin; `wolfix admin create-superadmin` makes the first one.
      identity::add_super_admin_profile(s, profile_id, account_id, name, "+380931234567", now);
      identity::grant_role(s, account_id, role, profile_id, now);
    }
    return profile_id;
  });
}

}  // namespace

int run_seed(const Config& config, const SeedOptions& options) {
  if (config.production()) {
    // Its accounts' passwords are printed in the README and on the sign-in page: in production
    // they would be anyone's SuperAdmin. The first admin comes from `admin create-superadmin`.
    std::cerr << "wolfix: seed refuses to run in production: it creates demo accounts whose "
                 "passwords are published (use `wolfix admin create-superadmin`)\n";
    return 2;
  }
  log::Level level;
  if (log::parse_level(config.log_level, level)) log::set_level(level);
  auto db = db::Database::open(config.database_url, 2);
  db->migrate();
  SystemClock clock;
  identity::Accounts accounts(
      *db, clock, config.password_cost == "test" ? test_password_cost() : default_password_cost());
  bool seeded = db->read([&](db::Session& s) {
    return accounts.find_by_email(s, kDemoAccounts[0].email).has_value();
  });
  if (seeded && options.if_empty) {
    std::cout << "demo data already present; nothing to do\n";
    return 0;
  }
  std::vector<std::string> sellers;
  if (!seeded) {
    for (const auto& a : kDemoAccounts) {
      auto id = create_demo(*db, accounts, clock, a);
      if (a.role == Role::seller) sellers.push_back(id);
    }
    db->write([&](db::Session& s) { delivery::seed_delivery_methods(s, clock.now_ms()); });
  } else {
    sellers = seller::some_active_sellers(*db, 10);
  }
  catalog::SeedOptions copts;
  copts.seller_ids = sellers;
  copts.products = options.products;
  // On stderr, so stdout keeps only the summary; a bar on a terminal, plain lines otherwise.
  Progress progress(std::cerr, ::isatty(STDERR_FILENO) == 1, "products", options.products);
  copts.on_progress = [&](int64_t done) { progress.update(done); };
  auto result = catalog::seed_catalog(*db, clock, media::BlobStore::from_config(config), copts);
  progress.finish();
  // Demo reviews on the first products, once (with the demo accounts).
  int reviews_written = 0;
  if (!seeded) {
    auto products = catalog::first_products(*db, 30);
    auto customers = customer::first_customers(*db, 4);
    review::ReviewService reviews(*db, clock, nullptr);
    reviews_written = review::seed_demo_reviews(reviews, products, customers);
  }
  std::cout << "seeded: " << kDemoAccounts.size() << " demo accounts, " << result.products
            << " products in " << result.child_categories << " child categories, "
            << reviews_written << " reviews\n";
  return 0;
}

}  // namespace wolfix
