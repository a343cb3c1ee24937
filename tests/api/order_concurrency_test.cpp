// Idempotency-Key on POST /api/orders, and many buyers racing for the last units.
#include <atomic>
#include <set>
#include <thread>

#include "common/crypto.hpp"
#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class OrderIdempotencyTest : public ShopSuite<OrderIdempotencyTest, true> {};

TEST_F(OrderIdempotencyTest, SameKeySameBodyReplaysTheFirstAnswer) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto body = buy_body(c, p, 2);
  auto first = place(*server, c, body, "checkout-1");
  ASSERT_EQ(first.status, 204) << first.body;
  auto second = place(*server, c, body, "checkout-1");
  ASSERT_EQ(second.status, 204) << second.body;
  EXPECT_EQ(second.headers["x-order-id"], first.headers["x-order-id"]);
  EXPECT_EQ(second.headers["location"], first.headers["location"]);
  EXPECT_EQ(second.headers["idempotent-replayed"], "true");
  EXPECT_EQ(first.headers.count("idempotent-replayed"), 0u);
  EXPECT_EQ(orders_count(*server, c), 1);
  EXPECT_EQ(product_stock(*server, p.id), 3);

  // Without a key, the same body is a new order.
  EXPECT_EQ(place(*server, c, body).status, 204);
  EXPECT_EQ(orders_count(*server, c), 2);
}

TEST_F(OrderIdempotencyTest, SameKeyDifferentBodyIs422) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  ASSERT_EQ(place(*server, c, buy_body(c, p, 1), "k-422").status, 204);
  auto r = place(*server, c, buy_body(c, p, 2), "k-422");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "idempotency_key_reused");
  EXPECT_EQ(orders_count(*server, c), 1);
  EXPECT_EQ(product_stock(*server, p.id), 4);
}

// The same JSON written another way: keys in reverse order at every level, spaced out.
std::string rewritten(const json::value& v) {
  if (v.is_object()) {
    std::vector<std::string> members;
    for (const auto& kv : v.as_object())
      members.insert(members.begin(),
                     json::serialize(json::string(kv.key())) + " :\n  " + rewritten(kv.value()));
    std::string out = "{ ";
    for (std::size_t i = 0; i < members.size(); ++i) out += (i ? ",\n  " : "") + members[i];
    return out + " }";
  }
  if (v.is_array()) {
    std::string out = "[ ";
    for (std::size_t i = 0; i < v.as_array().size(); ++i)
      out += (i ? " , " : "") + rewritten(v.as_array()[i]);
    return out + " ]";
  }
  return json::serialize(v);
}

TEST_F(OrderIdempotencyTest, TheSameJsonWrittenDifferentlyIsAReplay) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto body = buy_body(c, p, 2);
  auto first = place(*server, c, body, "canonical");
  ASSERT_EQ(first.status, 204) << first.body;
  auto text = rewritten(body);
  ASSERT_NE(text, json::serialize(body));
  auto again =
      server->request("POST", "/api/orders", text, c.token, {{"Idempotency-Key", "canonical"}});
  ASSERT_EQ(again.status, 204) << again.body;
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(again.headers["x-order-id"], first.headers["x-order-id"]);
  EXPECT_EQ(orders_count(*server, c), 1);
  EXPECT_EQ(product_stock(*server, p.id), 3);
  // One value changed, however it is written: 422.
  auto changed = buy_body(c, p, 3);
  auto r = server->request("POST", "/api/orders", rewritten(changed), c.token,
                           {{"Idempotency-Key", "canonical"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "idempotency_key_reused");
  EXPECT_EQ(product_stock(*server, p.id), 3);
}

// Keys stored by builds that hashed the raw body still replay the same bytes after an upgrade.
TEST_F(OrderIdempotencyTest, ARawBodyFingerprintFromAnEarlierBuildStillReplays) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto body = buy_body(c, p, 1);
  auto text = json::serialize(body);
  auto first = place(*server, c, body, "from-before");
  ASSERT_EQ(first.status, 204) << first.body;
  probe().set_idempotency_fingerprint("from-before", to_hex(sha256("POST /api/orders\n" + text)));
  auto again = place(*server, c, body, "from-before");
  ASSERT_EQ(again.status, 204) << again.body;
  EXPECT_EQ(again.headers["x-order-id"], first.headers["x-order-id"]);
  EXPECT_EQ(place(*server, c, buy_body(c, p, 2), "from-before").status, 422);
  EXPECT_EQ(orders_count(*server, c), 1);
}

