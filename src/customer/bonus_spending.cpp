#include "customer/bonus_spending.hpp"

#include <algorithm>

namespace wolfix::customer {

std::optional<int64_t> bonus_balance(db::Session& s, const std::string& customer_id) {
  auto row = s.query_one("SELECT bonuses_minor FROM customers WHERE id = ?", {customer_id});
  if (!row) return std::nullopt;
  return row->i64(0);
}

BonusBalance::BonusBalance(db::Session& s, const std::string& customer_id)
    : answer_(s.query_later("SELECT bonuses_minor FROM customers WHERE id = ?", {customer_id})) {}

std::optional<int64_t> BonusBalance::get() {
  auto& rows = answer_.rows();
  if (rows.empty()) return std::nullopt;
  return rows.front().i64(0);
}

void expect_customer_later(db::Session& s, const std::string& customer_id) {
  s.exec_later("SELECT wolfix_expect(EXISTS (SELECT 1 FROM customers WHERE id = ?), 'customer')",
               {customer_id});
}

bool spend_bonuses(db::Session& s, const std::string& customer_id, int64_t amount) {
  if (amount < 0) return false;
  if (amount == 0) return true;
  return s.exec(
             "UPDATE customers SET bonuses_minor = bonuses_minor - ? "
             "WHERE id = ? AND bonuses_minor >= ?",
             {amount, customer_id, amount}) == 1;
}

void refund_bonuses(db::Session& s, const std::string& customer_id, int64_t amount) {
  if (amount <= 0) return;
  s.exec("UPDATE customers SET bonuses_minor = bonuses_minor + ? WHERE id = ?",
         {amount, customer_id});
}

void earn_bonuses(db::Session& s, const std::string& customer_id, int64_t amount) {
  refund_bonuses(s, customer_id, amount);  // the same credit; named for what it means here
}

int64_t take_back_bonuses(db::Session& s, const std::string& customer_id, int64_t amount) {
  if (amount <= 0) return 0;
  // Conditional updates only: a concurrent spend can shrink the balance between the read and
  // the update, which then changes nothing and the next round reads again.
  for (int round = 0; round < 5; ++round) {
    if (spend_bonuses(s, customer_id, amount)) return amount;
    auto balance = bonus_balance(s, customer_id);
    if (!balance || *balance <= 0) return 0;
    int64_t take = std::min(*balance, amount);
    if (spend_bonuses(s, customer_id, take)) return take;
  }
  return 0;
}

}  // namespace wolfix::customer
