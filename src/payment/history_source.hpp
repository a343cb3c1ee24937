#pragma once
// Who wrote an entry of an order's payment history. The payment_events table and GET .../payments
// carry their names ("client", "webhook", ..., and the refunding role's name as the role table
// writes it: "Seller", "Admin", "SuperAdmin"); code passes the enum and names it only there.
#include <optional>
#include <string_view>

#include "common/role.hpp"

namespace wolfix::payment {

// client: the customer's browser asking after its payment; webhook: the provider's event;
// reconciler: the background pass over unsettled payments and refunds; expiry: the pass that
// cancels unpaid orders; system: Wolfix itself (an order paid with bonuses alone); seller, admin,
// super_admin: the role that asked for a refund.
enum class HistorySource {
  client,
  webhook,
  reconciler,
  expiry,
  system,
  seller,
  admin,
  super_admin
};

std::string_view to_string(HistorySource s);
// Exact names only; nullopt for anything else.
std::optional<HistorySource> parse_history_source(std::string_view name);
// The refunding roles' sources; nullopt for a role that cannot refund.
std::optional<HistorySource> history_source_of(Role refunder);

}  // namespace wolfix::payment
