#include "common/error_body.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wolfix {
namespace {

TEST(ErrorBody, MessageCodeAndFieldErrorsComeFirst) {
  ApiError e(400, "validation_failed", "order.price: is required",
             {{"order.price", {"is required"}}, {"orderItems[0].quantity", {"a", "b"}}});
  EXPECT_EQ(error_body_json(e),
            R"({"message":"order.price: is required","code":"validation_failed",)"
            R"("errors":{"order.price":["is required"],"orderItems[0].quantity":["a","b"]}})");
}

TEST(ErrorBody, MoneyIsAPlainDecimalEvenNestedNeverScientific) {
  ApiError e = conflict("price_changed", "Prices changed");
  e.with("current", ErrorValue::Object{
                        {"price", ErrorValue::money(2080740)},
                        {"usedBonusesAmount", ErrorValue::money(0)},
                        {"orderItems", ErrorValue::Array{ErrorValue::Object{
                                           {"price", ErrorValue::money(5)}, {"quantity", 2}}}}});
  std::string body = error_body_json(e);
  EXPECT_NE(body.find(R"("price":20807.40)"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("usedBonusesAmount":0.00)"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("price":0.05,"quantity":2)"), std::string::npos) << body;
  EXPECT_EQ(body.find('E'), std::string::npos) << body;
  EXPECT_NO_THROW((void)boost::json::parse(body));
}

TEST(ErrorBody, DetailsKeepTheirTypes) {
  ApiError e(402, "card_declined", "Your card was declined.");
  e.with("declineCode", "insufficient_funds")
      .with("paymentStatus", 3)
      .with("retryable", false)
      .with("intentStatus", std::string("requires_payment_method"))
      .with("refundable", ErrorValue::money(12, 0))
      .with("nothing", nullptr);
  auto v = boost::json::parse(error_body_json(e)).as_object();
  EXPECT_EQ(v.at("declineCode"), "insufficient_funds");
  EXPECT_EQ(v.at("paymentStatus"), 3);
  EXPECT_EQ(v.at("retryable"), false);
  EXPECT_EQ(v.at("intentStatus"), "requires_payment_method");
  EXPECT_EQ(v.at("refundable"), 12);
  EXPECT_TRUE(v.at("nothing").is_null());
  EXPECT_FALSE(v.contains("errors"));
}

TEST(ErrorBody, TextIsEscapedAndDetailsCannotReplaceTheMessage) {
  ApiError e = bad_request("a \"quoted\"\nline");
  e.with("message", "forged").with("note", "tab\there");
  auto v = boost::json::parse(error_body_json(e)).as_object();
  EXPECT_EQ(v.at("message"), "a \"quoted\"\nline");
  EXPECT_EQ(v.at("note"), "tab\there");
}

}  // namespace
}  // namespace wolfix
