// The races of payments-research.md §5.3 (1, 2 and 9), run over HTTP against the real server:
// for each of N card orders the shopper's PATCH /api/orders/{id}/paid and the provider's
// payment_intent.succeeded webhook (for every other order also a second delivery of the same
// event, for the others a second PATCH: the double click) are released at the same instant; and
// concurrent refunds, and a refund against a lost dispute. Whichever request wins, an order must be
// paid exactly once: one Paid transition, one "paid" ledger entry, one notification, stock taken
// once at checkout, every answer a success.
//
// N comes from WOLFIX_RACE_N (default 1000; the refund races use N/20 and N/50 orders). The
// work is spread over a pool of client threads: on the shared two-core machine a Debug build
// took 14-27 s per database at load 5-8, and up to 56 s with both databases' runs and other
// builds at once (load 10-13). A slower machine can lower WOLFIX_RACE_N; nothing else depends
// on it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <latch>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "catalog_fixtures.hpp"
#include "order_fixtures.hpp"
#include "payment/webhook_signature.hpp"
#include "payments_support.hpp"

namespace wolfix::test {
namespace {

int race_n() {
  const char* n = std::getenv("WOLFIX_RACE_N");
  if (!n || !*n) return 1000;
  return std::max(1, std::atoi(n));
}

// Runs fn(0..count-1) on `threads` client threads, each index exactly once.
void parallel_for(int count, int threads, const std::function<void(int)>& fn) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = next++; i < count; i = next++) fn(i);
    });
  for (auto& t : pool) t.join();
}

// Runs groups of requests so that the requests of one group are sent at the same instant: the
// tasks are handed out in order, so a group's requests go to different client threads, which
// wait for each other at the group's latch and then all send at once. At most one group is
// ever partly handed out, so with at least as many threads as a group has requests nobody
// waits forever. Which request of a group is handed out first is shuffled, with a fixed seed.
void race(std::vector<std::vector<std::function<void()>>> groups, int threads) {
  struct Task {
    std::function<void()> send;
    std::shared_ptr<std::latch> start;
  };
  std::vector<Task> tasks;
  std::mt19937 rng(20261125);
  for (auto& group : groups) {
    if (static_cast<int>(group.size()) > threads) throw std::logic_error("race: group too large");
    std::shuffle(group.begin(), group.end(), rng);
    auto start = std::make_shared<std::latch>(static_cast<std::ptrdiff_t>(group.size()));
    for (auto& send : group) tasks.push_back({std::move(send), start});
  }
  parallel_for(static_cast<int>(tasks.size()), threads, [&](int t) {
    tasks[t].start->arrive_and_wait();
    tasks[t].send();
  });
}

constexpr int kClientThreads = 8;
constexpr int kPrice = 12345;
constexpr int kStock = 5;

// The sandbox's own deliveries are off: the test delivers each event itself, at the moment it
// chooses.
class CardRaceTest : public PaymentsSuite<CardRaceTest> {
 protected:
  struct Paid {
    std::string order_id, intent_id, product_id;
  };

  // `count` card orders of one unit each, every one of its own product, confirmed at the
  // provider with a good card but not yet known to Wolfix as paid.
  std::vector<Paid> confirmed_orders(int count, const Actor& customer, const Actor& seller) {
    ProductSpec spec;
    spec.price_minor = kPrice;
    spec.stock = kStock;
    spec.category_id = make_category(*server, "Race").id;
    auto products = make_products(*server, seller, spec, count);
    std::vector<Paid> out(count);
    std::vector<std::string> failures(count);
    parallel_for(count, kClientThreads, [&](int i) {
      auto r =
          server->request("POST", "/api/orders/with-payment",
                          boost::json::serialize(buy_body(customer, products[i])), customer.token);
      if (r.status != 200) {
        failures[i] = "checkout " + std::to_string(r.status) + ": " + r.body;
        return;
      }
      auto v = r.json();
      std::string secret = str(v.at("clientSecret"));
      Paid p{str(v.at("orderId")), secret.substr(0, secret.find("_secret_")), products[i].id};
      auto c = sandbox_post(*server, "/v1/payment_intents/" + p.intent_id + "/confirm",
                            {{"client_secret", secret}, {"payment_method", "pm_card_visa"}},
                            server->config().sandbox_publishable_key);
      if (c.status != 200) failures[i] = "confirm " + std::to_string(c.status) + ": " + c.body;
      out[i] = p;
    });
    for (const auto& f : failures) EXPECT_EQ(f, "");
    return out;
  }

