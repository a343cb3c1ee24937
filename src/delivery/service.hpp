#pragma once
// Delivery methods: the public list, the admin's changes, and the check an order makes that
// it is sent somewhere the method really serves.
#include <cstdint>
#include <optional>
#include <string>

#include "app/context.hpp"
#include "db/db.hpp"
#include "delivery/model.hpp"

namespace wolfix::delivery {

struct NewPlace {
  int64_t number = 0;
  std::string street;
  int64_t house_number = 0;
  std::optional<std::string> note;  // post machines only
};

class DeliveryService {
 public:
  explicit DeliveryService(Context& ctx) : ctx_(ctx) {}

  // Wolfix.Server's DeliveryMethodDto[] as JSON; 404 "Delivery methods not found" when empty.
  std::string methods_json();

  // Each returns the new row as JSON ({id, name} or the place's fields).
  std::string add_method(const std::string& name);
  std::string add_city(const std::string& method_id, const std::string& name);
  std::string add_department(const std::string& city_id, const NewPlace& p);
  std::string add_post_machine(const std::string& city_id, const NewPlace& p);

  void delete_method(const std::string& id);
  void delete_city(const std::string& id);
  void delete_department(const std::string& id);
  void delete_post_machine(const std::string& id);

 private:
  std::string add_place(bool post_machine, const std::string& city_id, const NewPlace& p);
  Context& ctx_;
};

// What an order asks for, as sent (already shape-checked).
struct DeliveryChoice {
  std::string method_name;
  std::string city;
  DeliveryOption option = DeliveryOption::department;
  std::optional<int64_t> number;  // department / post machine number
  std::string street;             // courier
  int64_t house_number = 0;       // courier
};

// Where the order goes, with the canonical names and, for a department or post machine, its
// own address (not the client's).
struct ResolvedDelivery {
  std::string method_id;
  std::string method_name;
  std::string city;
  DeliveryOption option = DeliveryOption::department;
  std::optional<int64_t> number;
  std::string street;
  int64_t house_number = 0;
};

// 400 (naming `<prefix>deliveryMethodName`, `<prefix>deliveryInfoCity` or
// `<prefix>deliveryInfoNumber`) when the method does not exist, does not serve the city, or has
// no such department / post machine there.
ResolvedDelivery resolve_delivery(db::Session& s, const DeliveryChoice& choice,
                                  const std::string& field_prefix);

}  // namespace wolfix::delivery
