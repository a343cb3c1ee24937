#pragma once
// Order use cases. Placing and every status change take the caller's db::Session so that other
// modules (the card payment flow) can run them inside their own transaction; the read use cases
// and the HTTP-facing changes open their own.
//
// For the card flow (payments module):
//   place(s, input, actor, PaymentOption::card, now)      -> order Pending, stock reserved,
//                                                           bonuses spent, cart lines removed
//   attach_payment_intent(s, order_id, intent_id, now)
//   payment_view(s, order_id) / find_by_payment_intent(s, intent_id)
//   set_payment_status(s, order_id, PaymentStatus::paid | failed | refunded | pending, ...)
//   cancel(s, order_id, Actor::system(...), note, now)   -> releases stock and bonuses; a Pending
//                                                           card order becomes Failed + Cancelled
//   unpaid_card_orders(s, cutoff, limit)                  -> candidates for expiry
//   discard(s, order_id)                                  -> the intent could not be created
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/stock.hpp"
#include "common/clock.hpp"
#include "common/idempotency.hpp"
#include "common/role.hpp"
#include "db/db.hpp"
#include "delivery/service.hpp"
#include "order/model.hpp"
#include "order/views.hpp"

namespace wolfix::order {
namespace store {
class OrderNumberBlock;
}

struct PersonInput {
  std::string first_name;
  std::string last_name;
  std::optional<std::string> middle_name;
  std::string phone_number;
};

struct PlaceOrderLine {
  std::string product_id;
  int64_t quantity = 0;
  int64_t price_minor = 0;  // the unit price the client showed; must equal the catalog's
  std::optional<std::string> cart_item_id;
};

// A PlaceOrderDto, shape-checked (see place_request.hpp).
struct PlaceOrderInput {
  std::string customer_id;
  PersonInput customer;
  std::string customer_email;
  PersonInput recipient;
  delivery::DeliveryChoice delivery;
  bool with_bonuses = false;
  int64_t used_bonuses_minor = 0;
  int64_t price_minor = 0;  // the total the client showed: items - bonuses
  std::vector<PlaceOrderLine> lines;
};

struct PlacedOrder {
  std::string id;
  std::string number;
  std::string customer_id;
  std::string customer_email;
  std::string currency;
  int64_t items_total_minor = 0;
  int64_t used_bonuses_minor = 0;
  int64_t price_minor = 0;  // to pay
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
  int64_t created_at = 0;
};

// What the payment flow needs to know about an order.
struct OrderPaymentView {
  std::string id;
  std::string number;
  std::string customer_id;
  std::string customer_email;
  std::string currency;
  int64_t price_minor = 0;
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
  DeliveryStatus delivery_status = DeliveryStatus::preparing;
  std::optional<std::string> payment_intent_id;
  int64_t created_at = 0;
};

// The outcome of a status change: `changed` is false for a no-op (already in that state).
struct StatusChange {
  bool changed = false;
  DeliveryStatus delivery = DeliveryStatus::preparing;
  PaymentStatus payment = PaymentStatus::unpaid;
};

struct Page {
  int64_t page = 1;
  int64_t page_size = 100;
};

class OrderService {
 public:
  // stock: where orders reserve and give back units (shared with the product reads).
  OrderService(db::Database& db, const Clock& clock, catalog::Stock& stock);
  ~OrderService();

  // --- inside the caller's transaction ---------------------------------------------------

  // Places an order for actor (a Customer, who must be input.customer_id: 403). Prices from the
  // catalog (409 price_changed with the current figures when the client's differ), stock
  // reserved (409 out_of_stock naming every short product), bonuses spent (409
  // not_enough_bonuses), ordered cart lines removed, history "placed" written. Payment
  // WhileReceiving -> Unpaid, Card -> Pending. Throws; the caller's transaction rolls back.
  // as_remembered (PostgreSQL): placed in one round trip on the facts this process remembers
  // when it can, whose change fails the commit with db::ExpectationFailed (the caller then
  // forgets them and places it again without); the transaction may add only statements left
  // for later (exec_later). Not for a card order with nothing to pay.
  PlacedOrder place(db::Session& s, const PlaceOrderInput& input, const Actor& actor,
                    PaymentOption option, int64_t now_ms, bool as_remembered = false);