  // The same, then paid through PATCH /paid.
  std::vector<Paid> paid_orders(int count, const Actor& customer, const Actor& seller) {
    auto orders = confirmed_orders(count, customer, seller);
    std::vector<int> status(count);
    parallel_for(count, kClientThreads, [&](int i) {
      status[i] =
          server
              ->request("PATCH", "/api/orders/" + orders[i].order_id + "/paid", "", customer.token)
              .status;
    });
    for (int s : status) EXPECT_EQ(s, 204);
    return orders;
  }

  // A dashboard action at the sandbox, with the secret key; returns the answer's JSON.
  boost::json::value dashboard(const std::string& path, const FormPairs& form = {}) {
    auto r = sandbox_post(*server, path, form, server->config().sandbox_secret_key);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.json() : boost::json::value();
  }

  // The sandbox's events of `type`, as sent to a webhook endpoint, by the `key` field of their
  // object (its id, or the intent it belongs to); read a hundred at a time through the Stripe
  // events list.
  std::map<std::string, std::string> events_by(const std::string& type,
                                               const std::string& key = "id") {
    std::map<std::string, std::string> out;
    std::string after;
    for (;;) {
      auto r = sandbox_get(
          *server,
          "/v1/events?limit=100&type=" + type + (after.empty() ? "" : "&starting_after=" + after),
          server->config().sandbox_secret_key);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) return out;
      auto page = r.json();
      for (const auto& e : page.at("data").as_array()) {
        const auto& event = e.as_object();
        after = str(event.at("id"));
        out.emplace(str(event.at("data").at("object").at(key)), boost::json::serialize(e));
      }
      if (!page.at("has_more").as_bool()) return out;
    }
  }

  Reply deliver(const std::string& body) { return deliver_webhook(*server, body); }

  // Per order, everything that must have happened exactly once, read in one query.
  std::map<std::string, Probe::PaidOutcome> outcomes(const Actor& customer) {
    return probe().paid_outcomes(customer.profile_id);
  }
  // Per order, what refunds and disputes left behind.
  std::map<std::string, Probe::RefundOutcome> refund_outcomes(const Actor& customer) {
    return probe().refund_outcomes(customer.profile_id);
  }
};

TEST_F(CardRaceTest, ConfirmationAndWebhookRacingPayEachOrderExactlyOnce) {
  const int n = race_n();
  auto customer = make_actor(*server, "Customer");
  auto seller = make_actor(*server, "Seller");
  auto t0 = std::chrono::steady_clock::now();
  auto orders = confirmed_orders(n, customer, seller);
  if (HasFailure()) return;
  auto events = events_by("payment_intent.succeeded");
  auto t1 = std::chrono::steady_clock::now();

  std::vector<Reply> patch(n), hook(n), again(n), twice(n);
  std::vector<std::vector<std::function<void()>>> groups(n);
  for (int i = 0; i < n; ++i) {
    auto it = events.find(orders[i].intent_id);
    ASSERT_NE(it, events.end()) << "no payment_intent.succeeded event for " << orders[i].intent_id;
    const std::string body = it->second;
    const std::string path = "/api/orders/" + orders[i].order_id + "/paid";
    groups[i].push_back(
        [&, i, path] { patch[i] = server->request("PATCH", path, "", customer.token); });
    groups[i].push_back([&, i, body] { hook[i] = deliver(body); });
    if (i % 2 == 0) groups[i].push_back([&, i, body] { again[i] = deliver(body); });
    // The shopper's double click: the same PATCH twice at once, with the webhook.
    if (i % 2 != 0)
      groups[i].push_back(
          [&, i, path] { twice[i] = server->request("PATCH", path, "", customer.token); });
  }
  race(std::move(groups), kClientThreads);

  auto t2 = std::chrono::steady_clock::now();
  auto seen = outcomes(customer);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(n));
  int bad = 0;
  std::map<std::string, int> winners;
  std::map<std::string, int> webhook_outcomes;
  for (int i = 0; i < n; ++i) {
    const auto& o = seen[orders[i].order_id];
    auto answer = [](const Reply& r) {
      return r.status >= 200 && r.status < 300 ? std::string("ok") : std::to_string(r.status);
    };
    std::string hook_outcome =
        hook[i].status == 200 ? str(hook[i].json().at("outcome")) : std::to_string(hook[i].status);
    ++webhook_outcomes[hook_outcome];
    if (i % 2 == 0 && again[i].status == 200)
      ++webhook_outcomes[str(again[i].json().at("outcome"))];
    ++winners[o.paid_by];
    bool ok = patch[i].status == 204 && answer(hook[i]) == "ok" &&
              (i % 2 != 0 || answer(again[i]) == "ok") && (i % 2 == 0 || twice[i].status == 204) &&
              o.payment_status == 2 && o.paid_transitions == 1 && o.paid_entries == 1 &&
              o.webhook_entries == 1 && o.notifications == 1 && o.received == kPrice &&
              o.refunded == 0 && o.stock == kStock - 1 && o.payment_rows == 1 &&
              o.webhook_rows == 1;
    if (!ok && ++bad <= 5)
      ADD_FAILURE() << "order " << orders[i].order_id << ": PATCH " << patch[i].status << " "
                    << patch[i].body << "; webhook " << hook[i].status << " " << hook[i].body
                    << "; redelivery " << again[i].status << " " << again[i].body
                    << "; second PATCH " << twice[i].status << " " << twice[i].body
                    << "; payment status " << o.payment_status << ", Paid transitions "
                    << o.paid_transitions << ", paid entries " << o.paid_entries
                    << ", webhook entries " << o.webhook_entries << ", notifications "
                    << o.notifications << ", received " << o.received << ", refunded " << o.refunded
                    << ", stock " << o.stock << ", payment rows " << o.payment_rows
                    << ", webhook rows " << o.webhook_rows;
  }
  EXPECT_EQ(bad, 0) << "of " << n << " orders";
  // Who won tells whether the race really was run both ways; it is reported, not asserted.
  std::string summary;
  for (const auto& [k, v] : winners)
    summary += " " + (k.empty() ? "nobody" : k) + "=" + std::to_string(v);
  summary += "; webhook outcomes:";
  for (const auto& [k, v] : webhook_outcomes) summary += " " + k + "=" + std::to_string(v);
  RecordProperty("paid_by", summary);
  auto ms = [](auto a, auto b) {
    return static_cast<long long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count());
  };
  std::printf("[ race     ] N=%d: %lld ms to check out and confirm, %lld ms of races; paid by:%s\n",
              n, ms(t0, t1), ms(t1, t2), summary.c_str());
}

}  // namespace
}  // namespace wolfix::test

