#pragma once
// Delivery rules without I/O: how an order may be delivered and what a method's places look like.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::delivery {

// Wolfix.Server's DeliveryOption integers (its web client calls 0 "NovaPoshta" and 1 "UkrPoshta").
enum class DeliveryOption { department = 0, post_machine = 1, courier = 2 };

// A delivery method with the cities it serves and their pick-up points.
struct Place {  // a department or a post machine
  std::string id;
  std::string city_id;
  int64_t number = 0;
  std::string street;
  int64_t house_number = 0;
  std::optional<std::string> note;  // post machines only
};
struct City {
  std::string id;
  std::string method_id;
  std::string name;
  std::vector<Place> departments;
  std::vector<Place> post_machines;
};
struct Method {
  std::string id;
  std::string name;
  int64_t fee_minor = 0;  // per order
  bool courier = false;   // delivers to an address, not to a department or post machine
  std::vector<City> cities;
};

inline constexpr std::size_t kMaxNameLength = 100;
inline constexpr std::size_t kMaxStreetLength = 200;
inline constexpr std::size_t kMaxNoteLength = 500;
inline constexpr int64_t kMaxPlaceNumber = 4294967295;  // Wolfix.Server uses uint
inline constexpr int64_t kMaxFeeMinor = 100000000;      // 1,000,000.00 per order

// The kind of pick-up point an order names. Clients of Wolfix.Server send deliveryOption 1 for a
// Ukrposhta department (their options are NovaPoshta 0, UkrPoshta 1, Courier 2), Wolfix's own
// clients for a post machine, so the number decides unless the client names the kind.
enum class PointKind { department, post_machine };
// "department" / "postMachine" (case-insensitive), else nullopt.
std::optional<PointKind> point_kind_from_name(std::string_view name);

std::optional<DeliveryOption> delivery_option_from_int(int64_t v);
std::string_view delivery_option_name(DeliveryOption o);

// Case-insensitive matching key for names (ASCII letters folded; other bytes kept).
std::string name_key(std::string_view name);

// nullopt when fine, else the reason ("cannot be null or empty", ...).
std::optional<std::string> name_error(std::string_view name);
std::optional<std::string> street_error(std::string_view street);
std::optional<std::string> positive_number_error(int64_t n);
std::optional<std::string> fee_error(int64_t fee_minor);

}  // namespace wolfix::delivery
