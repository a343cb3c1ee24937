// The canonical JSON an Idempotency-Key fingerprint hashes: key order and white space do not
// matter, values do; a body that is not JSON has no canonical form (its bytes are hashed).
#include <gtest/gtest.h>

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

TEST(IdempotencyCanonicalJson, NotJsonHasNoCanonicalForm) {
  EXPECT_EQ(canonical_json(""), std::nullopt);
  EXPECT_EQ(canonical_json("{\"a\":"), std::nullopt);
  EXPECT_EQ(canonical_json("--boundary\r\n"), std::nullopt);
  EXPECT_EQ(canonical_json(R"("x\u00e9")"), R"("xé")");
}

}  // namespace
}  // namespace wolfix::idempotency
