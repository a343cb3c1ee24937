#include "common/form.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace wolfix {
namespace {

using Strings = std::vector<std::string>;

FormFields fields(std::string_view body) {
  auto parsed = FormFields::parse(body);
  EXPECT_TRUE(parsed) << body;
  return parsed ? *parsed : FormFields({});
}

TEST(FormEncode, WhatwgSerializer) {
  EXPECT_EQ(form_encode({}), "");
  EXPECT_EQ(form_encode({{"a", "b"}}), "a=b");
  EXPECT_EQ(form_encode({{"a", "b"}, {"c", "d"}}), "a=b&c=d");
  EXPECT_EQ(form_encode({{"a", ""}}), "a=");
  EXPECT_EQ(form_encode({{"", ""}}), "=");
  EXPECT_EQ(form_encode({{"q", "hello world"}}), "q=hello+world");
  EXPECT_EQ(form_encode({{"x", "*-._"}}), "x=*-._");
  EXPECT_EQ(form_encode({{"x", "&=+%~!'()/?#"}}), "x=%26%3D%2B%25%7E%21%27%28%29%2F%3F%23");
  EXPECT_EQ(form_encode({{"metadata[order_id]", "42"}}), "metadata%5Border_id%5D=42");
  EXPECT_EQ(form_encode({{"x", "\xd1\x97"}}), "x=%D1%97");  // "ї" in UTF-8
  EXPECT_EQ(form_encode({{"x", std::string("\0\n\x7f", 3)}}), "x=%00%0A%7F");
}

TEST(FormEncode, StripeStyleBody) {
  const FormPairs pairs = {{"amount", "45998"},
                           {"currency", "uah"},
                           {"metadata[order_id]", "0193a5c2-7d1e-7abc-8def-0123456789ab"},
                           {"payment_method_types[]", "card"},
                           {"receipt_email", "a+b@example.com"}};
  EXPECT_EQ(form_encode(pairs),
            "amount=45998&currency=uah&metadata%5Border_id%5D=0193a5c2-7d1e-7abc-8def-"
            "0123456789ab&payment_method_types%5B%5D=card&receipt_email=a%2Bb%40example.com");
}

TEST(FormDecode, Basics) {
  EXPECT_EQ(form_decode(""), FormPairs{});
  EXPECT_EQ(form_decode("a=b&c=d"), (FormPairs{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(form_decode("a"), (FormPairs{{"a", ""}}));
  EXPECT_EQ(form_decode("a="), (FormPairs{{"a", ""}}));
  EXPECT_EQ(form_decode("=b"), (FormPairs{{"", "b"}}));
  EXPECT_EQ(form_decode("a=1=2"), (FormPairs{{"a", "1=2"}}));
  EXPECT_EQ(form_decode("&&a=1&&b=2&"), (FormPairs{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(form_decode("a=1&a=2"), (FormPairs{{"a", "1"}, {"a", "2"}}));
}

TEST(FormDecode, PlusAndPercent) {
  EXPECT_EQ(form_decode("q=hello+world"), (FormPairs{{"q", "hello world"}}));
  EXPECT_EQ(form_decode("q=a%2Bb"), (FormPairs{{"q", "a+b"}}));
  EXPECT_EQ(form_decode("q=%20"), (FormPairs{{"q", " "}}));
  EXPECT_EQ(form_decode("q=%d1%97"), (FormPairs{{"q", "\xd1\x97"}}));
  EXPECT_EQ(form_decode("q=%D1%97"), (FormPairs{{"q", "\xd1\x97"}}));
  EXPECT_EQ(form_decode("q=%00"), (FormPairs{{"q", std::string("\0", 1)}}));
  EXPECT_EQ(form_decode("metadata%5Bk%5D=v"), (FormPairs{{"metadata[k]", "v"}}));
  EXPECT_EQ(form_decode("metadata[k]=v"), (FormPairs{{"metadata[k]", "v"}}));
  // Raw non-ASCII bytes pass through untouched.
  EXPECT_EQ(form_decode("q=\xd1\x97"), (FormPairs{{"q", "\xd1\x97"}}));
}

TEST(FormDecode, RejectsBadEscapes) {
  for (const char* body :
       {"%", "a=%", "a=%4", "a=%G0", "a=%0G", "a=%zz", "%2=b", "a=1&b=%+1", "a=%%41", "a=100%"}) {
    EXPECT_FALSE(form_decode(body)) << body;
    EXPECT_FALSE(FormFields::parse(body)) << body;
  }
}

TEST(FormRoundTrip, AllBytesAndUnicode) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  const FormPairs pairs = {{"bytes", all},
                           {all, "key"},
                           {"uk", "Привіт, світе! ї є ґ"},
                           {"emoji", "\xf0\x9f\x98\x80"},
                           {"empty", ""},
                           {"", "no name"},
                           {"spaces", "  a  b  "},
                           {"metadata[a b]", "c&d=e"}};
  EXPECT_EQ(form_decode(form_encode(pairs)), pairs);
}

TEST(FormFieldsGet, LastOccurrenceWins) {
  const FormFields f = fields("amount=100&currency=uah&amount=200&empty=");
  EXPECT_EQ(f.get("amount"), "200");
  EXPECT_EQ(f.get("currency"), "uah");
  EXPECT_EQ(f.get("empty"), "");
  EXPECT_FALSE(f.get("missing"));
  EXPECT_FALSE(f.get("Currency"));
  EXPECT_TRUE(f.has("empty"));
  EXPECT_FALSE(f.has("missing"));
  EXPECT_EQ(f.pairs().size(), 4u);
}

TEST(FormFieldsPrefixed, OneLevelOfBrackets) {
  const FormFields f = fields(
      "metadata[order_id]=42&metadata%5Buser%5D=u+1&metadata[a][b]=nested&metadata[]=list"
      "&metadataX[y]=other&metadata=whole&other[order_id]=no&metadata[empty]=&metadata[order_id]=43"
      "&metadata[ключ]=значення");
  const std::map<std::string, std::string> expected = {
      {"order_id", "43"}, {"user", "u 1"}, {"empty", ""}, {"ключ", "значення"}};
  EXPECT_EQ(f.prefixed("metadata"), expected);
  EXPECT_EQ(f.prefixed("other"), (std::map<std::string, std::string>{{"order_id", "no"}}));
  EXPECT_TRUE(f.prefixed("absent").empty());
  EXPECT_TRUE(fields("metadata[=x&metadata]=y&metadata[a=z").prefixed("metadata").empty());
}

TEST(FormFieldsList, BracketForm) {
  const FormFields f = fields("payment_method_types[]=card&payment_method_types[]=sepa_debit");
  EXPECT_EQ(f.list("payment_method_types"), (Strings{"card", "sepa_debit"}));
  EXPECT_TRUE(f.list("expand").empty());
}

TEST(FormFieldsList, IndexedFormOrderedByIndex) {
  EXPECT_EQ(fields("x[0]=a&x[1]=b&x[2]=c").list("x"), (Strings{"a", "b", "c"}));
  EXPECT_EQ(fields("x[1]=b&x[0]=a").list("x"), (Strings{"a", "b"}));
  EXPECT_EQ(fields("x[10]=k&x[2]=c").list("x"), (Strings{"c", "k"}));
  EXPECT_EQ(fields("x[0]=a&x[0]=z").list("x"), (Strings{"z"}));
  EXPECT_EQ(fields("x%5B0%5D=a&x%5B1%5D=b").list("x"), (Strings{"a", "b"}));
}

TEST(FormFieldsList, MixedAndIgnoredShapes) {
  EXPECT_EQ(fields("x[]=late&x[0]=first").list("x"), (Strings{"first", "late"}));
  EXPECT_EQ(fields("x=plain&x[a]=hash&x[0][y]=deep&x[-1]=neg&x[99999999999]=huge&xx[]=other"
                   "&x[]=kept")
                .list("x"),
            (Strings{"kept"}));
}

TEST(FormFields, StripeCreatePaymentIntentBody) {
  // What stripe-node sends for paymentIntents.create (qs with indices for arrays).
  const FormFields f = fields(
      "amount=45998&currency=uah&automatic_payment_methods%5Benabled%5D=true"
      "&metadata%5Border_id%5D=0193a5c2-7d1e-7abc-8def-0123456789ab"
      "&payment_method_types%5B0%5D=card&receipt_email=buyer%40example.com");
  EXPECT_EQ(f.get("amount"), "45998");
  EXPECT_EQ(f.get("receipt_email"), "buyer@example.com");
  EXPECT_EQ(f.prefixed("automatic_payment_methods"),
            (std::map<std::string, std::string>{{"enabled", "true"}}));
  EXPECT_EQ(f.prefixed("metadata").at("order_id"), "0193a5c2-7d1e-7abc-8def-0123456789ab");
  EXPECT_EQ(f.list("payment_method_types"), (Strings{"card"}));
}

}  // namespace
}  // namespace wolfix