// The key is stored with the order at the end of its transaction: a replay is still answered
// from it when the order could not be placed again now (its product sold out by it).
TEST_F(OrderIdempotencyTest, AReplayIsAnsweredAfterTheOrderSoldTheProductOut) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 2);
  auto body = buy_body(c, p, 2);
  auto first = place(*server, c, body, "last-units");
  ASSERT_EQ(first.status, 204) << first.body;
  ASSERT_EQ(product_stock(*server, p.id), 0);
  auto again = place(*server, c, body, "last-units");
  ASSERT_EQ(again.status, 204) << again.body;
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(again.headers["x-order-id"], first.headers["x-order-id"]);
  EXPECT_EQ(again.headers["x-order-number"], first.headers["x-order-number"]);
  // Reused with another request that could not be placed either: the reuse is what is wrong.
  auto reused = place(*server, c, buy_body(c, p, 1), "last-units");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.code(), "idempotency_key_reused");
  EXPECT_EQ(orders_count(*server, c), 1);
  EXPECT_EQ(product_stock(*server, p.id), 0);
}

TEST_F(OrderIdempotencyTest, KeysBelongToTheCaller) {
  auto a = make_actor(*server, "Customer");
  auto b = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 5);
  auto ra = place(*server, a, buy_body(a, p), "shared-key");
  auto rb = place(*server, b, buy_body(b, p), "shared-key");
  ASSERT_EQ(ra.status, 204);
  ASSERT_EQ(rb.status, 204) << rb.body;
  EXPECT_NE(ra.headers["x-order-id"], rb.headers["x-order-id"]);
  EXPECT_EQ(product_stock(*server, p.id), 3);
}

TEST_F(OrderIdempotencyTest, AFailedRequestIsNotRemembered) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 1);
  auto body = buy_body(c, p, 2);
  auto short_of_stock = place(*server, c, body, "retry-me");
  EXPECT_EQ(short_of_stock.status, 409);
  set_product_stock(*server, p.id, 2);
  auto retry = place(*server, c, body, "retry-me");
  EXPECT_EQ(retry.status, 204) << retry.body;
  EXPECT_EQ(product_stock(*server, p.id), 0);
}

TEST_F(OrderIdempotencyTest, KeysLiveADay) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 10);
  auto first = place(*server, c, buy_body(c, p, 1), "daily");
  ASSERT_EQ(first.status, 204);
  server->clock().advance_ms(23LL * 3600 * 1000);
  auto later = place(*server, c, buy_body(c, p, 1), "daily");
  EXPECT_EQ(later.status, 204);
  EXPECT_EQ(later.headers["x-order-id"], first.headers["x-order-id"]);
  server->clock().advance_ms(2LL * 3600 * 1000);
  c.token = token_for(*server, c, "Customer", c.profile_id);  // the first one has expired
  auto next_day = place(*server, c, buy_body(c, p, 3), "daily");
  EXPECT_EQ(next_day.status, 204) << next_day.body;
  EXPECT_NE(next_day.headers["x-order-id"], first.headers["x-order-id"]);
  EXPECT_EQ(product_stock(*server, p.id), 6);
}

TEST_F(OrderIdempotencyTest, BadKeysAre400) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 10);
  EXPECT_EQ(place(*server, c, buy_body(c, p), std::string(256, 'k')).status, 400);
  EXPECT_EQ(place(*server, c, buy_body(c, p), "tab\there").status, 400);
  EXPECT_EQ(orders_count(*server, c), 0);
}

TEST_F(OrderIdempotencyTest, ConcurrentRequestsWithOneKeyMakeOneOrder) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 50);
  auto body = buy_body(c, p, 1);
  constexpr int kThreads = 12;
  std::vector<Reply> replies(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] { replies[i] = place(*server, c, body, "double-click"); });
  for (auto& t : threads) t.join();
  std::string id = replies[0].headers["x-order-id"];
  for (const auto& r : replies) {
    EXPECT_EQ(r.status, 204) << r.body;
    EXPECT_EQ(r.headers.at("x-order-id"), id);
  }
  EXPECT_EQ(orders_count(*server, c), 1);
  EXPECT_EQ(product_stock(*server, p.id), 49);
}

// The same, once the node remembers the product and the route (on PostgreSQL the orders then go
// in one round trip, the key's insert in it): one order, every request answered with it.
TEST_F(OrderIdempotencyTest, ConcurrentRequestsWithOneKeyOnRememberedFactsMakeOneOrder) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 50);
  auto body = buy_body(c, p, 1);
  ASSERT_EQ(place(*server, c, body, "first").status, 204);  // remembers product and route
  constexpr int kThreads = 12;
  std::vector<Reply> replies(kThreads);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = place(*server, c, body, "double-click-remembered");
    });
  go = true;
  for (auto& t : threads) t.join();
  std::string id = replies[0].headers["x-order-id"];
  for (const auto& r : replies) {
    EXPECT_EQ(r.status, 204) << r.body;
    EXPECT_EQ(r.headers.at("x-order-id"), id);
  }
  EXPECT_EQ(orders_count(*server, c), 2);
  EXPECT_EQ(product_stock(*server, p.id), 48);
}

