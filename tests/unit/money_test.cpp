#include "common/money.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wolfix {
namespace {

namespace json = boost::json;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(MoneyCurrency, StripeExponents) {
  for (const char* c : {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx",
                        "vnd", "vuv", "xaf", "xof", "xpf"}) {
    EXPECT_EQ(currency_exponent(c), 0) << c;
  }
  for (const char* c : {"bhd", "jod", "kwd", "omr", "tnd"}) EXPECT_EQ(currency_exponent(c), 3) << c;
  for (const char* c : {"usd", "eur", "uah", "gbp", "pln", "xyz", ""}) {
    EXPECT_EQ(currency_exponent(c), 2) << c;
  }
  EXPECT_EQ(currency_exponent("JPY"), 0);
  EXPECT_EQ(currency_exponent("Kwd"), 3);
}

TEST(MoneyParse, PlainDecimals) {
  EXPECT_EQ(parse_decimal_minor("459.98", 2), 45998);
  EXPECT_EQ(parse_decimal_minor("100", 2), 10000);
  EXPECT_EQ(parse_decimal_minor("0.5", 2), 50);
  EXPECT_EQ(parse_decimal_minor("0.05", 2), 5);
  EXPECT_EQ(parse_decimal_minor("-3.10", 2), -310);
  EXPECT_EQ(parse_decimal_minor("-0.01", 2), -1);
  EXPECT_EQ(parse_decimal_minor("0", 2), 0);
  EXPECT_EQ(parse_decimal_minor("-0", 2), 0);
  EXPECT_EQ(parse_decimal_minor("-0.00", 2), 0);
  EXPECT_EQ(parse_decimal_minor("007.50", 2), 750);
  EXPECT_EQ(parse_decimal_minor("19.99", 2), 1999);
}

TEST(MoneyParse, OtherExponents) {
  EXPECT_EQ(parse_decimal_minor("500", 0), 500);
  EXPECT_EQ(parse_decimal_minor("500.0", 0), 500);
  EXPECT_FALSE(parse_decimal_minor("500.5", 0));
  EXPECT_EQ(parse_decimal_minor("1.5", 3), 1500);
  EXPECT_EQ(parse_decimal_minor("1.234", 3), 1234);
  EXPECT_FALSE(parse_decimal_minor("1.2345", 3));
  EXPECT_EQ(parse_decimal_minor("9.223372036854775807", 18), kMax);
  EXPECT_FALSE(parse_decimal_minor("1", -1));
  EXPECT_FALSE(parse_decimal_minor("1", 19));
}

TEST(MoneyParse, ExtraFractionDigitsOnlyIfZero) {
  EXPECT_EQ(parse_decimal_minor("1.230", 2), 123);
  EXPECT_EQ(parse_decimal_minor("1.2300000000000000000000000", 2), 123);
  EXPECT_FALSE(parse_decimal_minor("1.231", 2));
  EXPECT_FALSE(parse_decimal_minor("1.005", 2));
  EXPECT_FALSE(parse_decimal_minor("0.30000000000000004", 2));
}

TEST(MoneyParse, RejectsJunk) {
  const char* bad[] = {"",   "-",   "+5",  ".5",   "5.",    "-.5",  "1e3", "1E3",   "1.5e2",
                       " 5", "5 ",  "5\n", "1,5",  "1,000", "0x10", "--1", "1.2.3", "abc",
                       "5a", "NaN", "inf", "-inf", "1_000", "١٢",   "½",   "- 5"};
  for (const char* text : bad) EXPECT_FALSE(parse_decimal_minor(text, 2)) << '"' << text << '"';
  EXPECT_FALSE(parse_decimal_minor(std::string_view("5\0", 2), 2));
}

TEST(MoneyParse, Int64Limits) {
  EXPECT_EQ(parse_decimal_minor("92233720368547758.07", 2), kMax);
  EXPECT_FALSE(parse_decimal_minor("92233720368547758.08", 2));
  EXPECT_EQ(parse_decimal_minor("-92233720368547758.08", 2), kMin);
  EXPECT_FALSE(parse_decimal_minor("-92233720368547758.09", 2));
  EXPECT_EQ(parse_decimal_minor("9223372036854775807", 0), kMax);
  EXPECT_FALSE(parse_decimal_minor("9223372036854775808", 0));
  EXPECT_FALSE(parse_decimal_minor("99999999999999999999", 2));
  EXPECT_FALSE(parse_decimal_minor("100000000000000000000000000000000000000", 0));
}

TEST(MoneyJson, ExactDoubles) {
  EXPECT_EQ(minor_from_json(json::value(459.98), 2), 45998);
  EXPECT_EQ(minor_from_json(json::parse("459.98"), 2), 45998);
  EXPECT_EQ(minor_from_json(json::parse("459.980"), 2), 45998);
  EXPECT_EQ(minor_from_json(json::value(19.99), 2), 1999);
  EXPECT_EQ(minor_from_json(json::value(0.07), 2), 7);
  EXPECT_EQ(minor_from_json(json::value(100.0), 2), 10000);
  EXPECT_EQ(minor_from_json(json::value(-3.1), 2), -310);
  EXPECT_EQ(minor_from_json(json::value(-0.0), 2), 0);
  EXPECT_EQ(minor_from_json(json::value(100.0), 0), 100);
  EXPECT_EQ(minor_from_json(json::value(1.5), 3), 1500);
  EXPECT_EQ(minor_from_json(json::value(9999999999999.99), 2), 999999999999999);
}

TEST(MoneyJson, ArithmeticResidueIsRejectedNotRounded) {
  EXPECT_FALSE(minor_from_json(json::value(0.1 + 0.2), 2));     // 0.30000000000000004
  EXPECT_FALSE(minor_from_json(json::value(0.07 * 100), 0));    // 7.000000000000001
  EXPECT_FALSE(minor_from_json(json::value(19.99 * 5), 2));     // 99.94999999999999
  EXPECT_FALSE(minor_from_json(json::value(19.99 * 7), 2));     // 139.92999999999998
  EXPECT_EQ(minor_from_json(json::value(19.99 * 3), 2), 5997);  // happens to be exactly 59.97
  EXPECT_FALSE(minor_from_json(json::value(1.005), 2));         // a fraction of a cent
  EXPECT_FALSE(minor_from_json(json::value(0.5), 0));
}

TEST(MoneyJson, ExponentNotationNumbersAreExactValues) {
  // JSON itself allows exponents; the parser turns them into doubles whose value is exact.
  EXPECT_EQ(minor_from_json(json::parse("1e3"), 2), 100000);
  EXPECT_EQ(minor_from_json(json::parse("4.5998e2"), 2), 45998);
  EXPECT_EQ(minor_from_json(json::parse("5e-2"), 2), 5);
  EXPECT_FALSE(minor_from_json(json::parse("5e-3"), 2));
}

TEST(MoneyJson, HugeAndTinyDoubles) {
  EXPECT_FALSE(minor_from_json(json::value(1e300), 2));
  EXPECT_FALSE(minor_from_json(json::value(9.3e16), 2));
  EXPECT_FALSE(minor_from_json(json::value(5e-324), 2));
  EXPECT_FALSE(minor_from_json(json::value(std::numeric_limits<double>::infinity()), 2));
  EXPECT_FALSE(minor_from_json(json::value(std::nan("")), 2));
  // 16 significant digits: the parser already changed the value (reads back as ...09.94).
  EXPECT_FALSE(minor_from_json(json::parse("90071992547409.93"), 2));
}

TEST(MoneyJson, Integers) {
  EXPECT_EQ(minor_from_json(json::value(100), 2), 10000);
  EXPECT_EQ(minor_from_json(json::value(-5), 2), -500);
  EXPECT_EQ(minor_from_json(json::value(0), 2), 0);
  EXPECT_EQ(minor_from_json(json::value(500), 0), 500);
  EXPECT_EQ(minor_from_json(json::value(std::uint64_t{42}), 2), 4200);
  EXPECT_EQ(minor_from_json(json::value(kMax), 0), kMax);
  EXPECT_EQ(minor_from_json(json::value(kMin), 0), kMin);
  EXPECT_FALSE(minor_from_json(json::value(kMax), 2));
  EXPECT_FALSE(minor_from_json(json::value(kMin), 2));
  EXPECT_FALSE(minor_from_json(json::parse("12345678901234567890"), 0));  // uint64
  EXPECT_EQ(minor_from_json(json::parse("92233720368547758"), 2), 9223372036854775800);
  EXPECT_FALSE(minor_from_json(json::parse("92233720368547759"), 2));
  // Integers beyond 2^53 stay exact because the parser keeps them as int64.
  EXPECT_EQ(minor_from_json(json::parse("9007199254740993"), 0), 9007199254740993);
}

TEST(MoneyJson, NumericStrings) {
  EXPECT_EQ(minor_from_json(json::value("459.98"), 2), 45998);
  EXPECT_EQ(minor_from_json(json::value("-0.05"), 2), -5);
  EXPECT_FALSE(minor_from_json(json::value("1e3"), 2));
  EXPECT_FALSE(minor_from_json(json::value("459.985"), 2));
  EXPECT_FALSE(minor_from_json(json::value(""), 2));
  EXPECT_FALSE(minor_from_json(json::value(" 1"), 2));
}

TEST(MoneyJson, OtherKindsRejected) {
  EXPECT_FALSE(minor_from_json(json::value(nullptr), 2));
  EXPECT_FALSE(minor_from_json(json::value(true), 2));
  EXPECT_FALSE(minor_from_json(json::parse("[1]"), 2));
  EXPECT_FALSE(minor_from_json(json::parse("{\"amount\":1}"), 2));
  EXPECT_FALSE(minor_from_json(json::value(1), -1));
  EXPECT_FALSE(minor_from_json(json::value(1), 19));
}

TEST(MoneyFormat, FixedDecimals) {
  EXPECT_EQ(format_minor(45998, 2), "459.98");
  EXPECT_EQ(format_minor(10000, 2), "100.00");
  EXPECT_EQ(format_minor(-5, 2), "-0.05");
  EXPECT_EQ(format_minor(-310, 2), "-3.10");
  EXPECT_EQ(format_minor(0, 2), "0.00");
  EXPECT_EQ(format_minor(7, 2), "0.07");
  EXPECT_EQ(format_minor(5, 0), "5");
  EXPECT_EQ(format_minor(-5, 0), "-5");
  EXPECT_EQ(format_minor(1, 3), "0.001");
  EXPECT_EQ(format_minor(-1000, 3), "-1.000");
  EXPECT_EQ(format_minor(kMax, 2), "92233720368547758.07");
  EXPECT_EQ(format_minor(kMin, 2), "-92233720368547758.08");
  EXPECT_EQ(format_minor(kMin, 0), "-9223372036854775808");
  EXPECT_EQ(format_minor(1, 18), "0.000000000000000001");
  EXPECT_THROW(format_minor(1, -1), std::invalid_argument);
  EXPECT_THROW(format_minor(1, 19), std::invalid_argument);
}

TEST(MoneyFormat, RoundTripsThroughParse) {
  for (int exponent : {0, 2, 3}) {
    for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{45998}, int64_t{-310},
                      int64_t{99999999}, kMax, kMin}) {
      EXPECT_EQ(parse_decimal_minor(format_minor(v, exponent), exponent), v);
    }
  }
}

