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

// Fingerprints stored by earlier builds hashed Boost.JSON's serialization: the canonical writer
// must produce the same bytes for every string and number.
TEST(IdempotencyCanonicalJson, WritesStringsExactlyAsBoostJson) {
  for (int c = 0; c < 0x80; ++c) {
    std::string s = "a" + std::string(1, static_cast<char>(c)) + "b";
    EXPECT_EQ(detail::json_string_literal(s), boost::json::serialize(boost::json::string(s)))
        << "character " << c;
  }
  for (std::string_view s : {"", "plain", "\\\"\"", "\x01\x1f\x7f/", "Київ — вул. Хрещатик",
                             "emoji \xf0\x9f\x9a\xb2 end", "tab\there\r\n"})
    EXPECT_EQ(detail::json_string_literal(s), boost::json::serialize(boost::json::string(s))) << s;
}

TEST(IdempotencyCanonicalJson, WritesEveryKindAsBoostJsonDoes) {
  // Keys already sorted and no white space: the canonical form is Boost's own serialization.
  auto text =
      R"({"a":-9223372036854775808,"b":18446744073709551615,"c":0,"d":1.5,"e":-0.001,)"
      R"("f":1E300,"g":true,"h":false,"i":null,"j":[],"k":{},"l":"\"x\"","m":[1,[2,{"z":1}]]})";
  auto v = boost::json::parse(text);
  EXPECT_EQ(canonical_json_of(v), boost::json::serialize(v));
}

// A body with more members than fit the writer's inline buffer is still sorted.
TEST(IdempotencyCanonicalJson, SortsLargeObjects) {
  boost::json::object o;
  std::string expected = "{";
  for (int i = 99; i >= 0; --i) o[std::string(i < 10 ? "k0" : "k") + std::to_string(i)] = i;
  for (int i = 0; i < 100; ++i)
    expected += (i ? "," : "") + std::string("\"") + (i < 10 ? "k0" : "k") + std::to_string(i) +
                "\":" + std::to_string(i);
  expected += "}";
  EXPECT_EQ(canonical_json_of(o), expected);
}

// Stored answers' headers keep the form Boost.JSON gave them.
TEST(IdempotencyStoredHeaders, AreWrittenAsBoostJsonWroteThem) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Location", "/api/orders/0193a5c2-7d1e-7abc-8def-0123456789ab/details"},
      {"X-Order-Number", "1042"},
      {"X-Note", "quote \" backslash \\ tab \t"}};
  for (std::size_t n = 0; n <= headers.size(); ++n) {
    std::vector<std::pair<std::string, std::string>> some(headers.begin(), headers.begin() + n);
    boost::json::object o;
    o["contentType"] = "application/json";
    boost::json::array a;
    for (const auto& [k, v] : some)
      a.push_back(boost::json::array{boost::json::string(k), boost::json::string(v)});
    o["headers"] = std::move(a);
    EXPECT_EQ(detail::encode_headers(some, "application/json"), boost::json::serialize(o));
  }
}

TEST(IdempotencyFingerprint, IsTheHexSha256OfTheRequestText) {
  EXPECT_EQ(fingerprint_of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(fingerprint_of("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace wolfix::idempotency
