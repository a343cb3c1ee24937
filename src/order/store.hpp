#pragma once
// SQL for orders, order lines and order history.
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "order/model.hpp"
#include "order/refund_lines.hpp"

namespace wolfix::order::store {

struct OrderRow {
  std::string id;
  std::string number;
  std::string customer_id;
  std::string customer_first_name, customer_last_name;
  std::optional<std::string> customer_middle_name;
  std::string customer_phone_number, customer_email;
  std::string recipient_first_name, recipient_last_name;
  std::optional<std::string> recipient_middle_name;
  std::string recipient_phone_number;
  std::optional<std::string> delivery_method_id;
  std::string delivery_method_name;
  DeliveryOption delivery_option = DeliveryOption::department;
  std::optional<int64_t> delivery_number;
  std::string delivery_city, delivery_street;
  int64_t delivery_house_number = 0;
  DeliveryStatus delivery_status = DeliveryStatus::preparing;
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
  std::optional<std::string> payment_intent_id;
  std::string currency;
  int64_t items_total_minor = 0;
  bool with_bonuses = false;
  int64_t used_bonuses_minor = 0;
  int64_t price_minor = 0;  // items - bonuses + delivery fee
  int64_t delivery_fee_minor = 0;
  // When the intent was attached; the order's "paymentIntent" history entry is derived from it
  // (NULL: attached before migration 0311, the entry is stored).
  std::optional<int64_t> payment_intent_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct ItemRow {
  std::string id;
  std::string order_id;
  std::string product_id;
  std::string seller_id;
  std::string title;
  std::optional<std::string> photo_url;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  std::optional<std::string> cart_item_id;
  int64_t created_at = 0;
};

struct HistoryRow {
  std::string id;
  std::string order_id;
  int64_t at = 0;
  std::string actor_role;
  std::optional<std::string> actor_id;
  std::string what;  // placed | deliveryStatus | paymentStatus | paymentIntent
  std::optional<int64_t> from_value;
  std::optional<int64_t> to_value;
  std::optional<std::string> note;
};

// A seller's line with the order it belongs to.
struct SellerItemRow {
  ItemRow item;
  std::string order_number;
  DeliveryStatus delivery_status = DeliveryStatus::preparing;
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
};

// The next human-friendly order number ("100001", "100002", ...); unique per database. Asked
// for early and read when needed, so that PostgreSQL sends the nextval with the statement after
// it instead of on its own (a rolled-back order leaves a gap in the numbers, as any nextval does).
class NextOrderNumber {
 public:
  explicit NextOrderNumber(db::Session& s);
  std::string get();

 private:
  db::Session::Deferred answer_;
};

// PostgreSQL: order numbers taken from the sequence 32 at a time (one statement, run at once,
// per 32 orders), for orders sent in one round trip; one block per database handle. Unique as
// ever; across processes numbers are no longer in the order orders were placed, and a block's
// unused numbers are a gap once the process ends.
class OrderNumberBlock {
 public:
  std::string next(db::Session& s);

 private:
  std::mutex mu_;
  std::deque<int64_t> numbers_;
};

// A new order with its lines, sent with the next statement or the COMMIT (one statement on
// PostgreSQL).
void insert_placed(db::Session& s, const OrderRow& o, const std::vector<ItemRow>& items);
// The number of the customer's order (not cancelled) that a cart line went into, if any.
std::optional<std::string> order_number_of_cart_item(db::Session& s, const std::string& customer_id,
                                                     const std::string& cart_item_id);
// The inserts of a new order, its lines and its history run with exec_later: their failure
// is thrown by the transaction's next statement or its commit.
// All of an order's lines in one statement.
void insert_history(db::Session& s, const HistoryRow& h);

std::optional<OrderRow> find_order(db::Session& s, const std::string& id);
std::optional<OrderRow> find_by_payment_intent(db::Session& s, const std::string& intent_id);
std::vector<ItemRow> items_of(db::Session& s, const std::string& order_id);
std::vector<HistoryRow> history_of(db::Session& s, const std::string& order_id);
bool seller_has_items(db::Session& s, const std::string& order_id, const std::string& seller_id);

// Newest first.
std::vector<OrderRow> customer_orders(db::Session& s, const std::string& customer_id, int64_t limit,
                                      int64_t offset);
// Line titles per order id, in line order.
std::map<std::string, std::vector<std::string>> titles_of(
    db::Session& s, const std::vector<std::string>& order_ids);
// Newest first.
std::vector<SellerItemRow> seller_items(db::Session& s, const std::string& seller_id, int64_t limit,
                                        int64_t offset);

// Compare-and-set of both statuses: changes the row only if it still has the `from` statuses.
// In a transaction committing in one round trip, true, and a row that does not match fails the
// commit instead (db::Session::exec_expecting_change); so does set_payment_intent's.
bool change_statuses(db::Session& s, const std::string& id, DeliveryStatus from_delivery,
                     PaymentStatus from_payment, DeliveryStatus to_delivery,
                     PaymentStatus to_payment, int64_t now);
// Sets the PaymentIntent id if none is set yet; false otherwise (also for an unknown order).
bool set_payment_intent(db::Session& s, const std::string& id, const std::string& intent_id,
                        int64_t now);

// Deletes the order with its lines and history.
bool delete_order(db::Session& s, const std::string& id);

// Refunds by line: the SQL behind order/refund_lines.hpp (the types are declared there).
std::vector<LineRefundState> refund_state_of(db::Session& s, const std::string& order_id);
// Adds `qty` refunded units to the line; false when that would exceed the ordered quantity.
bool reserve_line_refund(db::Session& s, const std::string& item_id, int64_t qty);
void unreserve_line_refund(db::Session& s, const std::string& item_id, int64_t qty);
// Claims `qty` more units of the line for restocking; false when they were already restocked.
bool claim_line_restock(db::Session& s, const std::string& item_id, int64_t qty);
// Gives back a claim of `qty` restocked units (their refund was reversed); false when fewer
// are recorded as restocked.
bool unclaim_line_restock(db::Session& s, const std::string& item_id, int64_t qty);

std::vector<LineBonus> bonus_lines_of(db::Session& s, const std::string& order_id);
void record_line_bonus(db::Session& s, const std::string& item_id, int64_t units, int64_t earned);
void set_line_bonus_reclaim(db::Session& s, const std::string& item_id, int64_t reclaimed,
                            int64_t debited);

// Card orders whose payment is still Pending or Failed, placed before `cutoff`, oldest first.
std::vector<std::string> unpaid_card_orders(db::Session& s, int64_t cutoff, int64_t limit);

}  // namespace wolfix::order::store
