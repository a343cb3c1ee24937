#pragma once
// SQL for delivery methods, cities, departments and post machines.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "delivery/model.hpp"

namespace wolfix::delivery::store {

using delivery::City;
using delivery::Method;
using delivery::Place;

// Every method with its cities and places, methods and cities by name, places by number.
std::vector<Method> all_methods(db::Session& s);

std::optional<Method> method_by_name(db::Session& s, const std::string& name);  // no cities
std::optional<Method> method_by_id(db::Session& s, const std::string& id);      // no cities
std::vector<Method> courier_methods(db::Session& s);                            // no cities
bool has_cities(db::Session& s, const std::string& method_id);
std::optional<City> city_by_name(db::Session& s, const std::string& method_id,
                                 const std::string& name);  // no places
bool method_exists(db::Session& s, const std::string& id);
bool city_exists(db::Session& s, const std::string& id);
enum class PlaceKind { department, post_machine };
std::optional<Place> place_by_number(db::Session& s, PlaceKind kind, const std::string& city_id,
                                     int64_t number);

// A method that is not a courier's, its city and its place of `kind` with `number`, by names,
// in one statement (what nearly every order names); nullopt when any of them is missing.
struct PlaceRoute {
  Method method;  // no cities
  City city;      // no places
  Place place;    // no note
};
// Fails the transaction (wolfix_expect, exec_later) unless place_route(kind, method_name,
// city_name, number) still finds exactly this route (ids, names, fee and address).
void expect_place_route_later(db::Session& s, PlaceKind kind, const std::string& method_name,
                              const std::string& city_name, int64_t number,
                              const std::string& method_id, const std::string& canonical_method,
                              int64_t fee_minor, const std::string& canonical_city,
                              const std::string& street, int64_t house_number);
std::optional<PlaceRoute> place_route(db::Session& s, PlaceKind kind,
                                      const std::string& method_name, const std::string& city_name,
                                      int64_t number);

// Inserts; db::UniqueViolation when the name / number is taken.
void insert_method(db::Session& s, const Method& m, int64_t now);
// Name, fee and kind of an existing method; false when there is no such method.
bool update_method(db::Session& s, const Method& m);
void insert_city(db::Session& s, const std::string& id, const std::string& method_id,
                 const std::string& name, int64_t now);
void insert_place(db::Session& s, PlaceKind kind, const Place& p, int64_t now);

// Deletes (children cascade); false when there was no such row.
bool delete_method(db::Session& s, const std::string& id);
bool delete_city(db::Session& s, const std::string& id);
bool delete_place(db::Session& s, PlaceKind kind, const std::string& id);

}  // namespace wolfix::delivery::store
