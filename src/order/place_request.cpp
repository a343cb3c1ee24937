#include "order/place_request.hpp"

#include <set>

#include "common/errors.hpp"
#include "common/json_fields.hpp"

namespace wolfix::order {
namespace {

constexpr int kExponent = kShopCurrency.exponent;

struct Text {
  std::optional<std::string> value;
  bool bad = false;  // present but not a string / too long (already reported)
};

// An optional string (blank is absent); `bad` when it was present but not a string or too long
// (already reported).
Text text(JsonFields& f, std::string_view name, std::size_t max_len) {
  const auto* v = f.find(name);
  auto value = f.optional_string(name, max_len);
  bool blank = v && v->is_string() && is_blank(v->as_string());
  return {std::move(value), v && !value && !blank};
}

// The customer's or the recipient's name and phone: fields <who>FirstName ... <who>PhoneNumber.
PersonInput person(JsonFields& f, const std::string& who) {
  PersonInput p;
  auto first = text(f, who + "FirstName", kMaxNameLength);
  auto last = text(f, who + "LastName", kMaxNameLength);
  auto middle = text(f, who + "MiddleName", kMaxNameLength);
  if (!first.bad && !last.bad && !middle.bad)
    if (auto problem =
            full_name_problem(first.value.value_or(""), last.value.value_or(""), middle.value)) {
      std::string field = problem->field;
      field[0] = static_cast<char>(std::toupper(field[0]));
      f.fail(who + field, problem->message);
    }
  p.first_name = first.value.value_or("");
  p.last_name = last.value.value_or("");
  p.middle_name = middle.value;
  auto phone = text(f, who + "PhoneNumber", 32);
  if (!phone.bad) {
    if (!phone.value || is_blank(*phone.value))
      f.fail(who + "PhoneNumber", "phone number cannot be null or empty");
    else if (!valid_phone_number(*phone.value))
      f.fail(who + "PhoneNumber", "phone number is not valid (expected +380XXXXXXXXX)");
  }
  p.phone_number = phone.value.value_or("");
  return p;
}

void merge(FieldErrors& into, const FieldErrors& from) {
  for (const auto& [k, v] : from) into[k].insert(into[k].end(), v.begin(), v.end());
}

}  // namespace

PlaceOrderInput parse_place_order(const boost::json::object& body,
                                  const std::string& caller_profile_id) {
  PlaceOrderInput in;
  FieldErrors errors;
  JsonFields root(body);

  const auto* order_v = root.find("order");
  static const boost::json::object kEmpty;
  const boost::json::object* order_obj = &kEmpty;
  if (!order_v)
    root.fail("order", "is required");
  else if (!order_v->is_object())
    root.fail("order", "must be an object");
  else
    order_obj = &order_v->as_object();

  JsonFields o(*order_obj, "order");
  in.customer_id = o.required_uuid("customerId");
  if (!in.customer_id.empty() && in.customer_id != caller_profile_id)
    throw forbidden("You can place orders only for yourself", "not_owner");

  in.customer = person(o, "customer");
  auto email = text(o, "customerEmail", kMaxEmailLength);
  if (!email.bad) {
    if (!email.value || is_blank(*email.value))
      o.fail("customerEmail", "email cannot be null or empty");
    else if (!valid_email(*email.value))
      o.fail("customerEmail", "email is not valid");
  }
  in.customer_email = email.value.value_or("");
  in.recipient = person(o, "recipient");

  auto method = text(o, "deliveryMethodName", delivery::kMaxNameLength);
  if (!method.bad && (!method.value || is_blank(*method.value)))
    o.fail("deliveryMethodName", "deliveryMethodName cannot be null or empty");
  auto city = text(o, "deliveryInfoCity", delivery::kMaxNameLength);
  auto street = text(o, "deliveryInfoStreet", delivery::kMaxStreetLength);
  auto number = o.optional_int("deliveryInfoNumber", 0, delivery::kMaxPlaceNumber);
  auto house = o.optional_int("deliveryInfoHouseNumber", 0, delivery::kMaxPlaceNumber);
  auto option = o.optional_int("deliveryOption", 0, 2);
  DeliveryInfo info;
  info.number = number;
  info.city = city.value.value_or("");
  info.street = street.value.value_or("");
  info.house_number = house.value_or(0);
  info.option =
      delivery::delivery_option_from_int(option.value_or(0)).value_or(DeliveryOption::department);
  bool number_bad = o.find("deliveryInfoNumber") && !number;
  bool house_bad = o.find("deliveryInfoHouseNumber") && !house;
  for (const auto& p : delivery_info_problems(info)) {
    if ((p.field == "deliveryInfoCity" && city.bad) ||
        (p.field == "deliveryInfoStreet" && street.bad) ||
        (p.field == "deliveryInfoNumber" && number_bad) ||
        (p.field == "deliveryInfoHouseNumber" && house_bad))
      continue;
    o.fail(p.field, p.message);
  }
  // Wolfix's own clients may name the kind of pick-up point; Wolfix.Server's never do.
  auto point = text(o, "deliveryPoint", 32);
  if (point.value) {
    in.delivery.point = delivery::point_kind_from_name(*point.value);
    if (!in.delivery.point) o.fail("deliveryPoint", "must be Department or PostMachine");
  }
  in.delivery.method_name = method.value.value_or("");
  in.delivery.city = info.city;
  in.delivery.option = info.option;
  in.delivery.number = info.number;
  in.delivery.street = info.street;
  in.delivery.house_number = info.house_number;

  in.with_bonuses = o.optional_bool("withBonuses", false);
  auto used = o.optional_money("usedBonusesAmount", kExponent);
  bool used_bad = o.find("usedBonusesAmount") && !used;
  in.used_bonuses_minor = used.value_or(0);
  if (!used_bad)
    if (auto p = bonus_problem(in.with_bonuses, in.used_bonuses_minor))
      o.fail("usedBonusesAmount", *p);
  bool price_present = o.find("price") != nullptr;
  in.price_minor = o.required_money("price", kExponent);
  if (price_present && in.price_minor < 0) o.fail("price", "price cannot be negative");

  const auto* items_v = root.find("orderItems");
  if (!items_v) {
    root.fail("orderItems", "is required");
  } else if (!items_v->is_array()) {
    root.fail("orderItems", "must be an array");
  } else {
    const auto& items = items_v->as_array();
    if (items.empty()) root.fail("orderItems", "an order needs at least one item");
    if (items.size() > kMaxLines)
      root.fail("orderItems", "an order may have at most " + std::to_string(kMaxLines) + " items");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items.size() && i < kMaxLines; ++i) {
      std::string prefix = "orderItems[" + std::to_string(i) + "]";
      if (!items[i].is_object()) {
        errors[prefix].push_back("must be an object");
        continue;
      }
      JsonFields li(items[i].as_object(), prefix);
      PlaceOrderLine line;
      line.product_id = li.required_uuid("productId");
      line.quantity = li.required_int("quantity", 1, kMaxQuantity);
      if (!li.find("price")) li.fail("price", "is required");
      auto unit = li.optional_money("price", kExponent);
      if (unit && *unit <= 0) li.fail("price", "price must be positive");
      line.price_minor = unit.value_or(0);
      line.cart_item_id = li.optional_uuid("cartItemId");
      if (!line.product_id.empty() && !seen.insert(line.product_id).second)
        li.fail("productId", "Order item with product id: " + line.product_id + " already exist");
      merge(errors, li.errors());
      in.lines.push_back(std::move(line));
    }
  }
  merge(errors, root.errors());
  merge(errors, o.errors());
  if (!errors.empty()) throw validation_failed(std::move(errors));
  return in;
}

}  // namespace wolfix::order