namespace wolfix::test {
namespace {

// Two full refunds of the same order at once, one by the admin and one by the seller of its
// items: one refunds everything, the other is told there is nothing left; the money goes back
// once, the stock comes back once, the customer is told once.
TEST_F(CardRaceTest, ConcurrentFullRefundsRefundOnceAndRestockOnce) {
  const int n = std::max(1, race_n() / 20);
  auto customer = make_actor(*server, "Customer");
  auto seller = make_actor(*server, "Seller");
  auto admin = make_actor(*server, "Admin");
  auto orders = paid_orders(n, customer, seller);
  if (HasFailure()) return;
  std::vector<Reply> by_admin(n), by_seller(n);
  std::vector<std::vector<std::function<void()>>> groups(n);
  for (int i = 0; i < n; ++i) {
    const std::string path = "/api/orders/" + orders[i].order_id + "/refunds";
    groups[i].push_back(
        [&, i, path] { by_admin[i] = server->request("POST", path, "{}", admin.token); });
    groups[i].push_back(
        [&, i, path] { by_seller[i] = server->request("POST", path, "{}", seller.token); });
  }
  race(std::move(groups), kClientThreads);

  auto seen = refund_outcomes(customer);
  const std::set<std::string> nothing_left{"nothing_to_refund", "not_refundable",
                                           "amount_too_large"};
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    const auto& o = seen[orders[i].order_id];
    const Reply& winner = by_admin[i].status == 201 ? by_admin[i] : by_seller[i];
    const Reply& loser = by_admin[i].status == 201 ? by_seller[i] : by_admin[i];
    bool ok = winner.status == 201 && loser.status == 409 && nothing_left.count(loser.code()) &&
              o.payment_status == 4 && o.refunded_transitions == 1 && o.succeeded_refunds == 1 &&
              o.open_refunds == 0 && o.refunded_entries == 1 && o.refunded_minor == kPrice &&
              o.stock == kStock && o.refund_notifications == 1;
    if (!ok && ++bad <= 5)
      ADD_FAILURE() << "order " << orders[i].order_id << ": admin " << by_admin[i].status << " "
                    << by_admin[i].body << "; seller " << by_seller[i].status << " "
                    << by_seller[i].body << "; payment status " << o.payment_status
                    << ", Refunded transitions " << o.refunded_transitions << ", succeeded refunds "
                    << o.succeeded_refunds << ", open refunds " << o.open_refunds
                    << ", refunded entries " << o.refunded_entries << ", refunded "
                    << o.refunded_minor << ", stock " << o.stock << ", notifications "
                    << o.refund_notifications;
  }
  EXPECT_EQ(bad, 0) << "of " << n << " orders";
}

// The shopper disputed the charge and lost it at the provider; an admin's refund and the
// charge.dispute.closed (lost) webhook then arrive together. The money went back through the
// dispute, so no refund of Wolfix's own may succeed or stay open, the order ends Refunded
// exactly once, and the stock is untouched (the goods are with the customer). Above all the
// books must not depend on who won: every racing order must end with the same refunded amount
// and the same ledger entries as a control order whose webhook came alone. The refund is told
// that there is nothing (left) to refund (409) or, when it reached the provider first, what
// the provider said (502 charge_disputed).
TEST_F(CardRaceTest, RefundRacingALostDisputeEndsTheSameWhoeverWins) {
  const int n = std::max(1, race_n() / 50);
  auto customer = make_actor(*server, "Customer");
  auto seller = make_actor(*server, "Seller");
  auto admin = make_actor(*server, "Admin");
  auto orders = paid_orders(n + 1, customer, seller);  // the last one is the control
  if (HasFailure()) return;
  std::vector<std::string> disputes(n + 1);
  parallel_for(n + 1, kClientThreads, [&](int i) {
    auto d = dashboard("/dashboard/payment_intents/" + orders[i].intent_id + "/dispute");
    if (d.is_object()) disputes[i] = str(d.at("id"));
  });
  auto opened = events_by("charge.dispute.created", "payment_intent");
  std::vector<int> opened_status(n + 1);
  parallel_for(n + 1, kClientThreads, [&](int i) {
    opened_status[i] = deliver(opened[orders[i].intent_id]).status;
    dashboard("/dashboard/disputes/" + disputes[i] + "/close", {{"outcome", "lost"}});
  });
  for (int s : opened_status) EXPECT_EQ(s, 200);
  auto closed = events_by("charge.dispute.closed", "payment_intent");
  if (HasFailure()) return;

  const Paid control = orders.back();
  orders.pop_back();
  auto alone = deliver(closed[control.intent_id]);
  EXPECT_EQ(alone.status, 200) << alone.body;
  auto after =
      server->request("POST", "/api/orders/" + control.order_id + "/refunds", "{}", admin.token);
  EXPECT_EQ(after.status, 409) << after.body;

  std::vector<Reply> refund(n), hook(n);
  std::vector<std::vector<std::function<void()>>> groups(n);
  for (int i = 0; i < n; ++i) {
    const std::string path = "/api/orders/" + orders[i].order_id + "/refunds";
    const std::string body = closed[orders[i].intent_id];
    groups[i].push_back(
        [&, i, path] { refund[i] = server->request("POST", path, "{}", admin.token); });
    groups[i].push_back([&, i, body] { hook[i] = deliver(body); });
  }
  race(std::move(groups), kClientThreads);

  auto seen = refund_outcomes(customer);
  // Depending on how far the refund got before the webhook committed: the order is no longer
  // Paid, or nothing is left to refund, or the reservation no longer fits.
  const std::set<std::string> nothing_left{"not_refundable", "nothing_to_refund",
                                           "amount_too_large"};
  const auto& c = seen[control.order_id];
  EXPECT_EQ(c.payment_status, 4);
  EXPECT_EQ(c.refunded_transitions, 1);
  EXPECT_EQ(c.dispute_lost_entries, 1);
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    const auto& o = seen[orders[i].order_id];
    bool refund_refused = (refund[i].status == 409 && nothing_left.count(refund[i].code())) ||
                          (refund[i].status == 502 && refund[i].code() == "charge_disputed");
    bool ok = refund_refused && hook[i].status == 200 &&
              str(hook[i].json().at("outcome")) == "dispute_lost" && o.payment_status == 4 &&
              o.refunded_transitions == 1 && o.succeeded_refunds == 0 && o.open_refunds == 0 &&
              o.stock == kStock - 1 && o.dispute_lost_entries == 1 &&
              o.refunded_minor == c.refunded_minor && o.refunded_entries == c.refunded_entries;
    if (!ok && ++bad <= 5)
      ADD_FAILURE() << "order " << orders[i].order_id << ": refund " << refund[i].status << " "
                    << refund[i].body << "; webhook " << hook[i].status << " " << hook[i].body
                    << "; payment status " << o.payment_status << ", Refunded transitions "
                    << o.refunded_transitions << ", succeeded refunds " << o.succeeded_refunds
                    << ", open refunds " << o.open_refunds << ", refunded entries "
                    << o.refunded_entries << " (control " << c.refunded_entries << "), refunded "
                    << o.refunded_minor << " (control " << c.refunded_minor << "), stock "
                    << o.stock << ", dispute_lost entries " << o.dispute_lost_entries;
  }
  EXPECT_EQ(bad, 0) << "of " << n << " orders";
}

}  // namespace
}  // namespace wolfix::test
