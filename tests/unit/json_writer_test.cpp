#include "common/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wolfix {
namespace {

TEST(JsonWriter, WritesNestedDocumentsWithCommas) {
  JsonWriter w;
  w.begin_object()
      .field("id", "a")
      .field("n", int64_t{3})
      .key("items")
      .begin_array()
      .begin_object()
      .field("ok", true)
      .end_object()
      .number(7)
      .null()
      .end_array()
      .money_field("price", 45998)
      .end_object();
  EXPECT_EQ(w.str(), R"({"id":"a","n":3,"items":[{"ok":true},7,null],"price":459.98})");
  EXPECT_NO_THROW(boost::json::parse(w.str()));
}

TEST(JsonWriter, EscapesStringsAndKeys) {
  JsonWriter w;
  w.begin_object().field("q\"k", "line\nbreak \"quoted\" \x01").end_object();
  auto v = boost::json::parse(w.str());
  EXPECT_EQ(v.at("q\"k").as_string(), "line\nbreak \"quoted\" \x01");
}

TEST(JsonWriter, MoneyIsExactDecimal) {
  JsonWriter w;
  w.begin_array().money(100).money(-5).money(0).money(1999, 2).money(5, 0).end_array();
  EXPECT_EQ(w.str(), "[1.00,-0.05,0.00,19.99,5]");
}

TEST(JsonWriter, EmptyContainers) {
  JsonWriter w;
  w.begin_object().key("a").begin_array().end_array().key("b").begin_object().end_object().end_object();
  EXPECT_EQ(w.str(), R"({"a":[],"b":{}})");
}

}  // namespace
}  // namespace wolfix