TEST(MoneyFormat, OutputIsAValidJsonNumber) {
  for (int64_t v : {int64_t{45998}, int64_t{-5}, int64_t{10000}, int64_t{0}}) {
    const json::value parsed = json::parse(format_minor(v, 2));
    EXPECT_TRUE(parsed.is_number());
    EXPECT_EQ(minor_from_json(parsed, 2), v);
  }
}

TEST(MoneyToJson, NearestDouble) {
  EXPECT_EQ(minor_to_json(45998, 2).as_double(), 459.98);
  EXPECT_EQ(minor_to_json(1999, 2).as_double(), 19.99);
  EXPECT_EQ(minor_to_json(-5, 2).as_double(), -0.05);
  EXPECT_EQ(minor_to_json(10000, 2).as_double(), 100.0);
  EXPECT_EQ(minor_to_json(500, 0).as_double(), 500.0);
  EXPECT_EQ(minor_to_json(1234, 3).as_double(), 1.234);
  EXPECT_EQ(minor_to_json(0, 2).as_double(), 0.0);
}

TEST(MoneyToJson, SerializedTextReadsBackExactly) {
  for (int64_t v : {int64_t{45998}, int64_t{1999}, int64_t{-5}, int64_t{1}, int64_t{10},
                    int64_t{99999999}, int64_t{123456789012}}) {
    const std::string text = json::serialize(minor_to_json(v, 2));
    EXPECT_EQ(minor_from_json(json::parse(text), 2), v) << text;
  }
}