class OrderConcurrencyTest : public OrderIdempotencyTest {};

TEST_F(OrderConcurrencyTest, ManyBuyersForTheLastUnitsNeverOversell) {
  constexpr int kBuyers = 24;
  constexpr int kStock = 7;
  auto p = make_product(*server, *seller, 1500, kStock);
  std::vector<Actor> buyers;
  for (int i = 0; i < kBuyers; ++i) buyers.push_back(make_actor(*server, "Customer"));
  std::vector<Reply> replies(kBuyers);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kBuyers; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      // Buyers want 1 or 2 units.
      replies[i] = place(*server, buyers[i], buy_body(buyers[i], p, 1 + i % 2));
    });
  go = true;
  for (auto& t : threads) t.join();

  int64_t sold = 0;
  for (int i = 0; i < kBuyers; ++i) {
    if (replies[i].status == 204)
      sold += 1 + i % 2;
    else {
      EXPECT_EQ(replies[i].status, 409) << replies[i].body;
      EXPECT_EQ(replies[i].code(), "out_of_stock");
    }
  }
  int left = product_stock(*server, p.id);
  EXPECT_GE(left, 0);
  EXPECT_LE(left, 1) << "a single unit can be left only when every later buyer wanted two";
  EXPECT_EQ(sold + left, kStock);
  auto in_orders = probe().units_ordered(p.id);
  EXPECT_EQ(in_orders, sold);
}

TEST_F(OrderConcurrencyTest, TwoProductsInOppositeOrderDoNotDeadlockOrOversell) {
  auto a = make_product(*server, *seller, 1000, 6);
  auto b = make_product(*server, *seller, 2000, 6);
  constexpr int kBuyers = 12;
  std::vector<Actor> buyers;
  for (int i = 0; i < kBuyers; ++i) buyers.push_back(make_actor(*server, "Customer"));
  std::vector<Reply> replies(kBuyers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kBuyers; ++i)
    threads.emplace_back([&, i] {
      auto lines = i % 2 ? std::vector<Line>{{a.id, 1, 1000}, {b.id, 1, 2000}}
                         : std::vector<Line>{{b.id, 1, 2000}, {a.id, 1, 1000}};
      replies[i] = place(*server, buyers[i], order_body(buyers[i], lines));
    });
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const auto& r : replies) {
    if (r.status == 204)
      ++ok;
    else
      EXPECT_EQ(r.status, 409) << r.body;
  }
  EXPECT_EQ(ok, 6);
  EXPECT_EQ(product_stock(*server, a.id), 0);
  EXPECT_EQ(product_stock(*server, b.id), 0);
}

TEST_F(OrderConcurrencyTest, OneBonusBalanceCannotBeSpentTwice) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller, 1000, 100);
  set_bonuses(*server, c, 500);
  constexpr int kThreads = 8;
  std::vector<Reply> replies(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      replies[i] = place(*server, c, order_body(c, {{p.id, 1, 1000}}, 400));
    });
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const auto& r : replies) {
    if (r.status == 204)
      ++ok;
    else
      EXPECT_EQ(r.code(), "not_enough_bonuses") << r.body;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(bonuses_of(*server, c), 100);
  EXPECT_EQ(product_stock(*server, p.id), 99);
}

