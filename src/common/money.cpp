#include "common/money.hpp"

#include <array>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wolfix {
namespace {

constexpr int kMaxExponent = 18;  // 10^18 is the largest power of ten an int64 holds

constexpr std::array<std::string_view, 16> kZeroDecimal = {"bif", "clp", "djf", "gnf", "jpy", "kmf",
                                                           "krw", "mga", "pyg", "rwf", "ugx", "vnd",
                                                           "vuv", "xaf", "xof", "xpf"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"bhd", "jod", "kwd", "omr", "tnd"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Appends one decimal digit to `mag`, refusing to pass `limit`.
bool push_digit(uint64_t& mag, unsigned digit, uint64_t limit) {
  if (mag > (limit - digit) / 10) return false;
  mag = mag * 10 + digit;
  return true;
}

std::optional<int64_t> scale_integer(uint64_t magnitude, bool negative, int exponent) {
  const uint64_t limit = uint64_t(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  if (magnitude > limit) return std::nullopt;
  for (int i = 0; i < exponent; ++i) {
    if (!push_digit(magnitude, 0, limit)) return std::nullopt;
  }
  // Negating in unsigned arithmetic keeps INT64_MIN representable.
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

// Digits in the shortest round-trip form of `d`, e.g. 3 for 1.25e-7 and 17 for 0.1 + 0.2.
int significant_digits(double d) {
  std::array<char, 64> buf{};
  const auto res =
      std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::scientific);
  int digits = 0;
  for (const char* p = buf.data(); p != res.ptr && *p != 'e'; ++p) {
    if (is_digit(*p)) ++digits;
  }
  return digits;
}

}  // namespace

int currency_exponent(std::string_view iso_lower) {
  std::string code(iso_lower);
  // Stripe wants lowercase codes, but the exponent itself does not depend on case.
  for (char& c : code) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view z : kZeroDecimal) {
    if (code == z) return 0;
  }
  for (std::string_view t : kThreeDecimal) {
    if (code == t) return 3;
  }
  return 2;
}

std::optional<int64_t> parse_decimal_minor(std::string_view text, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent) return std::nullopt;
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;

  const std::size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::string_view int_digits = text.substr(int_begin, i - int_begin);
  if (int_digits.empty()) return std::nullopt;

  std::string_view frac_digits;
  if (i < text.size() && text[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    frac_digits = text.substr(frac_begin, i - frac_begin);
    if (frac_digits.empty()) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;

  const uint64_t limit = uint64_t(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  uint64_t mag = 0;
  for (char c : int_digits) {
    if (!push_digit(mag, unsigned(c - '0'), limit)) return std::nullopt;
  }
  for (std::size_t k = 0; k < frac_digits.size(); ++k) {
    const unsigned d = unsigned(frac_digits[k] - '0');
    if (k < std::size_t(exponent)) {
      if (!push_digit(mag, d, limit)) return std::nullopt;
    } else if (d != 0) {
      return std::nullopt;  // a fraction of the minor unit cannot be charged
    }
  }
  for (std::size_t k = frac_digits.size(); k < std::size_t(exponent); ++k) {
    if (!push_digit(mag, 0, limit)) return std::nullopt;
  }
  return negative ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
}

std::optional<int64_t> minor_from_json(const boost::json::value& v, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent) return std::nullopt;
  switch (v.kind()) {
    case boost::json::kind::int64: {
      const int64_t n = v.get_int64();
      const uint64_t mag = n < 0 ? 0 - uint64_t(n) : uint64_t(n);
      return scale_integer(mag, n < 0, exponent);
    }
    case boost::json::kind::uint64:
      return scale_integer(v.get_uint64(), false, exponent);
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) return std::nullopt;
      // The JSON parser already rounded the text to the nearest double; its shortest round-trip
      // text is the decimal the sender wrote ("459.98", not 459.9800000000000182) as long as that
      // had at most 15 significant digits (DBL_DIG). Beyond that the double may differ from the
      // text (90071992547409.93 reads back as ...09.94), so refuse rather than guess.
      if (significant_digits(d) > std::numeric_limits<double>::digits10) return std::nullopt;
      // Fixed notation keeps "1e3"-style output away from the strict decimal parser.
      std::array<char, 400> buf{};
      const auto res =
          std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::fixed);
      if (res.ec != std::errc()) return std::nullopt;
      return parse_decimal_minor(std::string_view(buf.data(), res.ptr - buf.data()), exponent);
    }
    case boost::json::kind::string:
      return parse_decimal_minor(v.get_string(), exponent);
    default:
      return std::nullopt;
  }
}

std::string format_minor(int64_t minor, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent) {
    throw std::invalid_argument("format_minor: exponent out of range");
  }
  const bool negative = minor < 0;
  const uint64_t mag = negative ? 0 - uint64_t(minor) : uint64_t(minor);
  std::string digits = std::to_string(mag);
  if (exponent > 0) {
    if (digits.size() <= std::size_t(exponent)) {
      digits.insert(0, std::size_t(exponent) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - std::size_t(exponent), 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

boost::json::value minor_to_json(int64_t minor, int exponent) {
  // from_chars on the exact decimal text rounds once, to the double nearest the amount, whose
  // shortest form is that same decimal. minor / 100.0 would round twice once minor > 2^53.
  const std::string text = format_minor(minor, exponent);
  double d = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), d);
  if (res.ec != std::errc()) throw std::runtime_error("minor_to_json: from_chars failed");
  return boost::json::value(d);
}

int64_t apply_percent_discount(int64_t minor, int percent) {
  if (percent < 0 || percent > 100) {
    throw std::invalid_argument("apply_percent_discount: percent must be within 0..100");
  }
  // 128-bit intermediate: minor * 100 would overflow int64 for amounts near its limit.
  const __int128 scaled = static_cast<__int128>(minor) * (100 - percent);
  __int128 q = scaled / 100;
  const __int128 r = scaled % 100;  // has the sign of `scaled`
  if (r * 2 >= 100) ++q;
  if (r * 2 <= -100) --q;
  return static_cast<int64_t>(q);
}

}  // namespace wolfix