TEST(MoneyDiscount, RoundsHalfAwayFromZero) {
  EXPECT_EQ(apply_percent_discount(10000, 10), 9000);
  EXPECT_EQ(apply_percent_discount(999, 15), 849);      // 849.15
  EXPECT_EQ(apply_percent_discount(999, 50), 500);      // 499.5
  EXPECT_EQ(apply_percent_discount(-999, 50), -500);    // -499.5
  EXPECT_EQ(apply_percent_discount(1, 50), 1);          // 0.5
  EXPECT_EQ(apply_percent_discount(1, 51), 0);          // 0.49
  EXPECT_EQ(apply_percent_discount(45998, 33), 30819);  // 30818.66
  EXPECT_EQ(apply_percent_discount(12345, 0), 12345);
  EXPECT_EQ(apply_percent_discount(12345, 100), 0);
  EXPECT_EQ(apply_percent_discount(0, 37), 0);
}

TEST(MoneyDiscount, NoOverflowNearLimits) {
  EXPECT_EQ(apply_percent_discount(kMax, 1), 9131138316486228049);  // ...048.93
  EXPECT_EQ(apply_percent_discount(kMax, 0), kMax);
  EXPECT_EQ(apply_percent_discount(kMin, 0), kMin);
  EXPECT_EQ(apply_percent_discount(kMin, 50), kMin / 2);
}

TEST(MoneyDiscount, PercentOutOfRangeThrows) {
  EXPECT_THROW(apply_percent_discount(100, -1), std::invalid_argument);
  EXPECT_THROW(apply_percent_discount(100, 101), std::invalid_argument);
}

TEST(Money, TheShopCurrencyIsOneCodeWithItsOwnExponent) {
  EXPECT_EQ(kShopCurrency.code, "uah");
  EXPECT_EQ(kShopCurrency.exponent, currency_exponent(kShopCurrency.code));
  EXPECT_EQ(kShopCurrency.minor_per_unit(), 100);
  EXPECT_EQ((Currency{"jpy", 0}.minor_per_unit()), 1);
  EXPECT_EQ((Currency{"kwd", 3}.minor_per_unit()), 1000);
}

}  // namespace
}  // namespace wolfix
