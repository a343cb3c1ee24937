// Bonuses earned (defect S11 in Wolfix.Server: never accrued): when an order is Delivered and
// paid, its customer earns each line's product bonuses times the quantity, once; cancelled and
// refunded orders earn nothing.
#include <thread>

#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class OrderBonusesTest : public ShopSuite<OrderBonusesTest, true> {
 protected:
  // A product whose listed bonuses are `bonuses_minor`.
  static TestProduct product(int64_t price_minor, int64_t bonuses_minor) {
    ProductSpec spec;
    spec.price_minor = price_minor;
    spec.stock = 100;
    spec.bonuses_minor = bonuses_minor;
    return make_product(*server, *seller, spec);
  }
  static std::string order(const Actor& c, const std::vector<Line>& lines, int64_t bonuses = 0) {
    auto r = place(*server, c, order_body(c, lines, bonuses));
    EXPECT_EQ(r.status, 204) << r.body;
    return r.headers["x-order-id"];
  }
  static Reply set_status(const std::string& order_id, int status) {
    return server->patch("/api/orders/" + order_id + "/delivery-status",
                         json::object{{"status", status}}, seller->token);
  }
  static void deliver(const std::string& order_id) {
    ASSERT_EQ(set_status(order_id, 1).status, 204);
    auto r = set_status(order_id, 2);
    ASSERT_EQ(r.status, 204) << r.body;
  }
  static int64_t profile_bonuses(const Actor& c) {
    auto r = server->get("/api/customers/" + c.profile_id, c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return minor(r.json().at("bonusesAmount"));
  }
};

TEST_F(OrderBonusesTest, ADeliveredCashOrderEarnsEachLinesBonusesTimesQuantity) {
  auto c = make_actor(*server, "Customer");
  auto phone = product(45998, 500);  // 459.98 earns 5.00
  auto case_ = product(19900, 200);
  auto id = order(c, {{phone.id, 3, phone.price_minor}, {case_.id, 1, case_.price_minor}});
  ASSERT_EQ(set_status(id, 1).status, 204);
  EXPECT_EQ(bonuses_of(*server, c), 0) << "nothing before delivery";
  ASSERT_EQ(set_status(id, 2).status, 204);
  EXPECT_EQ(bonuses_of(*server, c), 3 * 500 + 200);
  EXPECT_EQ(profile_bonuses(c), 1700);
  // Delivered again is a no-op and earns nothing more.
  EXPECT_EQ(set_status(id, 2).status, 204);
  EXPECT_EQ(bonuses_of(*server, c), 1700);
}

TEST_F(OrderBonusesTest, SpentBonusesAndEarnedBonusesAreSeparate) {
  auto c = make_actor(*server, "Customer");
  set_bonuses(*server, c, 1000);
  auto p = product(20000, 200);
  auto id = order(c, {{p.id, 2, p.price_minor}}, 600);
  EXPECT_EQ(bonuses_of(*server, c), 400);
  deliver(id);
  EXPECT_EQ(bonuses_of(*server, c), 400 + 2 * 200);
}

TEST_F(OrderBonusesTest, CancelledOrdersEarnNothing) {
  auto c = make_actor(*server, "Customer");
  auto p = product(10000, 100);
  auto id = order(c, {{p.id, 1, p.price_minor}});
  auto cancel = server->post("/api/orders/" + id + "/cancel", json::object{}, c.token);
  ASSERT_EQ(cancel.status, 204) << cancel.body;
  EXPECT_EQ(set_status(id, 1).status, 409);
  EXPECT_EQ(set_status(id, 2).status, 409);
  EXPECT_EQ(bonuses_of(*server, c), 0);
}

TEST_F(OrderBonusesTest, ARefundedOrderEarnsNothingWhenItArrives) {
  auto c = make_actor(*server, "Customer");
  auto p = product(10000, 100);
  auto id = order(c, {{p.id, 1, p.price_minor}});
  ASSERT_EQ(set_status(id, 1).status, 204);
  // A card order refunded while on its way (what the payment module leaves behind).
  probe().mark_card_refunded(id);
  ASSERT_EQ(set_status(id, 2).status, 204);
  EXPECT_EQ(bonuses_of(*server, c), 0);
}

TEST_F(OrderBonusesTest, UnitsRefundedBeforeDeliveryEarnNothing) {
  auto c = make_actor(*server, "Customer");
  auto p = product(10000, 100);
  auto id = order(c, {{p.id, 3, p.price_minor}});
  ASSERT_EQ(set_status(id, 1).status, 204);
  // One of three units refunded while the order is on its way; the payment stays Paid.
  probe().set_refunded_quantity(id, 1);
  ASSERT_EQ(set_status(id, 2).status, 204);
  EXPECT_EQ(bonuses_of(*server, c), 2 * 100);
}

TEST_F(OrderBonusesTest, RacingDeliveriesEarnOnce) {
  auto c = make_actor(*server, "Customer");
  auto p = product(30000, 300);
  auto id = order(c, {{p.id, 2, p.price_minor}});
  ASSERT_EQ(set_status(id, 1).status, 204);
  std::vector<int> statuses(4);
  std::vector<std::thread> threads;
  for (auto& st : statuses) threads.emplace_back([&] { st = set_status(id, 2).status; });
  for (auto& t : threads) t.join();
  for (int st : statuses) EXPECT_TRUE(st == 204 || st == 409) << st;
  EXPECT_EQ(bonuses_of(*server, c), 600);
}

}  // namespace
}  // namespace wolfix::test
