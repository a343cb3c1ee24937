#pragma once
// Delivery methods: the public list, the admin's changes, and the check an order makes that
// it is sent somewhere the method really serves.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bounded_memo.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"
#include "delivery/model.hpp"

namespace wolfix::delivery {

struct NewPlace {
  int64_t number = 0;
  std::string street;
  int64_t house_number = 0;
  std::optional<std::string> note;  // post machines only
};

struct NewMethod {
  std::string name;
  int64_t fee_minor = 0;
  bool courier = false;
};

// A change of a method: absent fields stay as they are.
struct MethodChange {
  std::optional<std::string> name;
  std::optional<int64_t> fee_minor;
  std::optional<bool> courier;
};

class DeliveryService {
 public:
  DeliveryService(db::Database& db, Clock& clock) : db_(db), clock_(clock) {}

  // Every method with its cities and places; 404 "Delivery methods not found" when there is
  // none. Courier methods are listed only when asked for: Wolfix.Server's clients list every
  // method as a pick-up service and add courier delivery themselves.
  std::vector<Method> methods(bool include_courier);

  // Each returns what was stored (a city without places).
  Method add_method(const NewMethod& m);
  // 404 unknown method; 409 when the new name is taken.
  Method change_method(const std::string& id, const MethodChange& change);
  City add_city(const std::string& method_id, const std::string& name);
  Place add_department(const std::string& city_id, const NewPlace& p);
  Place add_post_machine(const std::string& city_id, const NewPlace& p);

  void delete_method(const std::string& id);
  void delete_city(const std::string& id);
  void delete_department(const std::string& id);
  void delete_post_machine(const std::string& id);

 private:
  Place add_place(bool post_machine, const std::string& city_id, const NewPlace& p);
  db::Database& db_;
  Clock& clock_;
};

// What an order asks for, as sent (already shape-checked).
struct DeliveryChoice {
  std::string method_name;
  std::string city;
  DeliveryOption option = DeliveryOption::department;
  std::optional<PointKind> point;  // named by the client; else the number decides
  std::optional<int64_t> number;   // department / post machine number
  std::string street;              // courier
  int64_t house_number = 0;        // courier
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
  int64_t fee_minor = 0;  // the method's fee, charged with the order
};

// Where an order goes and what its delivery costs:
// - a courier method (named, or any deliveryOption 2 when exactly one exists) takes the
//   client's city, street and house number (the city must be one it lists, if it lists any);
// - a pick-up method takes the city it serves and the number of a department or a post
//   machine there: the kind the client named (`point`), else a department, else a post machine
//   (clients number their options differently, see PointKind); stored as the kind found;
// - deliveryOption 2 with a pick-up method and no courier method configured is that method's
//   courier delivery to a city it serves.
// 400 (naming `<prefix>deliveryMethodName`, `<prefix>deliveryInfoCity`,
// `<prefix>deliveryInfoNumber`, `<prefix>deliveryInfoStreet` or
// `<prefix>deliveryInfoHouseNumber`) when it cannot be delivered so.
// A node's memory of what resolve_delivery answered for departments and post machines named by
// number (its one-read case), by choice.
using RouteMemo = BoundedMemo<ResolvedDelivery>;
// memo (may be null): where a PostgreSQL node remembers the answer.
ResolvedDelivery resolve_delivery(db::Session& s, const DeliveryChoice& choice,
                                  const std::string& field_prefix, RouteMemo* memo = nullptr);

// What resolve_delivery last remembered in memo for the same department or post machine named
// by number, if anything; checked by expect_delivery_later.
std::optional<ResolvedDelivery> remembered_delivery(const RouteMemo& memo,
                                                    const DeliveryChoice& choice);
// Sent with the transaction's next statement or COMMIT: fails the transaction
// (db::ExpectationFailed) unless resolve_delivery would still answer `where` for the choice.
// Only with what remembered_delivery answered.
void expect_delivery_later(db::Session& s, const DeliveryChoice& choice,
                           const ResolvedDelivery& where);
// Drops what is remembered for the choice (it did not hold).
void forget_delivery(RouteMemo& memo, const DeliveryChoice& choice);

}  // namespace wolfix::delivery
