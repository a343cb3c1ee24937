#include "order/service.hpp"

#include <algorithm>
#include <map>

#include "catalog/product_lookup.hpp"
#include "catalog/stock.hpp"
#include "common/clock.hpp"
#include "common/errors.hpp"
#include "common/money.hpp"
#include "common/role.hpp"
#include "common/uuid.hpp"
#include "customer/bonus_spending.hpp"
#include "customer/cart_cleanup.hpp"
#include "order/history.hpp"
#include "order/store.hpp"

namespace wolfix::order {
namespace {

constexpr int kExponent = kShopCurrency.exponent;

std::string money_text(int64_t minor) {
  return format_minor(minor, kExponent);
}

std::string line_key(std::size_t i, const char* field) {
  return "orderItems[" + std::to_string(i) + "]." + field;
}

// Each line's product bonuses (as the catalog lists them now, removed products included) times
// the units the customer keeps (units already refunded earn nothing).
int64_t bonuses_earned(db::Session& s, const std::string& order_id, int64_t now) {
  auto lines = store::refund_state_of(s, order_id);
  std::vector<std::string> ids;
  for (const auto& l : lines) ids.push_back(l.product_id);
  auto cards = catalog::find_product_cards(s, ids, now);
  int64_t earned = 0;
  for (const auto& l : lines) {
    if (auto it = cards.find(l.product_id); it != cards.end()) {
      int64_t units = std::max<int64_t>(0, l.quantity - l.refunded_quantity);
      // Recorded per line so a refund after delivery can take the refunded units' share back.
      store::record_line_bonus(s, l.item_id, units, it->second.bonuses_minor * units);
      earned += it->second.bonuses_minor * units;
    }
  }
  return earned;
}

// A line that cannot be bought: its product is gone (no title), off sale, or short of stock.
struct UnavailableLine {
  std::size_t line = 0;
  std::optional<std::string> title;
  bool on_sale = false;
  int64_t left = 0;
};

// 409 out_of_stock naming every unavailable line: a field error per orderItems[i] and a
// message a shopper can read ("Not available any more: Phone (out of stock), Case (only 1
// left)").
ApiError unavailable_lines(const std::vector<PlaceOrderLine>& lines,
                           const std::vector<UnavailableLine>& unavailable) {
  FieldErrors errors;
  std::string names;
  ErrorValue::Array products;
  for (const auto& u : unavailable) {
    const auto& line = lines[u.line];
    std::string name = u.title.value_or("Product " + line.product_id);
    std::string why = unavailable_reason(u.title.has_value(), u.on_sale, u.left);
    if (u.on_sale)
      errors[line_key(u.line, "quantity")].push_back(name + " is " + why);
    else
      errors[line_key(u.line, "productId")].push_back(name + " is " + why);
    names += (names.empty() ? "" : ", ") + name + " (" + why + ")";
    products.push_back(ErrorValue::Object{{"productId", line.product_id},
                                          {"title", name},
                                          {"requested", line.quantity},
                                          {"available", u.left}});
  }
  return ApiError(409, "out_of_stock",
                  "Not available any more: " + names +
                      ". Remove these items or lower their quantity and order again.",
                  std::move(errors))
      .with("products", std::move(products));
}

void record(db::Session& s, const std::string& order_id, const Actor& actor, int64_t now,
            const std::string& what, std::optional<int64_t> from, std::optional<int64_t> to,
            const std::optional<std::string>& note) {
  store::HistoryRow h;
  h.id = new_uuid_v7();
  h.order_id = order_id;
  h.at = now;
  h.actor_role = actor.label();
  if (!actor.id.empty()) h.actor_id = actor.id;
  h.what = what;
  h.from_value = from;
  h.to_value = to;
  h.note = note;
  store::insert_history(s, h);
}

store::OrderRow must_find(db::Session& s, const std::string& order_id) {
  auto o = store::find_order(s, order_id);
  if (!o) throw not_found("Order with id: " + order_id + " not found");
  return std::move(*o);
}

OrderPaymentView view_of(const store::OrderRow& o) {
  return {o.id,          o.number,         o.customer_id,    o.customer_email,  o.currency,
          o.price_minor, o.payment_option, o.payment_status, o.delivery_status, o.payment_intent_id,
          o.created_at};
}

// Sellers of the order's items and admins fulfil it; the system may do anything.
void require_fulfiller(db::Session& s, const store::OrderRow& o, const Actor& actor) {
  switch (kind_of(actor)) {
    case ActorKind::system:
    case ActorKind::admin:
      return;
    case ActorKind::seller:
      if (!store::seller_has_items(s, o.id, actor.id))
        throw forbidden("This order has none of your items", "not_owner");
      return;
    case ActorKind::customer:
      throw forbidden("Only a seller of this order or an admin can change its delivery status");
  }
}

[[noreturn]] void concurrent_change() {
  // Another transaction changed the order between our read and our compare-and-set; the
  // database layer runs the whole use case again on fresh data.
  throw db::RetryableError("order status changed concurrently");
}

DeliveryPlace place_of(const store::OrderRow& o) {
  return {o.delivery_option, o.delivery_number,       o.delivery_city,
          o.delivery_street, o.delivery_house_number, o.delivery_method_name};
}

OrderLine line_of(store::ItemRow&& i) {
  return {std::move(i.id),        std::move(i.product_id),
          std::move(i.seller_id), std::move(i.title),
          std::move(i.photo_url), i.quantity,
          i.unit_price_minor,     i.created_at};
}

int64_t enum_int(DeliveryStatus v) {
  return static_cast<int64_t>(v);
}
int64_t enum_int(PaymentStatus v) {
  return static_cast<int64_t>(v);
}

// The order and its lines, written as judged (prices, totals and the delivery place known to
// hold). Its "placed" history entry is derived from the order row (order/history.hpp).
PlacedOrder write_order(db::Session& s, const PlaceOrderInput& in,
                        const std::vector<PlaceOrderLine>& lines,
                        const std::map<std::string, catalog::SaleFacts>& facts,
                        const delivery::ResolvedDelivery& where, const Totals& t,
                        PaymentOption option, std::string number, int64_t now) {
  store::OrderRow o;
  o.id = new_uuid_v7();
  o.number = std::move(number);
  o.customer_id = in.customer_id;
  o.customer_first_name = in.customer.first_name;
  o.customer_last_name = in.customer.last_name;
  o.customer_middle_name = in.customer.middle_name;
  o.customer_phone_number = in.customer.phone_number;
  o.customer_email = in.customer_email;
  o.recipient_first_name = in.recipient.first_name;
  o.recipient_last_name = in.recipient.last_name;
  o.recipient_middle_name = in.recipient.middle_name;
  o.recipient_phone_number = in.recipient.phone_number;
  o.delivery_method_id = where.method_id;
  o.delivery_method_name = where.method_name;
  o.delivery_option = where.option;
  o.delivery_number = where.number;
  o.delivery_city = where.city;
  o.delivery_street = where.street;
  o.delivery_house_number = where.house_number;
  o.delivery_status = DeliveryStatus::preparing;
  o.payment_option = option;
  o.payment_status = initial_payment_status(option);
  o.currency = kCurrency;
  o.items_total_minor = t.items_minor;
  o.with_bonuses = in.with_bonuses;
  o.used_bonuses_minor = t.used_bonuses_minor;
  o.price_minor = t.to_pay_minor;
  o.delivery_fee_minor = t.delivery_fee_minor;
  o.created_at = now;
  o.updated_at = now;

  std::vector<store::ItemRow> rows;
  rows.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    const auto& f = facts.at(line.product_id);
    store::ItemRow& item = rows.emplace_back();
    item.id = new_uuid_v7();
    item.order_id = o.id;
    item.product_id = line.product_id;
    item.seller_id = f.seller_id;
    item.title = f.title;
    item.photo_url = f.main_photo_url;
    item.quantity = line.quantity;
    item.unit_price_minor = f.final_price_minor;
    item.cart_item_id = line.cart_item_id;
    item.created_at = now;
  }
  // No history row: the "placed" entry is the order row's own facts (order/history.hpp).
  store::insert_placed(s, o, rows);

