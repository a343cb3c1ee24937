#include "customer/seed.hpp"

#include "customer/store.hpp"

namespace wolfix::customer {

void add_demo_customer(db::Session& s, const std::string& id, const std::string& account_id,
                       const person::FullName& name, int64_t bonuses_minor, int64_t now_ms) {
  CustomerRecord c;
  c.id = id;
  c.account_id = account_id;
  c.full_name = name;
  c.phone_number = "+380501234567";
  c.address = person::Address{"Kyiv", "Khreshchatyk", 1, std::nullopt};
  c.bonuses_minor = bonuses_minor;
  insert_customer(s, c, now_ms);
}

std::vector<std::string> first_customers(db::Database& db, int64_t limit) {
  return db.read([&](db::Session& s) { return first_customer_ids(s, limit); });
}

}  // namespace wolfix::customer
