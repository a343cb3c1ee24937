#include "order/model.hpp"

#include <cctype>

namespace wolfix::order {
namespace {

bool blank(std::string_view s) {
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

// \s in .NET regexes: the ASCII whitespace is what matters for an address.
bool space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::optional<std::string> name_part_problem(std::string_view field, std::string_view value) {
  if (blank(value)) return std::string(field) + " cannot be null or empty";
  if (value.size() > kMaxNameLength)
    return std::string(field) + " must be at most " + std::to_string(kMaxNameLength) +
           " characters";
  return std::nullopt;
}

}  // namespace

std::optional<PaymentOption> payment_option_from_int(int64_t v) {
  if (v < 0 || v > 1) return std::nullopt;
  return static_cast<PaymentOption>(v);
}
std::optional<PaymentStatus> payment_status_from_int(int64_t v) {
  if (v < 0 || v > 4) return std::nullopt;
  return static_cast<PaymentStatus>(v);
}
std::optional<DeliveryStatus> delivery_status_from_int(int64_t v) {
  if (v < 0 || v > 3) return std::nullopt;
  return static_cast<DeliveryStatus>(v);
}

std::string_view name_of(PaymentOption v) {
  return v == PaymentOption::card ? "Card" : "WhileReceiving";
}
std::string_view name_of(PaymentStatus v) {
  switch (v) {
    case PaymentStatus::unpaid:
      return "Unpaid";
    case PaymentStatus::pending:
      return "Pending";
    case PaymentStatus::paid:
      return "Paid";
    case PaymentStatus::failed:
      return "Failed";
    case PaymentStatus::refunded:
      return "Refunded";
  }
  return "Unpaid";
}
std::string_view name_of(DeliveryStatus v) {
  switch (v) {
    case DeliveryStatus::preparing:
      return "Preparing";
    case DeliveryStatus::on_the_way:
      return "OnTheWay";
    case DeliveryStatus::delivered:
      return "Delivered";
    case DeliveryStatus::cancelled:
      return "Cancelled";
  }
  return "Preparing";
}

std::optional<FieldProblem> full_name_problem(std::string_view first, std::string_view last,
                                              const std::optional<std::string>& middle) {
  if (auto p = name_part_problem("firstName", first)) return FieldProblem{"firstName", *p};
  if (auto p = name_part_problem("lastName", last)) return FieldProblem{"lastName", *p};
  if (middle)
    if (auto p = name_part_problem("middleName", *middle)) return FieldProblem{"middleName", *p};
  return std::nullopt;
}

bool valid_phone_number(std::string_view phone) {
  if (phone.size() != 13 || phone.substr(0, 4) != "+380") return false;
  for (char c : phone.substr(4))
    if (c < '0' || c > '9') return false;
  return true;
}

bool valid_email(std::string_view email) {
  if (email.size() > kMaxEmailLength) return false;
  for (char c : email)
    if (space(c)) return false;
  // [^@]+ @ [^@]+ \. [^@]+ : exactly one '@', and a dot after it with text on both sides.
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return false;
  auto domain = email.substr(at + 1);
  for (std::size_t i = 1; i + 1 < domain.size(); ++i)
    if (domain[i] == '.') return true;
  return false;
}

std::vector<FieldProblem> delivery_info_problems(DeliveryInfo& info) {
  std::vector<FieldProblem> out;
  if (blank(info.city)) out.push_back({"deliveryInfoCity", "city cannot be null or empty"});
  if (info.option == DeliveryOption::courier) {
    if (blank(info.street)) out.push_back({"deliveryInfoStreet", "street cannot be null or empty"});
    if (info.house_number <= 0)
      out.push_back({"deliveryInfoHouseNumber", "houseNumber must be positive"});
    info.number.reset();
  } else {
    if (!info.number)
      out.push_back({"deliveryInfoNumber", "number cannot be null"});
    else if (*info.number <= 0)
      out.push_back({"deliveryInfoNumber", "number must be positive"});
  }
  return out;
}

std::optional<std::string> bonus_problem(bool with_bonuses, int64_t used_minor) {
  if (used_minor < 0) return "usedBonusesAmount cannot be negative";
  if (with_bonuses && used_minor == 0)
    return "usedBonusesAmount cannot be 0 when with bonuses is true";
  if (!with_bonuses && used_minor > 0)
    return "usedBonusesAmount cannot be greater than 0 when with bonuses is false";
  return std::nullopt;
}

std::optional<int64_t> items_total(const std::vector<LineAmount>& lines) {
  int64_t total = 0;
  for (const auto& l : lines) {
    int64_t line = 0;
    if (l.quantity < 0 || l.unit_price_minor < 0) return std::nullopt;
    if (__builtin_mul_overflow(l.quantity, l.unit_price_minor, &line)) return std::nullopt;
    if (__builtin_add_overflow(total, line, &total)) return std::nullopt;
  }
  return total;
}

std::optional<Totals> totals(int64_t items_minor, int64_t used_bonuses_minor,
                             int64_t delivery_fee_minor) {
  if (items_minor < 0 || used_bonuses_minor < 0 || used_bonuses_minor > items_minor ||
      delivery_fee_minor < 0)
    return std::nullopt;
  int64_t to_pay = 0;
  if (__builtin_add_overflow(items_minor - used_bonuses_minor, delivery_fee_minor, &to_pay))
    return std::nullopt;
  return Totals{items_minor, used_bonuses_minor, delivery_fee_minor, to_pay};
}

std::string unavailable_reason(bool exists, bool on_sale, int64_t left) {
  if (!exists) return "no longer sold";
  if (!on_sale) return "not available";
  if (left <= 0) return "out of stock";
  return "only " + std::to_string(left) + " left";
}

std::optional<std::string> delivery_transition_problem(DeliveryStatus from, DeliveryStatus to,
                                                       PaymentOption option,
                                                       PaymentStatus payment) {
  auto refuse = [&] {
    return "Delivery status cannot change from " + std::string(name_of(from)) + " to " +
           std::string(name_of(to));
  };
  switch (to) {
    case DeliveryStatus::on_the_way:
      if (from != DeliveryStatus::preparing) return refuse();
      if (option == PaymentOption::card && payment != PaymentStatus::paid)
        return std::string("A card order must be paid before it is sent");
      return std::nullopt;
    case DeliveryStatus::delivered:
      if (from != DeliveryStatus::on_the_way) return refuse();
      return std::nullopt;
    case DeliveryStatus::preparing:
    case DeliveryStatus::cancelled:
      return refuse();  // nothing goes back; cancelling is its own path
  }
  return refuse();
}

ActorKind kind_of(const Actor& actor) {
  if (actor.is(Role::customer)) return ActorKind::customer;
  if (actor.is(Role::seller)) return ActorKind::seller;
  if (actor.is_admin()) return ActorKind::admin;
  return ActorKind::system;
}

std::optional<std::string> cancel_problem(ActorKind who, DeliveryStatus delivery,
                                          PaymentOption option, PaymentStatus payment) {
  if (delivery != DeliveryStatus::preparing)
    return "Only an order that is still Preparing can be cancelled (this one is " +
           std::string(name_of(delivery)) + ")";
  if (payment == PaymentStatus::paid)
    return std::string("A paid order cannot be cancelled; it needs a refund");
  if (who == ActorKind::system) return std::nullopt;
  if (payment == PaymentStatus::pending)
    return std::string("The card payment of this order is still in progress");
  if (payment == PaymentStatus::refunded)
    return std::string("A refunded order is cancelled by the payment service");
  (void)option;
  return std::nullopt;
}

std::optional<std::string> payment_transition_problem(PaymentOption option, PaymentStatus from,
                                                      PaymentStatus to) {
  auto refuse = [&] {
    return "Payment status cannot change from " + std::string(name_of(from)) + " to " +
           std::string(name_of(to)) + " for a " +
           (option == PaymentOption::card ? "card order" : "cash-on-delivery order");
  };
  if (option == PaymentOption::while_receiving)
    return from == PaymentStatus::unpaid && to == PaymentStatus::paid
               ? std::nullopt
               : std::optional<std::string>(refuse());
  switch (from) {
    case PaymentStatus::pending:
      if (to == PaymentStatus::paid || to == PaymentStatus::failed) return std::nullopt;
      break;
    case PaymentStatus::failed:
      if (to == PaymentStatus::paid || to == PaymentStatus::pending) return std::nullopt;
      break;
    case PaymentStatus::paid:
      if (to == PaymentStatus::refunded) return std::nullopt;
      break;
    case PaymentStatus::refunded:
      // The provider reversed a refund it had reported succeeded: the money is ours again.
      if (to == PaymentStatus::paid) return std::nullopt;
      break;
    case PaymentStatus::unpaid:
      break;
  }
  return refuse();
}

std::optional<PaymentStatus> payment_after_delivery_change(PaymentOption option,
                                                           PaymentStatus payment,
                                                           DeliveryStatus to) {
  if (to == DeliveryStatus::delivered && option == PaymentOption::while_receiving &&
      payment == PaymentStatus::unpaid)
    return PaymentStatus::paid;
  if (to == DeliveryStatus::cancelled && option == PaymentOption::card &&
      payment == PaymentStatus::pending)
    return PaymentStatus::failed;
  return std::nullopt;
}

}  // namespace wolfix::order
