#include "delivery/seed.hpp"

#include <vector>

#include "common/uuid.hpp"
#include "delivery/store.hpp"

namespace wolfix::delivery {
namespace {

struct SeedPlace {
  int number;
  const char* street;
  int house;
  const char* note;
};
struct SeedCity {
  const char* name;
  std::vector<SeedPlace> departments;
  std::vector<SeedPlace> post_machines;
};
struct SeedMethod {
  const char* name;
  std::vector<SeedCity> cities;
  int64_t fee_minor = 0;
  bool courier = false;
};

const std::vector<SeedMethod>& demo_methods() {
  static const std::vector<SeedMethod> methods = {
      {"Nova Poshta",
       {{"Kyiv",
         {{1, "Pymonenka", 13, nullptr},
          {5, "Fedorova", 32, nullptr},
          {12, "Khreshchatyk", 22, nullptr}},
         {{30001, "Saksahanskoho", 120, "Near the pharmacy"},
          {30002, "Velyka Vasylkivska", 72, nullptr}}},
        {"Lviv",
         {{1, "Horodotska", 355, nullptr}, {3, "Shevchenka", 317, nullptr}},
         {{31001, "Svobody", 27, "Inside the mall, ground floor"}}},
        {"Odesa",
         {{2, "Derybasivska", 15, nullptr}, {7, "Kanatna", 101, nullptr}},
         {{32001, "Preobrazhenska", 34, nullptr}}},
        {"Kharkiv", {{4, "Sumska", 44, nullptr}}, {{33001, "Nauky", 9, nullptr}}}}},
      {"Ukrposhta",
       {{"Kyiv",
         {{1001, "Khreshchatyk", 10, nullptr}, {1004, "Antonovycha", 40, nullptr}},
         {{501, "Bohdana Khmelnytskoho", 3, "24/7"}}},
        {"Lviv", {{79000, "Slovatskoho", 1, nullptr}}, {}},
        {"Dnipro", {{49000, "Yavornytskoho", 62, nullptr}}, {{502, "Hlinky", 2, nullptr}}}}},
      {"Meest",
       {{"Kyiv", {{101, "Lesi Ukrainky", 7, nullptr}}, {{701, "Lvivska", 15, nullptr}}},
        {"Ternopil", {{102, "Ruska", 21, nullptr}}, {}}}},
      // The name and fee Wolfix.Server's web client uses for its courier option; it serves
      // every city.
      {kCourierMethodName, {}, 7000, true},
  };
  return methods;
}

}  // namespace

int seed_delivery_methods(db::Session& s, int64_t now_ms) {
  int added = 0;
  for (const auto& m : demo_methods()) {
    if (store::method_by_name(s, m.name)) continue;
    std::string method_id = new_uuid_v7();
    store::insert_method(s, {method_id, m.name, m.fee_minor, m.courier, {}}, now_ms);
    for (const auto& c : m.cities) {
      std::string city_id = new_uuid_v7();
      store::insert_city(s, city_id, method_id, c.name, now_ms);
      for (const auto& d : c.departments)
        store::insert_place(s, store::PlaceKind::department,
                            {new_uuid_v7(), city_id, d.number, d.street, d.house, std::nullopt},
                            now_ms);
      for (const auto& p : c.post_machines)
        store::insert_place(s, store::PlaceKind::post_machine,
                            {new_uuid_v7(), city_id, p.number, p.street, p.house,
                             p.note ? std::optional<std::string>(p.note) : std::nullopt},
                            now_ms);
    }
    ++added;
  }
  return added;
}

}  // namespace wolfix::delivery
