#include "order/order_json.hpp"

#include "common/clock.hpp"
#include "common/json_writer.hpp"
#include "media/public_url.hpp"

namespace wolfix::order {
namespace {

int64_t enum_int(DeliveryStatus v) {
  return static_cast<int64_t>(v);
}
int64_t enum_int(PaymentStatus v) {
  return static_cast<int64_t>(v);
}
int64_t enum_int(PaymentOption v) {
  return static_cast<int64_t>(v);
}

void write_history(JsonWriter& w, const std::vector<HistoryEntry>& history) {
  w.key("history").begin_array();
  for (const auto& h : history) {
    w.begin_object()
        .field("at", iso8601_utc(h.at))
        .field("actorRole", h.actor_role)
        .optional_field("actorId", h.actor_id)
        .field("what", h.what);
    if (h.from_value)
      w.field("from", *h.from_value);
    else
      w.key("from").null();
    if (h.to_value)
      w.field("to", *h.to_value);
    else
      w.key("to").null();
    w.optional_field("note", h.note).end_object();
  }
  w.end_array();
}

}  // namespace

std::string customer_orders_json(const std::vector<CustomerOrder>& orders) {
  JsonWriter w;
  w.begin_array();
  for (const auto& o : orders) {
    w.begin_object().field("id", o.id).field("number", o.number).key("productsNames").begin_array();
    for (const auto& t : o.product_titles) w.string(t);
    w.end_array()
        .field("deliveryStatus", enum_int(o.delivery_status))
        .field("paymentOption", enum_int(o.payment_option))
        .field("paymentStatus", enum_int(o.payment_status))
        .key("deliveryInfo")
        .begin_object();
    if (o.delivery.number)
      w.field("number", *o.delivery.number);
    else
      w.key("number").null();
    w.field("city", o.delivery.city)
        .field("street", o.delivery.street)
        .field("houseNumber", o.delivery.house_number)
        .field("option", static_cast<int64_t>(o.delivery.option))
        .end_object()
        .field("deliveryMethodName", o.delivery.method_name)
        .money_field("price", o.price_minor)
        .field("createdAt", iso8601_utc(o.created_at))
        .end_object();
  }
  w.end_array();
  return w.take();
}

std::string details_json(const OrderDetails& d, std::string_view origin) {
  JsonWriter w;
  w.begin_object()
      .field("id", d.id)
      .field("number", d.number)
      .field("recipientFirstName", d.recipient_first_name)
      .field("recipientLastName", d.recipient_last_name)
      .optional_field("recipientMiddleName", d.recipient_middle_name)
      .field("recipientPhoneNumber", d.recipient_phone_number)
      .field("deliveryStatus", enum_int(d.delivery_status))
      .field("paymentOption", enum_int(d.payment_option))
      .field("paymentStatus", enum_int(d.payment_status));
  if (d.delivery.number)
    w.field("deliveryNumber", *d.delivery.number);
  else
    w.key("deliveryNumber").null();
  w.field("deliveryCity", d.delivery.city)
      .field("deliveryStreet", d.delivery.street)
      .field("deliveryHouseNumber", d.delivery.house_number)
      .field("deliveryMethodName", d.delivery.method_name)
      .money_field("price", d.price_minor)
      .key("orderItems")
      .begin_array();
  for (const auto& i : d.lines)
    w.begin_object()
        .field("id", i.id)
        .optional_field("photoUrl", media::optional_public_url(origin, i.photo_url))
        .field("title", i.title)
        .field("quantity", i.quantity)
        .money_field("price", i.unit_price_minor)
        .field("productId", i.product_id)
        .field("sellerId", i.seller_id)
        .end_object();
  w.end_array()
      .field("customerId", d.customer_id)
      .field("deliveryOption", static_cast<int64_t>(d.delivery.option))
      .money_field("itemsTotal", d.items_total_minor)
      .money_field("usedBonusesAmount", d.used_bonuses_minor)
      .money_field("deliveryFee", d.delivery_fee_minor)
      .field("currency", d.currency)
      .field("createdAt", iso8601_utc(d.created_at));
  write_history(w, d.history);
  w.end_object();
  return w.take();
}

std::string seller_lines_json(const std::vector<SellerOrderLine>& lines, std::string_view origin) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : lines)
    w.begin_object()
        .field("id", r.line.id)
        .field("title", r.line.title)
        .money_field("price", r.line.unit_price_minor)
        .field("quantity", r.line.quantity)
        .optional_field("photoUrl", media::optional_public_url(origin, r.line.photo_url))
        .field("productId", r.line.product_id)
        .field("orderId", r.order_id)
        .field("orderNumber", r.order_number)
        .field("deliveryStatus", enum_int(r.delivery_status))
        .field("paymentOption", enum_int(r.payment_option))
        .field("paymentStatus", enum_int(r.payment_status))
        .field("createdAt", iso8601_utc(r.line.created_at))
        .end_object();
  w.end_array();
  return w.take();
}

}  // namespace wolfix::order