  PlacedOrder placed;
  placed.id = o.id;
  placed.number = o.number;
  placed.customer_id = o.customer_id;
  placed.customer_email = o.customer_email;
  placed.currency = o.currency;
  placed.items_total_minor = o.items_total_minor;
  placed.used_bonuses_minor = o.used_bonuses_minor;
  placed.price_minor = o.price_minor;
  placed.payment_option = o.payment_option;
  placed.payment_status = o.payment_status;
  placed.created_at = now;
  return placed;
}

// A cash order placed on remembered facts (PostgreSQL): the delivery route and every line's
// sale facts as this process last found them, judged as place() judges them, and written in
// one round trip with the statements that check them (wolfix_expect): the customer exists, the
// route and each product's facts are unchanged and each reservation leaves units in stock. A fact
// that changed fails the commit with db::ExpectationFailed (nothing of it happened), and
// place_cash_order places the order again the careful way. nullopt, with nothing sent, when
// something is not remembered or the order would not be placed as it stands (the careful way
// then answers why).
std::optional<PlacedOrder> place_as_remembered(db::Session& s, store::OrderNumberBlock& numbers,
                                               catalog::Stock& stock,
                                               const catalog::SaleFactsMemo& sale_facts,
                                               const delivery::RouteMemo& routes,
                                               const PlaceOrderInput& in, PaymentOption option,
                                               int64_t now) {
  if (!s.is_postgres() || in.used_bonuses_minor != 0 || in.lines.empty()) return std::nullopt;
  auto where = delivery::remembered_delivery(routes, in.delivery);
  if (!where) return std::nullopt;
  std::map<std::string, catalog::SaleFacts> facts;
  std::vector<LineAmount> amounts;
  for (const auto& line : in.lines) {
    if (line.cart_item_id || line.quantity <= 0) return std::nullopt;
    auto f = catalog::remembered_sale_facts(sale_facts, line.product_id, now);
    if (!f || f->final_price_minor != line.price_minor) return std::nullopt;
    amounts.push_back({line.quantity, f->final_price_minor});
    facts.insert_or_assign(line.product_id, std::move(*f));
  }
  auto items = items_total(amounts);
  if (!items) return std::nullopt;
  auto t = totals(*items, 0, where->fee_minor);
  if (!t || t->to_pay_minor != in.price_minor) return std::nullopt;
  // A card order with nothing to pay is settled in its transaction: more than the order.
  if (option == PaymentOption::card && t->to_pay_minor <= 0) return std::nullopt;

  std::string number = numbers.next(s);
  customer::expect_customer_later(s, in.customer_id);
  delivery::expect_delivery_later(s, in.delivery, *where);
  // In product-id order, as place() reserves.
  std::vector<const PlaceOrderLine*> by_product;
  for (const auto& line : in.lines) by_product.push_back(&line);
  std::sort(by_product.begin(), by_product.end(),
            [](const auto* a, const auto* b) { return a->product_id < b->product_id; });
  for (const auto* line : by_product)
    stock.reserve_as_remembered(sale_facts, s, line->product_id, line->quantity);
  auto placed = write_order(s, in, in.lines, facts, *where, *t, option, std::move(number), now);
  s.commit_in_one_round_trip();
  return placed;
}

}  // namespace

