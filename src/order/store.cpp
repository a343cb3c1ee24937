#include "order/store.hpp"

#include "db/in_list.hpp"

namespace wolfix::order::store {
namespace {

constexpr const char* kOrderColumns =
    "id, number, customer_id, customer_first_name, customer_last_name, customer_middle_name, "
    "customer_phone_number, customer_email, recipient_first_name, recipient_last_name, "
    "recipient_middle_name, recipient_phone_number, delivery_method_id, delivery_method_name, "
    "delivery_option, delivery_number, delivery_city, delivery_street, delivery_house_number, "
    "delivery_status, payment_option, payment_status, payment_intent_id, currency, "
    "items_total_minor, with_bonuses, used_bonuses_minor, price_minor, created_at, updated_at, "
    "delivery_fee_minor, payment_intent_at";

constexpr const char* kItemColumns =
    "id, order_id, product_id, seller_id, title, photo_url, quantity, unit_price_minor, "
    "cart_item_id, created_at";

OrderRow order_from(const db::Row& r) {
  OrderRow o;
  o.id = r.str(0);
  o.number = r.str(1);
  o.customer_id = r.str(2);
  o.customer_first_name = r.str(3);
  o.customer_last_name = r.str(4);
  o.customer_middle_name = r.opt_str(5);
  o.customer_phone_number = r.str(6);
  o.customer_email = r.str(7);
  o.recipient_first_name = r.str(8);
  o.recipient_last_name = r.str(9);
  o.recipient_middle_name = r.opt_str(10);
  o.recipient_phone_number = r.str(11);
  o.delivery_method_id = r.opt_str(12);
  o.delivery_method_name = r.str(13);
  o.delivery_option =
      delivery::delivery_option_from_int(r.i64(14)).value_or(DeliveryOption::department);
  o.delivery_number = r.opt_i64(15);
  o.delivery_city = r.str(16);
  o.delivery_street = r.str(17);
  o.delivery_house_number = r.i64(18);
  o.delivery_status = delivery_status_from_int(r.i64(19)).value_or(DeliveryStatus::preparing);
  o.payment_option = payment_option_from_int(r.i64(20)).value_or(PaymentOption::while_receiving);
  o.payment_status = payment_status_from_int(r.i64(21)).value_or(PaymentStatus::unpaid);
  o.payment_intent_id = r.opt_str(22);
  o.currency = r.str(23);
  o.items_total_minor = r.i64(24);
  o.with_bonuses = r.boolean(25);
  o.used_bonuses_minor = r.i64(26);
  o.price_minor = r.i64(27);
  o.created_at = r.i64(28);
  o.updated_at = r.i64(29);
  o.delivery_fee_minor = r.i64(30);
  o.payment_intent_at = r.opt_i64(31);
  return o;
}

ItemRow item_from(const db::Row& r, std::size_t at = 0) {
  ItemRow i;
  i.id = r.str(at + 0);
  i.order_id = r.str(at + 1);
  i.product_id = r.str(at + 2);
  i.seller_id = r.str(at + 3);
  i.title = r.str(at + 4);
  i.photo_url = r.opt_str(at + 5);
  i.quantity = r.i64(at + 6);
  i.unit_price_minor = r.i64(at + 7);
  i.cart_item_id = r.opt_str(at + 8);
  i.created_at = r.i64(at + 9);
  return i;
}

int64_t as_int(DeliveryStatus v) {
  return static_cast<int64_t>(v);
}
int64_t as_int(PaymentStatus v) {
  return static_cast<int64_t>(v);
}
int64_t as_int(PaymentOption v) {
  return static_cast<int64_t>(v);
}

}  // namespace

namespace {
db::Session::Deferred ask_order_number(db::Session& s) {
  if (s.is_postgres()) return s.query_later("SELECT nextval('order_number_seq')");
  // Not UPDATE ... RETURNING: SQLite opens a temporary b-tree for RETURNING rows on every
  // call; with its single writer the update and the read are one atomic step anyway.
  s.exec("UPDATE order_number_seq SET last_value = last_value + 1 WHERE id = 1");
  return s.query_later("SELECT last_value FROM order_number_seq WHERE id = 1");
}
}  // namespace

NextOrderNumber::NextOrderNumber(db::Session& s) : answer_(ask_order_number(s)) {}

std::string NextOrderNumber::get() {
  auto& rows = answer_.rows();
  if (rows.empty()) throw db::Error("order number sequence is missing");
  return std::to_string(rows.front().i64(0));
}

std::string OrderNumberBlock::next(db::Session& s) {
  constexpr int kBlock = 32;
  {
    std::lock_guard lock(mu_);
    if (!numbers_.empty()) {
      int64_t n = numbers_.front();
      numbers_.pop_front();
      return std::to_string(n);
    }
  }
  // Outside the lock: a refill is a round trip. Numbers taken survive a rollback (as nextval's).
  auto rows = s.query("SELECT nextval('order_number_seq') FROM generate_series(1, " +
                      std::to_string(kBlock) + ")");
  if (rows.empty()) throw db::Error("order number sequence is missing");
  std::lock_guard lock(mu_);
  for (std::size_t i = 1; i < rows.size(); ++i) numbers_.push_back(rows[i].i64(0));
  return std::to_string(rows.front().i64(0));
}

std::optional<std::string> order_number_of_cart_item(db::Session& s, const std::string& customer_id,
                                                     const std::string& cart_item_id) {
  auto r = s.query_one(
      "SELECT o.number FROM order_items i JOIN orders o ON o.id = i.order_id "
      "WHERE i.cart_item_id = ? AND o.customer_id = ? AND o.delivery_status <> ? LIMIT 1",
      {cart_item_id, customer_id, as_int(DeliveryStatus::cancelled)});
  if (!r) return std::nullopt;
  return r->str(0);
}

namespace {

constexpr const char* kInsertOrder =
    "INSERT INTO orders (id, number, customer_id, customer_first_name, customer_last_name, "
    "customer_middle_name, customer_phone_number, customer_email, recipient_first_name, "
    "recipient_last_name, recipient_middle_name, recipient_phone_number, delivery_method_id, "
    "delivery_method_name, delivery_option, delivery_number, delivery_city, delivery_street, "
    "delivery_house_number, delivery_status, payment_option, payment_status, "
    "payment_intent_id, currency, items_total_minor, with_bonuses, used_bonuses_minor, "
    "price_minor, created_at, updated_at, delivery_fee_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kInsertHistory =
    "INSERT INTO order_history (id, order_id, at, actor_role, actor_id, what, from_value, "
    "to_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

void order_params(const OrderRow& o, db::Params& params) {
  params.insert(params.end(), {o.id,
                               o.number,
                               o.customer_id,
                               o.customer_first_name,
                               o.customer_last_name,
                               o.customer_middle_name,
                               o.customer_phone_number,
                               o.customer_email,
                               o.recipient_first_name,
                               o.recipient_last_name,
                               o.recipient_middle_name,
                               o.recipient_phone_number,
                               o.delivery_method_id,
                               o.delivery_method_name,
                               static_cast<int64_t>(o.delivery_option),
                               o.delivery_number,
                               o.delivery_city,
                               o.delivery_street,
                               o.delivery_house_number,
                               as_int(o.delivery_status),
                               as_int(o.payment_option),
                               as_int(o.payment_status),
                               o.payment_intent_id,
                               o.currency,
                               o.items_total_minor,
                               o.with_bonuses,
                               o.used_bonuses_minor,
                               o.price_minor,
                               o.created_at,
                               o.updated_at,
                               o.delivery_fee_minor});
}

// The INSERT of the lines (one statement for all of them) into sql, their values into params.
void items_insert(const std::vector<ItemRow>& items, std::string& sql, db::Params& params) {
  sql +=
      "INSERT INTO order_items (id, order_id, product_id, seller_id, title, photo_url, quantity, "
      "unit_price_minor, cart_item_id, created_at) VALUES ";
  params.reserve(params.size() + items.size() * 10);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto& i = items[k];
    sql += k ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    params.emplace_back(i.id);
    params.emplace_back(i.order_id);
    params.emplace_back(i.product_id);
    params.emplace_back(i.seller_id);
    params.emplace_back(i.title);
    params.emplace_back(i.photo_url);
    params.emplace_back(i.quantity);
    params.emplace_back(i.unit_price_minor);
    params.emplace_back(i.cart_item_id);
    params.emplace_back(i.created_at);
  }
}

void history_params(const HistoryRow& h, db::Params& params) {
  params.insert(params.end(), {h.id, h.order_id, h.at, h.actor_role, h.actor_id, h.what,
                               h.from_value, h.to_value, h.note});
}

}  // namespace

