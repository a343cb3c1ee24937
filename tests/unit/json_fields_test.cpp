#include "common/json_fields.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wolfix {
namespace {

boost::json::object body(std::string_view text) {
  return boost::json::parse(text).as_object();
}

TEST(JsonFields, WholeNumbersMayArriveAsDoublesOrStrings) {
  auto b = body(R"({"a": 3.0, "b": "7", "c": 1e3})");
  JsonFields f(b);
  EXPECT_EQ(f.required_int("a", 0, 10), 3);
  EXPECT_EQ(f.required_int("b", 0, 10), 7);
  EXPECT_EQ(f.optional_int("c", 0, 5000), 1000);
  EXPECT_TRUE(f.ok());
}

// Found by tests/fuzz json_fields: a number beyond int64 parses as a double, and converting it
// before checking its range was undefined behaviour. It is a field error like any bad number.
TEST(JsonFields, NumbersBeyondInt64AreFieldErrors) {
  auto b = body(
      R"({"delta": -9223372083654775808, "big": 9223372036854775808e3, "huge": 1e300,
          "fraction": 2.5})");
  JsonFields f(b);
  EXPECT_EQ(f.optional_int("delta", INT64_MIN, INT64_MAX), std::nullopt);
  EXPECT_EQ(f.optional_int("big", INT64_MIN, INT64_MAX), std::nullopt);
  EXPECT_EQ(f.optional_int("huge", INT64_MIN, INT64_MAX), std::nullopt);
  EXPECT_EQ(f.optional_int("fraction", INT64_MIN, INT64_MAX), std::nullopt);
  EXPECT_EQ(f.errors().size(), 4u);
  EXPECT_EQ(f.errors().count("delta"), 1u);
  EXPECT_THROW(f.finish(), ApiError);
}

TEST(JsonFields, AnEmptyOrBlankOptionalStringIsAbsent) {
  auto b = body(R"({"middleName": "", "note": "  \t", "nothing": null, "city": " Kyiv "})");
  JsonFields f(b);
  EXPECT_FALSE(f.optional_string("middleName"));
  EXPECT_FALSE(f.optional_string("note"));
  EXPECT_FALSE(f.optional_string("nothing"));
  EXPECT_FALSE(f.optional_string("missing"));
  EXPECT_EQ(f.optional_string("city"), " Kyiv ") << "text is kept as sent";
  EXPECT_TRUE(f.ok());
}

TEST(JsonFields, RequiredStringsKeepBlankTextAndRequiredTextRefusesIt) {
  auto b = body(R"({"password": "   ", "name": " ", "n": 5})");
  JsonFields f(b);
  EXPECT_EQ(f.required_string("password"), "   ");
  EXPECT_TRUE(f.ok());
  f.required_text("name");
  EXPECT_EQ(f.errors().count("name"), 1u);
  EXPECT_FALSE(f.optional_string("n"));
  EXPECT_EQ(f.errors().count("n"), 1u) << "a number is not a string, blank rule or not";
}

}  // namespace
}  // namespace wolfix