OrderService::OrderService(db::Database& db, const Clock& clock, catalog::Stock& stock)
    : db_(db),
      clock_(clock),
      stock_(stock),
      numbers_(std::make_unique<store::OrderNumberBlock>()) {}
OrderService::~OrderService() = default;

PlacedOrder OrderService::place(db::Session& s, const PlaceOrderInput& in, const Actor& actor,
                                PaymentOption option, int64_t now, bool as_remembered) {
  if (!actor.is(Role::customer) || actor.id != in.customer_id)
    throw forbidden("You can place orders only for yourself", "not_owner");
  if (as_remembered)
    if (auto placed =
            place_as_remembered(s, *numbers_, stock_, sale_facts_, routes_, in, option, now))
      return std::move(*placed);
  // Stock is reserved in product-id order, so two orders never wait on each other's rows in a
  // cycle; a failed order rolls every reservation back. Each reservation returns the catalog's
  // facts for its line (one statement per line); only a refused line makes the catalog say why.
  std::vector<PlaceOrderLine> lines = in.lines;
  std::vector<std::size_t> order_of_lines(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) order_of_lines[i] = i;
  std::sort(order_of_lines.begin(), order_of_lines.end(), [&](std::size_t a, std::size_t b) {
    return lines[a].product_id < lines[b].product_id;
  });
  std::optional<store::NextOrderNumber> number;
  std::vector<catalog::SaleReservation> reservations;  // in order_of_lines' order
  auto reserve_lines = [&] {
    number.emplace(s);
    for (std::size_t i : order_of_lines)
      reservations.emplace_back(stock_, s, lines[i].product_id, lines[i].quantity, now,
                                &sale_facts_);
  };
  // The balance, the delivery lookup and, for an order that takes no cart line (its quantities
  // are known already), the order's number and its reservations: one round trip on PostgreSQL
  // (each is sent with the next statement). What they find is judged in the order it always
  // was: an unknown customer, then the delivery, then the cart lines, then the stock.
  bool from_cart = std::any_of(lines.begin(), lines.end(),
                               [](const PlaceOrderLine& l) { return l.cart_item_id.has_value(); });
  customer::BonusBalance balance_read(s, in.customer_id);
  if (!from_cart) reserve_lines();
  auto customer_missing = [&] {
    return not_found("Customer with id: " + in.customer_id + " not found");
  };
  delivery::ResolvedDelivery where;
  try {
    where = delivery::resolve_delivery(s, in.delivery, "order.", &routes_);
  } catch (const ApiError&) {
    if (!balance_read.get()) throw customer_missing();
    throw;
  }
  auto balance = balance_read.get();
  if (!balance) throw customer_missing();

  // A line taken from the caller's cart orders what the cart holds: clients of Wolfix.Server
  // send quantity 1 per cart line, and pressing "buy" twice made that line's quantity 2.
  if (from_cart) {
    std::vector<customer::OrderedCartLine> named;
    for (const auto& l : lines)
      if (l.cart_item_id) named.push_back({*l.cart_item_id, l.product_id});
    auto taken = customer::take_ordered_cart_lines(s, in.customer_id, named);
    FieldErrors errors;
    std::vector<std::pair<std::size_t, std::string>> ordered;  // line, order number
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!lines[i].cart_item_id) continue;
      auto it = taken.find(*lines[i].cart_item_id);
      if (it == taken.end()) {
        // Already ordered: the same checkout sent twice (a double click; Wolfix.Server's
        // clients send no Idempotency-Key). The first order took the line, so its number is
        // committed and visible here, whichever request came first.
        if (auto number =
                store::order_number_of_cart_item(s, in.customer_id, *lines[i].cart_item_id))
          ordered.emplace_back(i, *number);
        lines[i].cart_item_id.reset();  // not a line of this cart: the client's quantity stands
        continue;
      }
      lines[i].quantity = it->second;
      if (it->second > kMaxQuantity)
        errors[line_key(i, "quantity")].push_back("an order line may have at most " +
                                                  std::to_string(kMaxQuantity) + " units");
    }
    if (!ordered.empty()) {
      FieldErrors dup;
      for (const auto& [i, number] : ordered)
        dup[line_key(i, "cartItemId")].push_back("is already in order " + number);
      throw ApiError(
          409, "already_ordered",
          "These cart items are already in order " + ordered.front().second + ": see your orders",
          std::move(dup))
          .with("orderNumber", ordered.front().second);
    }
    if (!errors.empty()) throw validation_failed(std::move(errors));
  }

  // Stock before prices, so a line that cannot be bought is named as such and not reported as
  // a total that differs. Cart lines are reserved now that their quantities are known.
  if (from_cart) reserve_lines();
  std::map<std::string, catalog::SaleFacts> facts;
  std::vector<std::size_t> refused;
  for (std::size_t k = 0; k < order_of_lines.size(); ++k) {
    std::size_t i = order_of_lines[k];
    if (auto f = reservations[k].get())
      facts.insert_or_assign(lines[i].product_id, std::move(*f));
    else
      refused.push_back(i);
  }
  if (!refused.empty()) {
    std::sort(refused.begin(), refused.end());
    std::vector<std::string> refused_ids;
    for (std::size_t i : refused) refused_ids.push_back(lines[i].product_id);
    // What is there right now: unknown and deleted products are absent.
    auto now_facts = catalog::sale_facts(s, refused_ids, now);
    std::vector<std::size_t> missing, short_lines;
    for (std::size_t i : refused)
      (now_facts.count(lines[i].product_id) ? short_lines : missing).push_back(i);
    if (short_lines.empty()) {
      FieldErrors errors;
      std::string msg = missing.size() == 1
                            ? "Product with id: " + lines[missing[0]].product_id + " not found"
                            : "Products not found: ";
      for (std::size_t k = 0; k < missing.size(); ++k) {
        const auto& id = lines[missing[k]].product_id;
        errors[line_key(missing[k], "productId")].push_back("Product with id: " + id +
                                                            " not found");
        if (missing.size() > 1) msg += (k ? ", " : "") + id;
      }
      throw ApiError(404, "product_not_found", msg, std::move(errors));
    }
    std::vector<UnavailableLine> unavailable;
    for (std::size_t i : refused) {
      auto it = now_facts.find(lines[i].product_id);
      if (it == now_facts.end()) {
        unavailable.push_back({i, std::nullopt, false, 0});
        continue;
      }
      bool on_sale = it->second.available;
      // An untracked product fails only when it is off sale: none of it can be bought.
      unavailable.push_back({i, it->second.title, on_sale,
                             on_sale && it->second.tracks_stock ? it->second.stock : 0});
    }
    throw unavailable_lines(lines, unavailable);
  }

  // Prices: the catalog's, never the client's; any difference is shown back, not charged.
  std::vector<LineAmount> amounts;
  FieldErrors price_errors;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& f = facts.at(lines[i].product_id);
    amounts.push_back({lines[i].quantity, f.final_price_minor});
    if (f.final_price_minor != lines[i].price_minor)
      price_errors[line_key(i, "price")].push_back("is " + money_text(f.final_price_minor) +
                                                   " now");
  }
  auto items = items_total(amounts);
  if (!items) throw invalid_field("orderItems", "the order total is too large");
  auto t = totals(*items, in.used_bonuses_minor, where.fee_minor);
  if (price_errors.empty() && !t)
    throw invalid_field("order.usedBonusesAmount",
                        "cannot be more than the order total (" + money_text(*items) + ")");
  if (!price_errors.empty() || t->to_pay_minor != in.price_minor) {
    int64_t to_pay = std::max<int64_t>(0, *items - in.used_bonuses_minor) + where.fee_minor;
    // Unit prices that changed are the news; a total alone that differs is the client's sum.
    std::string message =
        price_errors.empty()
            ? "The order total is " + money_text(to_pay) +
                  (where.fee_minor > 0 ? " (with " + money_text(where.fee_minor) + " for delivery)"
                                       : std::string()) +
                  ", not " + money_text(in.price_minor) + ": please review your order"
            : "Prices have changed since you saw them: please review your order";
    if (price_errors.empty())
      price_errors["order.price"].push_back("is " + money_text(to_pay) + " now");
    ErrorValue::Array current_lines;
    for (std::size_t i = 0; i < lines.size(); ++i)
      current_lines.push_back(
          ErrorValue::Object{{"productId", lines[i].product_id},
                             {"price", ErrorValue::money(amounts[i].unit_price_minor)},
                             {"quantity", lines[i].quantity}});
    throw ApiError(409, "price_changed", message, std::move(price_errors))
        .with("current",
              ErrorValue::Object{{"price", ErrorValue::money(to_pay)},
                                 {"itemsTotal", ErrorValue::money(*items)},
                                 {"usedBonusesAmount", ErrorValue::money(in.used_bonuses_minor)},
                                 {"deliveryFee", ErrorValue::money(where.fee_minor)},
                                 {"orderItems", std::move(current_lines)}});
  }
  if (in.used_bonuses_minor > *balance)
    throw conflict("not_enough_bonuses", "You have only " + money_text(*balance) +
                                             " in bonuses, not " +
                                             money_text(in.used_bonuses_minor));

  if (!customer::spend_bonuses(s, in.customer_id, in.used_bonuses_minor))
    throw conflict("not_enough_bonuses",
                   "Your bonus balance is lower than " + money_text(in.used_bonuses_minor));

  return write_order(s, in, lines, facts, where, *t, option, number->get(), now);
}

