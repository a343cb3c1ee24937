#include "payment/stripe_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wolfix::payment {
namespace {

// Found by tests/fuzz stripe_event: an integer field holding a double outside int64's range was
// converted with undefined behaviour. Such a value reads as 0 (absent); in-range ones as before.
TEST(StripeJson, OutOfRangeNumbersReadAsZero) {
  auto e = parse_event(R"({"id":"evt_1","object":"event","type":"refund.updated",
      "created":4444444444444444444444444444444444444444,
      "data":{"object":{"id":"re_1","object":"refund","amount":1e300,"status":"succeeded"}}})");
  EXPECT_EQ(e.created, 0);
  ASSERT_TRUE(e.refund);
  EXPECT_EQ(e.refund->amount, 0);
  auto pi = intent_from_json(boost::json::parse(R"({"id":"pi_1","amount":2000.0})"));
  EXPECT_EQ(pi.amount, 2000);
}

TEST(StripeJson, EventsWithoutDataObjectAreRejected) {
  EXPECT_THROW(parse_event(R"({"id":"evt_1","object":"event","data":{}})"), std::invalid_argument);
  EXPECT_THROW(parse_event("[1]"), std::invalid_argument);
  EXPECT_THROW(parse_event("{"), std::invalid_argument);
}

}  // namespace
}  // namespace wolfix::payment