  std::optional<OrderPaymentView> payment_view(db::Session& s, const std::string& order_id);
  std::optional<OrderPaymentView> find_by_payment_intent(db::Session& s,
                                                         const std::string& intent_id);
  // 404 unknown order; 409 when the order already has another intent. Its history shows it
  // attached by the payments module (order/history.hpp: payment_intent_entry). In a transaction
  // committing in one round trip (db::Session::commit_in_one_round_trip) the order is expected to
  // have no intent yet, and one that has fails the commit with db::ExpectationFailed instead (the
  // caller attaches it again without the one round trip to learn why).
  void attach_payment_intent(db::Session& s, const std::string& order_id,
                             const std::string& intent_id, int64_t now_ms);
  // Validated by payment_transition_problem (409 illegal_transition); no-op when already there.
  StatusChange set_payment_status(db::Session& s, const std::string& order_id, PaymentStatus to,
                                  const Actor& actor, const std::optional<std::string>& note,
                                  int64_t now_ms);
  // The same for an order the caller has just read (`current`), without reading it again: the
  // change is a compare-and-set on the statuses read, so an order changed since fails it and the
  // transaction runs again (RetryableError). In a transaction committing in one round trip the
  // compare-and-set is checked at the commit, and an order changed since fails it with
  // db::ExpectationFailed instead (the caller reads the order again).
  StatusChange set_payment_status(db::Session& s, const OrderPaymentView& current, PaymentStatus to,
                                  const Actor& actor, const std::optional<std::string>& note,
                                  int64_t now_ms);
  // Delivery status change by a seller with items in the order or an admin (403 otherwise);
  // Cancelled goes through cancel(). 409 illegal_transition; no-op when already there.
  StatusChange set_delivery_status(db::Session& s, const std::string& order_id, DeliveryStatus to,
                                   const Actor& actor, const std::optional<std::string>& note,
                                   int64_t now_ms);
  // Cancels (cancel_problem rules; a customer only their own order, a seller only one with their
  // items): stock released, bonuses returned. No-op when already cancelled.
  StatusChange cancel(db::Session& s, const std::string& order_id, const Actor& actor,
                      const std::optional<std::string>& note, int64_t now_ms);
  std::vector<std::string> unpaid_card_orders(db::Session& s, int64_t placed_before_ms,
                                              int64_t limit);
  // Undoes a card order whose PaymentIntent could not be created: stock released, bonuses
  // returned, the order (lines and history) deleted. Only an order without an intent that is
  // still Pending and Preparing can be discarded (409 otherwise); the removed cart lines are
  // not restored. Returns false when there was no such order.
  bool discard(db::Session& s, const std::string& order_id);

  // Refunds by line and stock (the rest is in order/refund_lines.hpp).
  // Claims `qty` more units of the line and puts them back in the product's stock; false
  // (nothing changed) when they were already restocked.
  bool restock_line(db::Session& s, const std::string& item_id, const std::string& product_id,
                    int64_t qty);
  // Every unit of the order not restocked yet goes back (the last of the money was refunded).
  void restock_remaining(db::Session& s, const std::string& order_id);
  // Gives back the claim of `qty` restocked units and takes them out of stock again (a refund
  // the provider reversed); nullopt when fewer are recorded as restocked, else how many units
  // stock actually gave (fewer when they were sold meanwhile; never below zero).
  std::optional<int64_t> take_back_restock(db::Session& s, const std::string& item_id,
                                           const std::string& product_id, int64_t qty);

  // After an order placed on remembered facts failed their check (db::ExpectationFailed):
  // what it named is read afresh next time.
  void forget_remembered(const PlaceOrderInput& input);

  // --- own transactions (HTTP) -------------------------------------------------------------

  StatusChange change_delivery_status(const std::string& order_id, DeliveryStatus to,
                                      const Actor& actor, const std::optional<std::string>& note);
  StatusChange cancel_order(const std::string& order_id, const Actor& actor,
                            const std::optional<std::string>& note);

  // A POST /api/orders: places a cash-on-delivery order in its own transaction, under the
  // optional Idempotency-Key; answer(placed) is what a replay of the key is given.
  idempotency::Outcome<PlacedOrder> place_cash_order(
      const PlaceOrderInput& input, const Actor& actor,
      const std::optional<idempotency::Claim>& claim,
      const std::function<idempotency::StoredAnswer(const PlacedOrder&)>& answer);

  // The customer's orders, newest first (403 unless the customer is the actor).
  std::vector<CustomerOrder> customer_orders(const Actor& actor, const std::string& customer_id,
                                             const Page& page);
  // The owner, a seller with lines in it (who sees only their lines and their total),
  // Admin/SuperAdmin. 404 unknown, 403 otherwise.
  OrderDetails details(const Actor& actor, const std::string& order_id);
  // The seller's order lines, newest first (403 unless the seller is the actor).
  std::vector<SellerOrderLine> seller_lines(const Actor& actor, const std::string& seller_id,
                                            const Page& page);

 private:
  db::Database& db_;
  const Clock& clock_;
  catalog::Stock& stock_;
  // This database's numbers for orders placed in one round trip (store::OrderNumberBlock).
  std::unique_ptr<store::OrderNumberBlock> numbers_;
  // What this node read of the products and delivery routes its orders named, for cash orders
  // placed in one round trip on PostgreSQL (place_as_remembered); the database checks each use.
  catalog::SaleFactsMemo sale_facts_{1 << 16};
  delivery::RouteMemo routes_{4096};
};

}  // namespace wolfix::order
