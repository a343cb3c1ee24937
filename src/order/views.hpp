#pragma once
// What the order read use cases return: domain values, written as JSON by order/order_json.cpp
// (the routes' wire format). Amounts are minor units of the order's currency.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order/model.hpp"

namespace wolfix::order {

// Where an order goes, as the shopper chose it when ordering.
struct DeliveryPlace {
  DeliveryOption option = DeliveryOption::department;
  std::optional<int64_t> number;  // the department's or locker's number
  std::string city;
  std::string street;
  int64_t house_number = 0;
  std::string method_name;
};

// One change in an order's life ("placed", "deliveryStatus", "paymentStatus", ...).
struct HistoryEntry {
  int64_t at = 0;
  std::string actor_role;
  std::optional<std::string> actor_id;
  std::string what;
  std::optional<int64_t> from_value;
  std::optional<int64_t> to_value;
  std::optional<std::string> note;
};

struct OrderLine {
  std::string id;
  std::string product_id;
  std::string seller_id;
  std::string title;
  std::optional<std::string> photo_url;  // as stored (relative); routes make it absolute
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  int64_t created_at = 0;
};

// One of a customer's orders, for their list.
struct CustomerOrder {
  std::string id;
  std::string number;
  std::vector<std::string> product_titles;  // in line order
  DeliveryStatus delivery_status = DeliveryStatus::preparing;
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
  DeliveryPlace delivery;
  int64_t price_minor = 0;
  int64_t created_at = 0;
};

// One order as the actor may see it: a seller sees only their own lines, and totals of those
// lines alone (no bonuses, no delivery fee).
struct OrderDetails {
  std::string id;
  std::string number;
  std::string customer_id;
  std::string recipient_first_name;
  std::string recipient_last_name;
  std::optional<std::string> recipient_middle_name;
  std::string recipient_phone_number;
  DeliveryStatus delivery_status = DeliveryStatus::preparing;
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
  DeliveryPlace delivery;
  std::vector<OrderLine> lines;
  int64_t items_total_minor = 0;
  int64_t used_bonuses_minor = 0;
  int64_t delivery_fee_minor = 0;
  int64_t price_minor = 0;  // items - bonuses + delivery fee
  std::string currency;
  int64_t created_at = 0;
  std::vector<HistoryEntry> history;
};

// A seller's line with the order it belongs to.
struct SellerOrderLine {
  OrderLine line;
  std::string order_id;
  std::string order_number;
  DeliveryStatus delivery_status = DeliveryStatus::preparing;
  PaymentOption payment_option = PaymentOption::while_receiving;
  PaymentStatus payment_status = PaymentStatus::unpaid;
};

}  // namespace wolfix::order
