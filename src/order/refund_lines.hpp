#pragma once
// An order's lines as refunds see them, for the payment module (in the style of
// catalog/stock.hpp): which units can still be refunded, which went back to stock, and the
// bonuses each line earned and gave back. Every function runs in the caller's transaction. The
// changes are conditional updates, so concurrent refunds and webhooks can neither promise back
// more units than were ordered nor restock (or take back) a unit twice.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::order {

struct LineRefundState {
  std::string item_id;
  std::string product_id;
  std::string seller_id;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  int64_t refunded_quantity = 0;   // promised back, refunds in flight included
  int64_t restocked_quantity = 0;  // returned to stock
};
// The order's lines, in a stable order (a product on several lines fills them in this order).
std::vector<LineRefundState> refundable_lines(db::Session& s, const std::string& order_id);
// Whether the seller has a line in the order (who may see and refund it).
bool seller_has_items(db::Session& s, const std::string& order_id, const std::string& seller_id);

// Adds `qty` refunded units to the line; false when that would exceed the ordered quantity.
bool reserve_line_units(db::Session& s, const std::string& item_id, int64_t qty);
// Gives back units reserved by a refund that did not happen.
void release_line_units(db::Session& s, const std::string& item_id, int64_t qty);

// Restocking a line's units: OrderService::restock_line and the calls beside it.

// Bonuses by line: what delivery earned (on `units`), what refunds since took back (`reclaimed`,
// owed) and what the balance actually gave (`debited`, less when already spent).
struct LineBonus {
  std::string item_id;
  int64_t quantity = 0;
  int64_t units = 0;
  int64_t earned = 0;
  int64_t reclaimed = 0;
  int64_t debited = 0;
};
std::vector<LineBonus> line_bonuses(db::Session& s, const std::string& order_id);
void set_line_bonus_reclaim(db::Session& s, const std::string& item_id, int64_t reclaimed,
                            int64_t debited);

}  // namespace wolfix::order