// Bursts of cash orders on remembered facts, each with its own Idempotency-Key and replayed at
// once: on PostgreSQL these commit in groups (one transaction for the orders that arrive while
// another group is on its way). Every order is placed once, answered with its own id and number,
// and the stock and the order lines add up.
TEST_F(OrderConcurrencyTest, ConcurrentOrdersOnRememberedFactsArePlacedOnceEach) {
  auto p = make_product(*server, *seller, 1000, 1000);
  constexpr int kBuyers = 4, kThreads = 16, kEach = 5;
  std::vector<Actor> buyers;
  for (int i = 0; i < kBuyers; ++i) buyers.push_back(make_actor(*server, "Customer"));
  ASSERT_EQ(place(*server, buyers[0], buy_body(buyers[0], p)).status, 204);  // remembered
  std::vector<std::vector<std::string>> ids(kThreads), numbers(kThreads);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int w = 0; w < kThreads; ++w)
    threads.emplace_back([&, w] {
      while (!go) std::this_thread::yield();
      const Actor& c = buyers[w % kBuyers];
      for (int i = 0; i < kEach; ++i) {
        std::string key = "burst-" + std::to_string(w) + "-" + std::to_string(i);
        auto r = place(*server, c, buy_body(c, p, 1 + i % 2), key);
        auto again = place(*server, c, buy_body(c, p, 1 + i % 2), key);
        if (r.status != 204 || again.status != 204 ||
            again.headers["x-order-id"] != r.headers["x-order-id"] ||
            again.headers["x-order-number"] != r.headers["x-order-number"]) {
          ++wrong;
          continue;
        }
        ids[w].push_back(r.headers["x-order-id"]);
        numbers[w].push_back(r.headers["x-order-number"]);
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  std::set<std::string> all_ids, all_numbers;
  for (int w = 0; w < kThreads; ++w) {
    all_ids.insert(ids[w].begin(), ids[w].end());
    all_numbers.insert(numbers[w].begin(), numbers[w].end());
  }
  EXPECT_EQ(all_ids.size(), std::size_t{kThreads * kEach}) << "each order its own id";
  EXPECT_EQ(all_numbers.size(), std::size_t{kThreads * kEach}) << "and its own number";
  int64_t units = 1;
  for (int w = 0; w < kThreads; ++w)
    for (int i = 0; i < kEach; ++i) units += 1 + i % 2;
  EXPECT_EQ(product_stock(*server, p.id), 1000 - units);
  EXPECT_EQ(probe().units_ordered(p.id), units);
  int64_t orders = 0;
  for (const auto& c : buyers) orders += orders_count(*server, c);
  EXPECT_EQ(orders, kThreads * kEach + 1);
  EXPECT_EQ(probe().order_children_without_order(), 0);
}

// A burst in which some orders cannot be placed as the node remembers them: a product whose
// stock ran low behind the node's back (some buyers get the last units, the rest out_of_stock)
// and one whose price changed (price_changed). On PostgreSQL a failing order fails the group it
// was in, whose members are then judged one by one: the others are placed once, the failing ones
// answered as alone, and nothing of a failed group remains.
TEST_F(OrderConcurrencyTest, ABurstWithFailingOrdersGivesEachItsOwnAnswer) {
  auto plenty = make_product(*server, *seller, 1000, 500);
  auto scarce = make_product(*server, *seller, 2000, 500);
  auto repriced = make_product(*server, *seller, 3000, 500);
  auto first = make_actor(*server, "Customer");
  for (const auto* p : {&plenty, &scarce, &repriced})  // the node remembers all three
    ASSERT_EQ(place(*server, first, buy_body(first, *p)).status, 204);
  constexpr int kScarce = 5;
  probe().set_stock(scarce.id, kScarce);
  probe().set_price(repriced.id, 3500);

  constexpr int kBuyers = 24;
  std::vector<Actor> buyers;
  for (int i = 0; i < kBuyers; ++i) buyers.push_back(make_actor(*server, "Customer"));
  std::vector<Reply> replies(kBuyers), replays(kBuyers);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kBuyers; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      const TestProduct& p = i % 3 == 0 ? plenty : i % 3 == 1 ? scarce : repriced;
      auto body = buy_body(buyers[i], p);  // at the price the client saw
      std::string key = "mixed-" + std::to_string(i);
      replies[i] = place(*server, buyers[i], body, key);
      replays[i] = place(*server, buyers[i], body, key);
    });
  go = true;
  for (auto& t : threads) t.join();

  int scarce_sold = 0;
  for (int i = 0; i < kBuyers; ++i) {
    const auto& r = replies[i];
    if (i % 3 == 0) {
      EXPECT_EQ(r.status, 204) << r.body;
    } else if (i % 3 == 1) {
      if (r.status == 204)
        ++scarce_sold;
      else
        EXPECT_EQ(r.code(), "out_of_stock") << r.body;
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
      EXPECT_EQ(r.code(), "price_changed");
    }
    EXPECT_EQ(replays[i].status, r.status) << "a replay answers as the first: " << replays[i].body;
    if (r.status == 204) EXPECT_EQ(replays[i].headers["x-order-id"], r.headers.at("x-order-id"));
    EXPECT_EQ(orders_count(*server, buyers[i]), r.status == 204 ? 1 : 0);
  }
  EXPECT_EQ(scarce_sold, kScarce) << "8 buyers wanted one of the 5 left";
  EXPECT_EQ(product_stock(*server, plenty.id), 500 - 1 - 8);
  EXPECT_EQ(product_stock(*server, scarce.id), 0);
  EXPECT_EQ(product_stock(*server, repriced.id), 500 - 1);
  EXPECT_EQ(probe().units_ordered(plenty.id), 1 + 8);
  EXPECT_EQ(probe().units_ordered(scarce.id), 1 + kScarce);
  EXPECT_EQ(probe().units_ordered(repriced.id), 1);
  EXPECT_EQ(probe().order_children_without_order(), 0);
}

}  // namespace
}  // namespace wolfix::test