std::optional<OrderPaymentView> OrderService::payment_view(db::Session& s,
                                                           const std::string& order_id) {
  auto o = store::find_order(s, order_id);
  if (!o) return std::nullopt;
  return view_of(*o);
}

std::optional<OrderPaymentView> OrderService::find_by_payment_intent(db::Session& s,
                                                                     const std::string& intent_id) {
  auto o = store::find_by_payment_intent(s, intent_id);
  if (!o) return std::nullopt;
  return view_of(*o);
}

// The "paymentIntent" history entry is the order row's intent and its payment_intent_at
// (order/history.hpp), not a stored row.
void OrderService::attach_payment_intent(db::Session& s, const std::string& order_id,
                                         const std::string& intent_id, int64_t now) {
  // The usual case (no intent yet) is one UPDATE; the row is read only when it did not apply.
  if (store::set_payment_intent(s, order_id, intent_id, now)) return;
  auto o = must_find(s, order_id);
  if (o.payment_intent_id == intent_id) return;
  throw conflict("payment_intent_exists", "This order already has a payment intent");
}

StatusChange OrderService::set_payment_status(db::Session& s, const std::string& order_id,
                                              PaymentStatus to, const Actor& actor,
                                              const std::optional<std::string>& note, int64_t now) {
  return set_payment_status(s, view_of(must_find(s, order_id)), to, actor, note, now);
}

