#pragma once
// Order rules without I/O: the statuses and how they may change, the value objects an order is
// made of (names, phone, e-mail, delivery info), and the money arithmetic of a new order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/actor.hpp"
#include "common/money.hpp"
#include "delivery/model.hpp"

namespace wolfix::order {

using delivery::DeliveryOption;

// Wolfix.Server's integers; Failed/Refunded (payment) and Delivered/Cancelled (delivery) are
// Wolfix additions.
enum class PaymentOption { while_receiving = 0, card = 1 };
enum class PaymentStatus { unpaid = 0, pending = 1, paid = 2, failed = 3, refunded = 4 };
enum class DeliveryStatus { preparing = 0, on_the_way = 1, delivered = 2, cancelled = 3 };

std::optional<PaymentOption> payment_option_from_int(int64_t v);
std::optional<PaymentStatus> payment_status_from_int(int64_t v);
std::optional<DeliveryStatus> delivery_status_from_int(int64_t v);
std::string_view name_of(PaymentOption v);
std::string_view name_of(PaymentStatus v);
std::string_view name_of(DeliveryStatus v);

inline constexpr int64_t kMaxQuantity = 1000;  // per line
inline constexpr std::size_t kMaxLines = 100;  // per order
inline constexpr std::size_t kMaxNameLength = 100;
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::string_view kCurrency = kShopCurrency.code;

// --- value objects (messages as Wolfix.Server's, without the field name) -----------------

// FullName: first and last not blank; the middle name may be absent (null) but not blank.
// Returns {field, message} for the first problem: field is "firstName", "lastName" or "middleName".
struct FieldProblem {
  std::string field;
  std::string message;
};
std::optional<FieldProblem> full_name_problem(std::string_view first, std::string_view last,
                                              const std::optional<std::string>& middle);
// ^\+380\d{9}$
bool valid_phone_number(std::string_view phone);
// ^[^@\s]+@[^@\s]+\.[^@\s]+$
bool valid_email(std::string_view email);

// DeliveryInfo: city not blank; courier needs street and a positive house number (and its number
// is dropped); department / post machine need a positive number.
struct DeliveryInfo {
  std::optional<int64_t> number;
  std::string city;
  std::string street;
  int64_t house_number = 0;
  DeliveryOption option = DeliveryOption::department;
};
// Problems keyed "deliveryInfoCity", "deliveryInfoStreet", "deliveryInfoHouseNumber",
// "deliveryInfoNumber"; normalizes `info` (courier number cleared).
std::vector<FieldProblem> delivery_info_problems(DeliveryInfo& info);

// withBonuses / usedBonusesAmount consistency (Wolfix.Server's two rules, plus no negatives).
std::optional<std::string> bonus_problem(bool with_bonuses, int64_t used_minor);

// --- money --------------------------------------------------------------------------------

struct LineAmount {
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
};
// Sum of quantity x unit price; nullopt on overflow.
std::optional<int64_t> items_total(const std::vector<LineAmount>& lines);

struct Totals {
  int64_t items_minor = 0;
  int64_t used_bonuses_minor = 0;
  int64_t delivery_fee_minor = 0;
  int64_t to_pay_minor = 0;  // what the order's `price` means: items - bonuses + delivery fee
};
// Bonuses may cover at most the items total (never the delivery fee); nullopt when they exceed
// it or an amount is negative or too large.
std::optional<Totals> totals(int64_t items_minor, int64_t used_bonuses_minor,
                             int64_t delivery_fee_minor = 0);

// Why a line of an order cannot be bought, in words a shopper reads: "no longer sold" (the
// product is gone), "not available" (off sale), "out of stock", "only 2 left".
std::string unavailable_reason(bool exists, bool on_sale, int64_t left);

// --- status changes -----------------------------------------------------------------------

// Who changes an order. Payment/System is the payment module or a background job.
enum class ActorKind { customer, seller, admin, system };
// Customer, Seller, Admin/SuperAdmin by role; the system, and a Support member (whom no order
// route admits), count as the system.
ActorKind kind_of(const Actor& actor);

// Why a delivery status change is refused (nullopt: allowed). Same status in and out is a no-op,
// not a change, and is not asked about here.
//   Preparing -> OnTheWay (a card order must be Paid first) -> Delivered;
//   Preparing -> Cancelled through cancel_problem().
std::optional<std::string> delivery_transition_problem(DeliveryStatus from, DeliveryStatus to,
                                                       PaymentOption option, PaymentStatus payment);

// Why an order cannot be cancelled by `who` (nullopt: allowed). People may cancel an order that
// is still Preparing and whose payment is Unpaid or Failed (cash on delivery, or a card payment
// that did not go through). A Pending card payment could still succeed at the provider, so only
// the system (after cancelling the PaymentIntent) may cancel it, and also a Refunded one; a Paid
// order needs a refund first.
std::optional<std::string> cancel_problem(ActorKind who, DeliveryStatus delivery,
                                          PaymentOption option, PaymentStatus payment);

// Why a payment status change is refused (nullopt: allowed).
//   card: Pending -> Paid | Failed; Failed -> Paid | Pending (a new attempt); Paid -> Refunded.
//   cash on delivery: Unpaid -> Paid (cash collected on delivery).
std::optional<std::string> payment_transition_problem(PaymentOption option, PaymentStatus from,
                                                      PaymentStatus to);

// The payment status that goes with a delivery change, if any: delivering a cash-on-delivery
// order means its cash was collected (Unpaid -> Paid); an unpaid card order cancelled by the
// system is Failed.
std::optional<PaymentStatus> payment_after_delivery_change(PaymentOption option,
                                                           PaymentStatus payment,
                                                           DeliveryStatus to);

}  // namespace wolfix::order
