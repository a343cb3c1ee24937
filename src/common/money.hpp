#pragma once
// Money is an int64 count of the currency's minor unit (45998 = 459.98 UAH) everywhere inside
// Wolfix, as in Stripe's API. Decimal text and JSON numbers are converted exactly, digit by
// digit: binary floating point never does arithmetic on an amount.
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wolfix {

// A currency as amounts need it: the lowercase ISO 4217 code (as Stripe takes it) and the
// digits after the decimal point of its minor unit.
struct Currency {
  std::string_view code;
  int exponent = 2;
  // Minor units in one whole unit (100 for 2 digits).
  constexpr int64_t minor_per_unit() const {
    int64_t n = 1;
    for (int i = 0; i < exponent; ++i) n *= 10;
    return n;
  }
};

// The one currency the shop sells in (Wolfix.Server charges in hryvnias). Wolfix is
// single-currency: orders, card payments, refunds and every amount read or written as a decimal
// use this code and exponent; WOLFIX_PAYMENT_CURRENCY must name it.
inline constexpr Currency kShopCurrency{"uah", 2};

// Digits after the decimal point for a lowercase ISO 4217 code, following Stripe: 0 for its
// zero-decimal currencies (jpy, krw, ...), 3 for bhd jod kwd omr tnd, otherwise 2.
int currency_exponent(std::string_view iso_lower);

// Parses "459.98", "100", "0.5", "-3.10" into minor units for `exponent` (0..18). Extra
// fractional digits are accepted only if they are zeros ("1.230" at exponent 2). Rejects empty
// text, a leading '+', ".5", "5.", exponents ("1e3"), whitespace, overflow and anything else.
std::optional<int64_t> parse_decimal_minor(std::string_view text, int exponent);

// Reads an amount from JSON exactly: integers, doubles (through their shortest round-trip
// decimal text, so 459.98 gives 45998 and 0.1+0.2 is rejected; doubles needing more than 15
// significant digits are rejected because the parser may already have changed them), and
// numeric strings (parse_decimal_minor rules). Anything else (bool, null, objects, sub-minor
// fractions, out of range) gives nullopt.
std::optional<int64_t> minor_from_json(const boost::json::value& v, int exponent);

// Fixed-point text with exactly `exponent` decimals: "459.98", "100.00", "-0.05", "5". The text
// is also a valid JSON number, so a hand-written JSON writer can emit it unquoted.
std::string format_minor(int64_t minor, int exponent);

// A JSON number (a double) whose value is the nearest double to the exact amount. Note that
// Boost.JSON 1.81 serializes doubles in shortest round-trip form but in scientific notation
// ("4.5998E2" for 459.98): equal as a number to any JSON reader, but use format_minor for
// human-looking output. Amounts above 2^53 minor units lose precision as doubles.
boost::json::value minor_to_json(int64_t minor, int exponent);

// price * (100 - percent) / 100, rounded half away from zero to the minor unit.
// Throws std::invalid_argument unless 0 <= percent <= 100.
int64_t apply_percent_discount(int64_t minor, int percent);

}  // namespace wolfix