StatusChange OrderService::set_payment_status(db::Session& s, const OrderPaymentView& o,
                                              PaymentStatus to, const Actor& actor,
                                              const std::optional<std::string>& note, int64_t now) {
  if (o.payment_status == to) return {false, o.delivery_status, o.payment_status};
  if (auto p = payment_transition_problem(o.payment_option, o.payment_status, to))
    throw conflict("illegal_transition", *p);
  if (!store::change_statuses(s, o.id, o.delivery_status, o.payment_status, o.delivery_status, to,
                              now))
    concurrent_change();
  record(s, o.id, actor, now, "paymentStatus", enum_int(o.payment_status), enum_int(to), note);
  return {true, o.delivery_status, to};
}

StatusChange OrderService::set_delivery_status(db::Session& s, const std::string& order_id,
                                               DeliveryStatus to, const Actor& actor,
                                               const std::optional<std::string>& note,
                                               int64_t now) {
  if (to == DeliveryStatus::cancelled) return cancel(s, order_id, actor, note, now);
  auto o = must_find(s, order_id);
  require_fulfiller(s, o, actor);
  if (o.delivery_status == to) return {false, o.delivery_status, o.payment_status};
  if (auto p =
          delivery_transition_problem(o.delivery_status, to, o.payment_option, o.payment_status))
    throw conflict("illegal_transition", *p);
  auto pay = payment_after_delivery_change(o.payment_option, o.payment_status, to)
                 .value_or(o.payment_status);
  if (!store::change_statuses(s, o.id, o.delivery_status, o.payment_status, to, pay, now))
    concurrent_change();
  record(s, o.id, actor, now, "deliveryStatus", enum_int(o.delivery_status), enum_int(to), note);
  if (pay != o.payment_status)
    record(s, o.id, actor, now, "paymentStatus", enum_int(o.payment_status), enum_int(pay),
           std::string("Cash collected on delivery"));
  // Delivered is final and the conditional status change above lets one request through, so
  // bonuses are earned exactly once; a refunded card order is not Paid and earns none.
  if (to == DeliveryStatus::delivered && pay == PaymentStatus::paid)
    customer::earn_bonuses(s, o.customer_id, bonuses_earned(s, o.id, now));
  return {true, to, pay};
}

