#include "seller/seed.hpp"

#include "seller/store.hpp"

namespace wolfix::seller {

void add_demo_seller(db::Session& s, const std::string& id, const std::string& account_id,
                     const person::FullName& name, int64_t now_ms) {
  ProfileData d{name, "+380671234567", person::Address{"Lviv", "Svobody", 7, std::nullopt},
                "1988-05-17"};
  insert_seller(s, id, account_id, d, now_ms);
}

std::vector<std::string> some_active_sellers(db::Database& db, int64_t limit) {
  return db.read([&](db::Session& s) { return some_active_seller_ids(s, limit); });
}

}  // namespace wolfix::seller
