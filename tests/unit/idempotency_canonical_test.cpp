// The canonical JSON an Idempotency-Key fingerprint hashes: key order and white space do not
// matter, values do; a body that is not JSON has no canonical form (its bytes are hashed).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/idempotency.hpp"

namespace wolfix::idempotency {
namespace {

TEST(IdempotencyCanonicalJson, SortsKeysAtEveryLevelAndDropsWhiteSpace) {
  EXPECT_EQ(canonical_json(R"( { "b" : 1 , "a" : { "y" : [ 2 , {"d":1,"c":2} ], "x" : null } } )"),
            R"({"a":{"x":null,"y":[2,{"c":2,"d":1}]},"b":1})");
  EXPECT_EQ(canonical_json(R"({"a":1,"b":2})"), canonical_json("{\n  \"b\": 2,\n  \"a\": 1\n}"));
}

TEST(IdempotencyCanonicalJson, ValuesStillCount) {
  EXPECT_NE(canonical_json(R"({"quantity":1})"), canonical_json(R"({"quantity":2})"));
  EXPECT_NE(canonical_json(R"({"note":"a b"})"), canonical_json(R"({"note":"ab"})"));
  EXPECT_NE(canonical_json(R"([1,2])"), canonical_json(R"([2,1])"));  // arrays keep their order
  EXPECT_NE(canonical_json(R"({"Quantity":1})"), canonical_json(R"({"quantity":1})"));
}

// A route that parsed its body already hashes the same text as one that hands over the bytes.
TEST(IdempotencyCanonicalJson, AParsedBodyHasTheSameCanonicalForm) {
  for (std::string_view text :
       {R"( { "b" : 1 , "a" : { "y" : [ 2 , {"d":1,"c":2} ], "x" : null } } )",
        R"({"order":{"price":12.50,"customerMiddleName":null},"orderItems":[{"quantity":1}]})",
        R"({"note":"x\u00e9 \"q\"","n":-0.5e3,"t":true})"}) {
    auto text_form = canonical_json(text);
    ASSERT_TRUE(text_form.has_value()) << text;
    EXPECT_EQ(canonical_json_of(boost::json::parse(text)), *text_form) << text;
  }
}

TEST(IdempotencyCanonicalJson, NotJsonHasNoCanonicalForm) {
  EXPECT_EQ(canonical_json(""), std::nullopt);
  EXPECT_EQ(canonical_json("{\"a\":"), std::nullopt);
  EXPECT_EQ(canonical_json("--boundary\r\n"), std::nullopt);
  EXPECT_EQ(canonical_json(R"("x\u00e9")"), R"("xé")");
}

}  // namespace
}  // namespace wolfix::idempotency
