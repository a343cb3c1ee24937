#include "delivery/service.hpp"

#include <cctype>

#include "common/errors.hpp"
#include "common/uuid.hpp"
#include "delivery/store.hpp"

namespace wolfix::delivery {
namespace {

void check_method(const Method& m) {
  FieldErrors errors;
  if (auto e = name_error(m.name)) errors["name"].push_back(*e);
  if (auto e = fee_error(m.fee_minor)) errors["fee"].push_back(*e);
  if (!errors.empty()) throw validation_failed(std::move(errors));
}

}  // namespace

std::vector<Method> DeliveryService::methods(bool include_courier) {
  auto methods = db_.read([](db::Session& s) { return store::all_methods(s); });
  if (!include_courier) std::erase_if(methods, [](const auto& m) { return m.courier; });
  if (methods.empty()) throw not_found("Delivery methods not found");
  return methods;
}

Method DeliveryService::add_method(const NewMethod& in) {
  Method m{new_uuid_v7(), in.name, in.fee_minor, in.courier, {}};
  check_method(m);
  try {
    db_.write([&](db::Session& s) { store::insert_method(s, m, clock_.now_ms()); });
  } catch (const db::UniqueViolation&) {
    throw conflict("duplicate_delivery_method",
                   "Delivery method with name: " + m.name + " already exists");
  }
  return m;
}

Method DeliveryService::change_method(const std::string& id, const MethodChange& change) {
  try {
    auto m = db_.write([&](db::Session& s) {
      auto m = store::method_by_id(s, id);
      if (!m) throw not_found("Delivery method with id: " + id + " not found");
      if (change.name) m->name = *change.name;
      if (change.fee_minor) m->fee_minor = *change.fee_minor;
      if (change.courier) m->courier = *change.courier;
      check_method(*m);
      store::update_method(s, *m);
      return *m;
    });
    return m;
  } catch (const db::UniqueViolation&) {
    throw conflict("duplicate_delivery_method",
                   "Delivery method with name: " + change.name.value_or("") + " already exists");
  }
}

City DeliveryService::add_city(const std::string& method_id, const std::string& name) {
  if (auto e = name_error(name)) throw invalid_field("name", *e);
  std::string id = new_uuid_v7();
  try {
    db_.write([&](db::Session& s) {
      if (!store::method_exists(s, method_id))
        throw not_found("Delivery method with id: " + method_id + " not found");
      store::insert_city(s, id, method_id, name, clock_.now_ms());
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("duplicate_city", "City " + name + " already exists for this delivery method");
  }
  return City{id, method_id, name, {}, {}};
}

Place DeliveryService::add_place(bool post_machine, const std::string& city_id,
                                 const NewPlace& in) {
  FieldErrors errors;
  if (auto e = positive_number_error(in.number)) errors["number"].push_back(*e);
  if (auto e = street_error(in.street)) errors["street"].push_back(*e);
  if (auto e = positive_number_error(in.house_number)) errors["houseNumber"].push_back(*e);
  if (in.note && in.note->size() > kMaxNoteLength) errors["note"].push_back("is too long");
  if (!errors.empty()) throw validation_failed(std::move(errors));
  Place p{new_uuid_v7(), city_id,         in.number,
          in.street,     in.house_number, post_machine ? in.note : std::nullopt};
  auto kind = post_machine ? store::PlaceKind::post_machine : store::PlaceKind::department;
  const char* what = post_machine ? "Post machine" : "Department";
  try {
    db_.write([&](db::Session& s) {
      if (!store::city_exists(s, city_id))
        throw not_found("City with id: " + city_id + " not found");
      store::insert_place(s, kind, p, clock_.now_ms());
    });
  } catch (const db::UniqueViolation&) {
    throw conflict(post_machine ? "duplicate_post_machine" : "duplicate_department",
                   std::string(what) + " number " + std::to_string(in.number) +
                       " already exists in this city");
  }
  return p;
}

Place DeliveryService::add_department(const std::string& city_id, const NewPlace& p) {
  return add_place(false, city_id, p);
}
Place DeliveryService::add_post_machine(const std::string& city_id, const NewPlace& p) {
  return add_place(true, city_id, p);
}

void DeliveryService::delete_method(const std::string& id) {
  bool gone = db_.write([&](db::Session& s) { return store::delete_method(s, id); });
  if (!gone) throw not_found("Delivery method with id: " + id + " not found");
}
void DeliveryService::delete_city(const std::string& id) {
  bool gone = db_.write([&](db::Session& s) { return store::delete_city(s, id); });
  if (!gone) throw not_found("City with id: " + id + " not found");
}
void DeliveryService::delete_department(const std::string& id) {
  bool gone = db_.write(
      [&](db::Session& s) { return store::delete_place(s, store::PlaceKind::department, id); });
  if (!gone) throw not_found("Department with id: " + id + " not found");
}
void DeliveryService::delete_post_machine(const std::string& id) {
  bool gone = db_.write(
      [&](db::Session& s) { return store::delete_place(s, store::PlaceKind::post_machine, id); });
  if (!gone) throw not_found("Post machine with id: " + id + " not found");
}

namespace {

std::string trimmed(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return std::string(text.substr(b, e - b));
}

ResolvedDelivery courier_delivery(db::Session& s, const Method& method,
                                  const DeliveryChoice& choice, const std::string& prefix) {
  ResolvedDelivery out;
  out.method_id = method.id;
  out.method_name = method.name;
  out.option = DeliveryOption::courier;
  out.fee_minor = method.fee_minor;
  out.street = choice.street;
  out.house_number = choice.house_number;
  FieldErrors errors;
  if (auto e = name_error(choice.city)) errors[prefix + "deliveryInfoCity"].push_back(*e);
  if (auto e = street_error(choice.street)) errors[prefix + "deliveryInfoStreet"].push_back(*e);
  if (auto e = positive_number_error(choice.house_number))
    errors[prefix + "deliveryInfoHouseNumber"].push_back(*e);
  if (!errors.empty()) throw validation_failed(std::move(errors));
  // A courier that lists cities goes only there; one that lists none goes anywhere.
  if (auto city = store::city_by_name(s, method.id, choice.city))
    out.city = city->name;
  else if (!method.courier || store::has_cities(s, method.id))
    throw invalid_field(prefix + "deliveryInfoCity",
                        method.name + " does not deliver to " + choice.city);
  else
    out.city = trimmed(choice.city);
  return out;
}

}  // namespace

namespace {

// Only the one-read case: a department or post machine named by number.
std::optional<std::string> route_key(const DeliveryChoice& c) {
  if (c.option == DeliveryOption::courier || !c.number) return std::nullopt;
  PointKind kind = c.point.value_or(PointKind::department);
  return std::string(kind == PointKind::department ? "d" : "p") + std::to_string(*c.number) + '\n' +
         c.method_name + '\n' + c.city;
}

}  // namespace

std::optional<ResolvedDelivery> remembered_delivery(const RouteMemo& memo,
                                                    const DeliveryChoice& choice) {
  auto key = route_key(choice);
  if (!key) return std::nullopt;
  return memo.find(*key);
}

void expect_delivery_later(db::Session& s, const DeliveryChoice& choice,
                           const ResolvedDelivery& where) {
  PointKind kind = choice.point.value_or(PointKind::department);
  store::expect_place_route_later(
      s,
      kind == PointKind::department ? store::PlaceKind::department : store::PlaceKind::post_machine,
      choice.method_name, choice.city, choice.number.value_or(0), where.method_id,
      where.method_name, where.fee_minor, where.city, where.street, where.house_number);
}

void forget_delivery(RouteMemo& memo, const DeliveryChoice& choice) {
  if (auto key = route_key(choice)) memo.erase(*key);
}

ResolvedDelivery resolve_delivery(db::Session& s, const DeliveryChoice& choice,
                                  const std::string& prefix, RouteMemo* memo) {
  // Nearly every order names a department (or a post machine) that exists: one read. Anything
  // else is decided, and explained, step by step below.
  if (choice.option != DeliveryOption::courier && choice.number) {
    PointKind kind = choice.point.value_or(PointKind::department);
    if (auto route =
            store::place_route(s,
                               kind == PointKind::department ? store::PlaceKind::department
                                                             : store::PlaceKind::post_machine,
                               choice.method_name, choice.city, *choice.number)) {
      ResolvedDelivery out;
      out.method_id = route->method.id;
      out.method_name = route->method.name;
      out.city = route->city.name;
      out.option =
          kind == PointKind::department ? DeliveryOption::department : DeliveryOption::post_machine;
      out.number = route->place.number;
      out.street = route->place.street;
      out.house_number = route->place.house_number;
      out.fee_minor = route->method.fee_minor;
      if (memo && s.is_postgres())  // only PostgreSQL's orders use it
        if (auto key = route_key(choice)) memo->put(std::move(*key), out);
      return out;
    }
  }
  auto method = store::method_by_name(s, choice.method_name);
  if (choice.option == DeliveryOption::courier && (!method || !method->courier)) {
    auto couriers = store::courier_methods(s);
    if (couriers.size() == 1) return courier_delivery(s, couriers.front(), choice, prefix);
    if (couriers.empty() && method) return courier_delivery(s, *method, choice, prefix);
    if (!couriers.empty())
      throw invalid_field(prefix + "deliveryMethodName",
                          "name the courier delivery method (there are several)");
  }
  if (!method)
    throw invalid_field(prefix + "deliveryMethodName",
                        "there is no delivery method named " + choice.method_name);
  if (method->courier) return courier_delivery(s, *method, choice, prefix);

  auto city = store::city_by_name(s, method->id, choice.city);
  if (!city)
    throw invalid_field(prefix + "deliveryInfoCity",
                        method->name + " does not deliver to " + choice.city);
  if (!choice.number)
    throw invalid_field(prefix + "deliveryInfoNumber",
                        "the number of a department or post machine is required");
  int64_t number = *choice.number;
  std::optional<Place> place;
  PointKind kind = choice.point.value_or(PointKind::department);
  place = store::place_by_number(
      s,
      kind == PointKind::department ? store::PlaceKind::department : store::PlaceKind::post_machine,
      city->id, number);
  if (!place && !choice.point) {
    kind = PointKind::post_machine;
    place = store::place_by_number(s, store::PlaceKind::post_machine, city->id, number);
  }
  if (!place) {
    std::string what = !choice.point                   ? "no department or post machine "
                       : kind == PointKind::department ? "no department "
                                                       : "no post machine ";
    throw invalid_field(
        prefix + "deliveryInfoNumber",
        "there is " + what + std::to_string(number) + " of " + method->name + " in " + city->name);
  }
  ResolvedDelivery out;
  out.method_id = method->id;
  out.method_name = method->name;
  out.city = city->name;
  out.option =
      kind == PointKind::department ? DeliveryOption::department : DeliveryOption::post_machine;
  out.number = place->number;
  out.street = place->street;
  out.house_number = place->house_number;
  out.fee_minor = method->fee_minor;
  return out;
}

}  // namespace wolfix::delivery