StatusChange OrderService::cancel(db::Session& s, const std::string& order_id, const Actor& actor,
                                  const std::optional<std::string>& note, int64_t now) {
  auto o = must_find(s, order_id);
  if (actor.is(Role::customer)) {
    if (o.customer_id != actor.id) throw forbidden("This is not your order", "not_owner");
  } else {
    require_fulfiller(s, o, actor);
  }
  if (o.delivery_status == DeliveryStatus::cancelled)
    return {false, o.delivery_status, o.payment_status};
  if (auto p =
          cancel_problem(kind_of(actor), o.delivery_status, o.payment_option, o.payment_status))
    throw conflict("cannot_cancel", *p);
  auto pay =
      payment_after_delivery_change(o.payment_option, o.payment_status, DeliveryStatus::cancelled)
          .value_or(o.payment_status);
  if (!store::change_statuses(s, o.id, o.delivery_status, o.payment_status,
                              DeliveryStatus::cancelled, pay, now))
    concurrent_change();
  for (const auto& item : store::items_of(s, o.id))
    stock_.release(s, item.product_id, item.quantity);
  customer::refund_bonuses(s, o.customer_id, o.used_bonuses_minor);
  record(s, o.id, actor, now, "deliveryStatus", enum_int(o.delivery_status),
         enum_int(DeliveryStatus::cancelled), note);
  if (pay != o.payment_status)
    record(s, o.id, actor, now, "paymentStatus", enum_int(o.payment_status), enum_int(pay),
           std::string("Payment abandoned"));
  return {true, DeliveryStatus::cancelled, pay};
}

