#include "delivery/service.hpp"

#include "common/errors.hpp"
#include "common/json_writer.hpp"
#include "common/uuid.hpp"
#include "delivery/store.hpp"

namespace wolfix::delivery {
namespace {

void write_place(JsonWriter& w, const store::Place& p, bool post_machine) {
  w.begin_object()
      .field("id", p.id)
      .field("number", p.number)
      .field("street", p.street)
      .field("houseNumber", p.house_number);
  if (post_machine) w.optional_field("note", p.note ? &*p.note : nullptr);
  w.end_object();
}

std::string created_json(const std::string& id, const std::string& name) {
  JsonWriter w;
  w.begin_object().field("id", id).field("name", name).end_object();
  return w.take();
}

}  // namespace

std::string DeliveryService::methods_json() {
  auto methods = ctx_.db.read([](db::Session& s) { return store::all_methods(s); });
  if (methods.empty()) throw not_found("Delivery methods not found");
  JsonWriter w;
  w.begin_array();
  for (const auto& m : methods) {
    w.begin_object().field("id", m.id).field("name", m.name).key("cities").begin_array();
    for (const auto& c : m.cities) {
      w.begin_object().field("id", c.id).field("name", c.name).key("departments").begin_array();
      for (const auto& d : c.departments) write_place(w, d, false);
      w.end_array().key("postMachines").begin_array();
      for (const auto& p : c.post_machines) write_place(w, p, true);
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  return w.take();
}

std::string DeliveryService::add_method(const std::string& name) {
  if (auto e = name_error(name)) throw invalid_field("name", *e);
  std::string id = new_uuid_v7();
  try {
    ctx_.db.write([&](db::Session& s) { store::insert_method(s, id, name, ctx_.clock.now_ms()); });
  } catch (const db::UniqueViolation&) {
    throw conflict("duplicate_delivery_method",
                   "Delivery method with name: " + name + " already exists");
  }
  return created_json(id, name);
}

std::string DeliveryService::add_city(const std::string& method_id, const std::string& name) {
  if (auto e = name_error(name)) throw invalid_field("name", *e);
  std::string id = new_uuid_v7();
  try {
    ctx_.db.write([&](db::Session& s) {
      if (!store::method_exists(s, method_id))
        throw not_found("Delivery method with id: " + method_id + " not found");
      store::insert_city(s, id, method_id, name, ctx_.clock.now_ms());
    });
  } catch (const db::UniqueViolation&) {
    throw conflict("duplicate_city", "City " + name + " already exists for this delivery method");
  }
  return created_json(id, name);
}

std::string DeliveryService::add_place(bool post_machine, const std::string& city_id,
                                       const NewPlace& in) {
  FieldErrors errors;
  if (auto e = positive_number_error(in.number)) errors["number"].push_back(*e);
  if (auto e = street_error(in.street)) errors["street"].push_back(*e);
  if (auto e = positive_number_error(in.house_number)) errors["houseNumber"].push_back(*e);
  if (in.note && in.note->size() > kMaxNoteLength) errors["note"].push_back("is too long");
  if (!errors.empty()) throw validation_failed(std::move(errors));
  store::Place p{new_uuid_v7(), city_id,         in.number,
                 in.street,     in.house_number, post_machine ? in.note : std::nullopt};
  auto kind = post_machine ? store::PlaceKind::post_machine : store::PlaceKind::department;
  const char* what = post_machine ? "Post machine" : "Department";
  try {
    ctx_.db.write([&](db::Session& s) {
      if (!store::city_exists(s, city_id))
        throw not_found("City with id: " + city_id + " not found");
      store::insert_place(s, kind, p, ctx_.clock.now_ms());
    });
  } catch (const db::UniqueViolation&) {
    throw conflict(post_machine ? "duplicate_post_machine" : "duplicate_department",
                   std::string(what) + " number " + std::to_string(in.number) +
                       " already exists in this city");
  }
  JsonWriter w;
  write_place(w, p, post_machine);
  return w.take();
}

std::string DeliveryService::add_department(const std::string& city_id, const NewPlace& p) {
  return add_place(false, city_id, p);
}
std::string DeliveryService::add_post_machine(const std::string& city_id, const NewPlace& p) {
  return add_place(true, city_id, p);
}

void DeliveryService::delete_method(const std::string& id) {
  bool gone = ctx_.db.write([&](db::Session& s) { return store::delete_method(s, id); });
  if (!gone) throw not_found("Delivery method with id: " + id + " not found");
}
void DeliveryService::delete_city(const std::string& id) {
  bool gone = ctx_.db.write([&](db::Session& s) { return store::delete_city(s, id); });
  if (!gone) throw not_found("City with id: " + id + " not found");
}
void DeliveryService::delete_department(const std::string& id) {
  bool gone = ctx_.db.write(
      [&](db::Session& s) { return store::delete_place(s, store::PlaceKind::department, id); });
  if (!gone) throw not_found("Department with id: " + id + " not found");
}
void DeliveryService::delete_post_machine(const std::string& id) {
  bool gone = ctx_.db.write(
      [&](db::Session& s) { return store::delete_place(s, store::PlaceKind::post_machine, id); });
  if (!gone) throw not_found("Post machine with id: " + id + " not found");
}

ResolvedDelivery resolve_delivery(db::Session& s, const DeliveryChoice& choice,
                                  const std::string& prefix) {
  auto method = store::method_by_name(s, choice.method_name);
  if (!method)
    throw invalid_field(prefix + "deliveryMethodName",
                        "there is no delivery method named " + choice.method_name);
  auto city = store::city_by_name(s, method->id, choice.city);
  if (!city)
    throw invalid_field(prefix + "deliveryInfoCity",
                        method->name + " does not deliver to " + choice.city);
  ResolvedDelivery out;
  out.method_id = method->id;
  out.method_name = method->name;
  out.city = city->name;
  out.option = choice.option;
  if (choice.option == DeliveryOption::courier) {
    out.street = choice.street;
    out.house_number = choice.house_number;
    return out;
  }
  bool pm = choice.option == DeliveryOption::post_machine;
  auto place =
      store::place_by_number(s, pm ? store::PlaceKind::post_machine : store::PlaceKind::department,
                             city->id, choice.number.value_or(0));
  if (!place)
    throw invalid_field(prefix + "deliveryInfoNumber",
                        std::string(pm ? "there is no post machine " : "there is no department ") +
                            std::to_string(choice.number.value_or(0)) + " of " + method->name +
                            " in " + city->name);
  out.number = place->number;
  out.street = place->street;
  out.house_number = place->house_number;
  return out;
}

}  // namespace wolfix::delivery