void insert_placed(db::Session& s, const OrderRow& o, const std::vector<ItemRow>& items) {
  db::Params params;
  params.reserve(31 + items.size() * 10);
  order_params(o, params);
  if (!s.is_postgres() || items.empty()) {
    s.exec_later(kInsertOrder, params);
    if (items.empty()) return;
    std::string sql;
    db::Params item_params;
    items_insert(items, sql, item_params);
    s.exec_later(sql, item_params);
    return;
  }
  // One statement on PostgreSQL (each costs it an executor start, locks and a snapshot); the
  // two inserts see the same snapshot, which neither reads.
  std::string sql = "WITH placed_order AS (";
  sql += kInsertOrder;
  sql += ") ";
  items_insert(items, sql, params);
  s.exec_later(sql, params);
}

void insert_history(db::Session& s, const HistoryRow& h) {
  db::Params params;
  history_params(h, params);
  s.exec_later(kInsertHistory, params);
}

std::optional<OrderRow> find_order(db::Session& s, const std::string& id) {
  auto r = s.query_one(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return order_from(*r);
}

std::optional<OrderRow> find_by_payment_intent(db::Session& s, const std::string& intent_id) {
  auto r = s.query_one(
      std::string("SELECT ") + kOrderColumns + " FROM orders WHERE payment_intent_id = ?",
      {intent_id});
  if (!r) return std::nullopt;
  return order_from(*r);
}

std::vector<ItemRow> items_of(db::Session& s, const std::string& order_id) {
  std::vector<ItemRow> out;
  for (const auto& r : s.query(std::string("SELECT ") + kItemColumns +
                                   " FROM order_items WHERE order_id = ? ORDER BY id",
                               {order_id}))
    out.push_back(item_from(r));
  return out;
}

std::vector<HistoryRow> history_of(db::Session& s, const std::string& order_id) {
  std::vector<HistoryRow> out;
  for (const auto& r :
       s.query("SELECT id, order_id, at, actor_role, actor_id, what, from_value, to_value, note "
               "FROM order_history WHERE order_id = ? ORDER BY at, id",
               {order_id})) {
    HistoryRow h;
    h.id = r.str(0);
    h.order_id = r.str(1);
    h.at = r.i64(2);
    h.actor_role = r.str(3);
    h.actor_id = r.opt_str(4);
    h.what = r.str(5);
    h.from_value = r.opt_i64(6);
    h.to_value = r.opt_i64(7);
    h.note = r.opt_str(8);
    out.push_back(std::move(h));
  }
  return out;
}

bool seller_has_items(db::Session& s, const std::string& order_id, const std::string& seller_id) {
  return s
      .query_one("SELECT 1 FROM order_items WHERE order_id = ? AND seller_id = ? LIMIT 1",
                 {order_id, seller_id})
      .has_value();
}

std::vector<LineRefundState> refund_state_of(db::Session& s, const std::string& order_id) {
  std::vector<LineRefundState> out;
  for (const auto& r :
       s.query("SELECT id, product_id, seller_id, quantity, unit_price_minor, refunded_quantity, "
               "restocked_quantity FROM order_items WHERE order_id = ? ORDER BY id",
               {order_id}))
    out.push_back({r.str(0), r.str(1), r.str(2), r.i64(3), r.i64(4), r.i64(5), r.i64(6)});
  return out;
}

std::vector<LineBonus> bonus_lines_of(db::Session& s, const std::string& order_id) {
  std::vector<LineBonus> out;
  for (const auto& r :
       s.query("SELECT id, quantity, bonus_units, bonuses_earned_minor, bonuses_reclaimed_minor, "
               "bonuses_debited_minor FROM order_items WHERE order_id = ? ORDER BY id",
               {order_id}))
    out.push_back({r.str(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.i64(5)});
  return out;
}

void record_line_bonus(db::Session& s, const std::string& item_id, int64_t units, int64_t earned) {
  s.exec("UPDATE order_items SET bonus_units = ?, bonuses_earned_minor = ? WHERE id = ?",
         {units, earned, item_id});
}

void set_line_bonus_reclaim(db::Session& s, const std::string& item_id, int64_t reclaimed,
                            int64_t debited) {
  s.exec(
      "UPDATE order_items SET bonuses_reclaimed_minor = ?, bonuses_debited_minor = ? WHERE id = ?",
      {reclaimed, debited, item_id});
}

bool reserve_line_refund(db::Session& s, const std::string& item_id, int64_t qty) {
  return s.exec(
             "UPDATE order_items SET refunded_quantity = refunded_quantity + ? WHERE id = ? AND "
             "refunded_quantity + ? <= quantity",
             {qty, item_id, qty}) == 1;
}

void unreserve_line_refund(db::Session& s, const std::string& item_id, int64_t qty) {
  s.exec(
      "UPDATE order_items SET refunded_quantity = refunded_quantity - ? WHERE id = ? AND "
      "refunded_quantity >= ?",
      {qty, item_id, qty});
}

bool claim_line_restock(db::Session& s, const std::string& item_id, int64_t qty) {
  return s.exec(
             "UPDATE order_items SET restocked_quantity = restocked_quantity + ? WHERE id = ? "
             "AND restocked_quantity + ? <= quantity",
             {qty, item_id, qty}) == 1;
}

bool unclaim_line_restock(db::Session& s, const std::string& item_id, int64_t qty) {
  return s.exec(
             "UPDATE order_items SET restocked_quantity = restocked_quantity - ? WHERE id = ? "
             "AND restocked_quantity >= ?",
             {qty, item_id, qty}) == 1;
}

std::vector<OrderRow> customer_orders(db::Session& s, const std::string& customer_id, int64_t limit,
                                      int64_t offset) {
  std::vector<OrderRow> out;
  for (const auto& r : s.query(std::string("SELECT ") + kOrderColumns +
                                   " FROM orders WHERE customer_id = ? "
                                   "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                               {customer_id, limit, offset}))
    out.push_back(order_from(r));
  return out;
}

std::map<std::string, std::vector<std::string>> titles_of(
    db::Session& s, const std::vector<std::string>& order_ids) {
  std::map<std::string, std::vector<std::string>> out;
  if (order_ids.empty()) return out;
  std::string sql = "SELECT order_id, title FROM order_items WHERE order_id IN (";
  db::Params params;
  db::append_in_list(sql, params, order_ids);
  sql += ") ORDER BY order_id, id";
  for (const auto& r : s.query(sql, params)) out[r.str(0)].push_back(r.str(1));
  return out;
}

std::vector<SellerItemRow> seller_items(db::Session& s, const std::string& seller_id, int64_t limit,
                                        int64_t offset) {
  std::vector<SellerItemRow> out;
  for (const auto& r :
       s.query("SELECT i.id, i.order_id, i.product_id, i.seller_id, i.title, i.photo_url, "
               "i.quantity, i.unit_price_minor, i.cart_item_id, i.created_at, o.number, "
               "o.delivery_status, o.payment_option, o.payment_status FROM order_items i "
               "JOIN orders o ON o.id = i.order_id WHERE i.seller_id = ? "
               "ORDER BY i.created_at DESC, i.id DESC LIMIT ? OFFSET ?",
               {seller_id, limit, offset})) {
    SellerItemRow row;
    row.item = item_from(r);
    row.order_number = r.str(10);
    row.delivery_status = delivery_status_from_int(r.i64(11)).value_or(DeliveryStatus::preparing);
    row.payment_option =
        payment_option_from_int(r.i64(12)).value_or(PaymentOption::while_receiving);
    row.payment_status = payment_status_from_int(r.i64(13)).value_or(PaymentStatus::unpaid);
    out.push_back(std::move(row));
  }
  return out;
}

// Checked at the commit in a transaction committing in one round trip (exec_expecting_change).
bool change_statuses(db::Session& s, const std::string& id, DeliveryStatus from_delivery,
                     PaymentStatus from_payment, DeliveryStatus to_delivery,
                     PaymentStatus to_payment, int64_t now) {
  return s.exec_expecting_change(
      "UPDATE orders SET delivery_status = ?, payment_status = ?, updated_at = ? "
      "WHERE id = ? AND delivery_status = ? AND payment_status = ?",
      {as_int(to_delivery), as_int(to_payment), now, id, as_int(from_delivery),
       as_int(from_payment)},
      "order statuses");
}

bool set_payment_intent(db::Session& s, const std::string& id, const std::string& intent_id,
                        int64_t now) {
  return s.exec_expecting_change(
      "UPDATE orders SET payment_intent_id = ?, payment_intent_at = ?, updated_at = ? "
      "WHERE id = ? AND payment_intent_id IS NULL",
      {intent_id, now, now, id}, "order without an intent");
}

bool delete_order(db::Session& s, const std::string& id) {
  // The order's row first: a transaction about to add a history entry or a line updates that
  // row before (or inserts it), so once it is gone nobody can add a child to it (PostgreSQL has
  // no foreign keys from the children since migration 0280; SQLite's cascade leaves the two
  // deletes below nothing to do).
  bool deleted = s.exec("DELETE FROM orders WHERE id = ?", {id}) == 1;
  s.exec("DELETE FROM order_history WHERE order_id = ?", {id});
  s.exec("DELETE FROM order_items WHERE order_id = ?", {id});
  return deleted;
}

std::vector<std::string> unpaid_card_orders(db::Session& s, int64_t cutoff, int64_t limit) {
  // payment_option as a literal: the index of card orders (migration 0270) is partial on it.
  static_assert(static_cast<int>(PaymentOption::card) == 1);
  std::vector<std::string> out;
  for (const auto& r :
       s.query("SELECT id FROM orders WHERE payment_option = 1 AND payment_status IN (?, ?) "
               "AND delivery_status = ? AND created_at < ? ORDER BY created_at LIMIT ?",
               {as_int(PaymentStatus::pending), as_int(PaymentStatus::failed),
                as_int(DeliveryStatus::preparing), cutoff, limit}))
    out.push_back(r.str(0));
  return out;
}

}  // namespace wolfix::order::store