std::vector<std::string> OrderService::unpaid_card_orders(db::Session& s, int64_t placed_before,
                                                          int64_t limit) {
  return store::unpaid_card_orders(s, placed_before, limit);
}

bool OrderService::discard(db::Session& s, const std::string& order_id) {
  auto o = store::find_order(s, order_id);
  if (!o) return false;
  if (o->payment_option != PaymentOption::card || o->payment_intent_id ||
      o->payment_status != PaymentStatus::pending ||
      o->delivery_status != DeliveryStatus::preparing)
    throw conflict("cannot_discard",
                   "Only a card order still waiting for its payment intent "
                   "can be discarded");
  for (const auto& item : store::items_of(s, o->id))
    stock_.release(s, item.product_id, item.quantity);
  customer::refund_bonuses(s, o->customer_id, o->used_bonuses_minor);
  return store::delete_order(s, o->id);
}

StatusChange OrderService::change_delivery_status(const std::string& order_id, DeliveryStatus to,
                                                  const Actor& actor,
                                                  const std::optional<std::string>& note) {
  int64_t now = clock_.now_ms();
  return db_.write(
      [&](db::Session& s) { return set_delivery_status(s, order_id, to, actor, note, now); });
}

StatusChange OrderService::cancel_order(const std::string& order_id, const Actor& actor,
                                        const std::optional<std::string>& note) {
  int64_t now = clock_.now_ms();
  return db_.write([&](db::Session& s) { return cancel(s, order_id, actor, note, now); });
}

idempotency::Outcome<PlacedOrder> OrderService::place_cash_order(
    const PlaceOrderInput& input, const Actor& actor,
    const std::optional<idempotency::Claim>& claim,
    const std::function<idempotency::StoredAnswer(const PlacedOrder&)>& answer) {
  int64_t now = clock_.now_ms();
  auto run = [&](bool as_remembered) {
    return idempotency::run_once<PlacedOrder>(
        db_, claim, now,
        [&](db::Session& s) {
          return place(s, input, actor, PaymentOption::while_receiving, now, as_remembered);
        },
        answer);
  };
  try {
    return run(true);
  } catch (const db::ExpectationFailed&) {
    // A remembered fact changed: nothing was written. What this order named is read afresh.
  }
  forget_remembered(input);
  return run(false);
}

void OrderService::forget_remembered(const PlaceOrderInput& input) {
  for (const auto& line : input.lines) sale_facts_.erase(line.product_id);
  delivery::forget_delivery(routes_, input.delivery);
}

std::vector<CustomerOrder> OrderService::customer_orders(const Actor& actor,
                                                         const std::string& customer_id,
                                                         const Page& page) {
  if (!actor.is(Role::customer) || actor.id != customer_id)
    throw forbidden("You can read only your own orders", "not_owner");
  auto [orders, titles] = db_.read([&](db::Session& s) {
    auto rows =
        store::customer_orders(s, customer_id, page.page_size, (page.page - 1) * page.page_size);
    std::vector<std::string> ids;
    for (const auto& o : rows) ids.push_back(o.id);
    return std::make_pair(std::move(rows), store::titles_of(s, ids));
  });
  std::vector<CustomerOrder> out;
  out.reserve(orders.size());
  for (auto& o : orders) {
    CustomerOrder c;
    c.id = std::move(o.id);
    c.number = std::move(o.number);
    if (auto it = titles.find(c.id); it != titles.end()) c.product_titles = std::move(it->second);
    c.delivery_status = o.delivery_status;
    c.payment_option = o.payment_option;
    c.payment_status = o.payment_status;
    c.delivery = place_of(o);
    c.price_minor = o.price_minor;
    c.created_at = o.created_at;
    out.push_back(std::move(c));
  }
  return out;
}

