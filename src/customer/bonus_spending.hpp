#pragma once
// Spending and refunding a customer's bonus balance (customers.bonuses_minor) inside an order's
// transaction. Spending is a conditional update, so two orders racing for one balance can
// never take it below zero.
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"

namespace wolfix::customer {

// The balance in minor units, or nullopt when there is no such customer.
std::optional<int64_t> bonus_balance(db::Session& s, const std::string& customer_id);

// The same balance, asked for now and read later (get()): PostgreSQL sends the read with the
// transaction's next statement (an order's delivery lookup), one round trip fewer per order.
class BonusBalance {
 public:
  BonusBalance(db::Session& s, const std::string& customer_id);
  std::optional<int64_t> get();

 private:
  db::Session::Deferred answer_;
};

// Sent with the transaction's next statement or COMMIT: fails the transaction
// (db::ExpectationFailed) unless the customer exists (PostgreSQL only: wolfix_expect).
void expect_customer_later(db::Session& s, const std::string& customer_id);

// Takes `amount` off the balance if at least that much is there; false (nothing changed)
// otherwise. Spending 0 always succeeds.
bool spend_bonuses(db::Session& s, const std::string& customer_id, int64_t amount);

// Gives `amount` back (a cancelled order).
void refund_bonuses(db::Session& s, const std::string& customer_id, int64_t amount);

// Adds what a delivered, paid order earned: each line's product bonuses (1% of its price, see
// catalog::bonuses_for) times its quantity. The order service calls it on the one transition to
// Delivered, so an order earns once; cancelled or refunded orders never get there paid.
void earn_bonuses(db::Session& s, const std::string& customer_id, int64_t amount);

// Takes up to `amount` off the balance, never below zero; returns what was taken (less than
// `amount` when the customer already spent the bonuses).
int64_t take_back_bonuses(db::Session& s, const std::string& customer_id, int64_t amount);

}  // namespace wolfix::customer
