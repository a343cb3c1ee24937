#pragma once
// Delivery rules without I/O: how an order may be delivered and what a method's places look like.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wolfix::delivery {

// Wolfix.Server's DeliveryOption integers (its web client calls 0 "NovaPoshta" and 1 "UkrPoshta").
enum class DeliveryOption { department = 0, post_machine = 1, courier = 2 };

inline constexpr std::size_t kMaxNameLength = 100;
inline constexpr std::size_t kMaxStreetLength = 200;
inline constexpr std::size_t kMaxNoteLength = 500;
inline constexpr int64_t kMaxPlaceNumber = 4294967295;  // Wolfix.Server uses uint

std::optional<DeliveryOption> delivery_option_from_int(int64_t v);
std::string_view delivery_option_name(DeliveryOption o);

// Case-insensitive matching key for names (ASCII letters folded; other bytes kept).
std::string name_key(std::string_view name);

// nullopt when fine, else the reason ("cannot be null or empty", ...).
std::optional<std::string> name_error(std::string_view name);
std::optional<std::string> street_error(std::string_view street);
std::optional<std::string> positive_number_error(int64_t n);

}  // namespace wolfix::delivery