OrderDetails OrderService::details(const Actor& actor, const std::string& order_id) {
  struct Loaded {
    store::OrderRow order;
    std::vector<store::ItemRow> items;
    std::vector<store::HistoryRow> history;
  };
  auto loaded = db_.read([&](db::Session& s) -> Loaded {
    auto o = must_find(s, order_id);
    return {std::move(o), store::items_of(s, order_id), store::history_of(s, order_id)};
  });
  auto& o = loaded.order;
  bool seller_view = false;
  switch (kind_of(actor)) {
    case ActorKind::customer:
      if (o.customer_id != actor.id) throw forbidden("This is not your order", "not_owner");
      break;
    case ActorKind::seller:
      // A seller sees the order (to ship it) with only their own lines and their total.
      seller_view = true;
      std::erase_if(loaded.items, [&](const auto& i) { return i.seller_id != actor.id; });
      if (loaded.items.empty()) throw forbidden("This order has none of your items", "not_owner");
      break;
    case ActorKind::admin:
    case ActorKind::system:
      break;
  }
  OrderDetails d;
  d.items_total_minor = o.items_total_minor;
  d.used_bonuses_minor = o.used_bonuses_minor;
  d.delivery_fee_minor = o.delivery_fee_minor;
  d.price_minor = o.price_minor;
  if (seller_view) {
    d.items_total_minor = 0;
    for (const auto& i : loaded.items) d.items_total_minor += i.quantity * i.unit_price_minor;
    d.used_bonuses_minor = 0;
    d.delivery_fee_minor = 0;
    d.price_minor = d.items_total_minor;
  }
  d.id = o.id;
  d.number = o.number;
  d.customer_id = o.customer_id;
  d.recipient_first_name = o.recipient_first_name;
  d.recipient_last_name = o.recipient_last_name;
  d.recipient_middle_name = o.recipient_middle_name;
  d.recipient_phone_number = o.recipient_phone_number;
  d.delivery_status = o.delivery_status;
  d.payment_option = o.payment_option;
  d.payment_status = o.payment_status;
  d.delivery = place_of(o);
  d.currency = o.currency;
  d.created_at = o.created_at;
  d.lines.reserve(loaded.items.size());
  for (auto& i : loaded.items) d.lines.push_back(line_of(std::move(i)));
  std::vector<HistoryEntry> stored;
  stored.reserve(loaded.history.size() + 1);
  for (auto& h : loaded.history)
    stored.push_back({h.at, std::move(h.actor_role), std::move(h.actor_id), std::move(h.what),
                      h.from_value, h.to_value, std::move(h.note)});
  if (o.payment_intent_id && o.payment_intent_at)
    stored = with_entry(std::move(stored),
                        payment_intent_entry(*o.payment_intent_id, *o.payment_intent_at));
  d.history = with_placed_entry(std::move(stored),
                                placed_entry(o.payment_option, o.customer_id, o.created_at));
  return d;
}

std::vector<SellerOrderLine> OrderService::seller_lines(const Actor& actor,
                                                        const std::string& seller_id,
                                                        const Page& page) {
  if (!actor.is(Role::seller) || actor.id != seller_id)
    throw forbidden("You can read only your own order items", "not_owner");
  auto rows = db_.read([&](db::Session& s) {
    return store::seller_items(s, seller_id, page.page_size, (page.page - 1) * page.page_size);
  });
  std::vector<SellerOrderLine> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    std::string order_id = r.item.order_id;
    out.push_back({line_of(std::move(r.item)), std::move(order_id), std::move(r.order_number),
                   r.delivery_status, r.payment_option, r.payment_status});
  }
  return out;
}

}  // namespace wolfix::order
