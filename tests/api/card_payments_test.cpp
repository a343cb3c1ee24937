// The card flow end to end through the sandbox over HTTP: checkout, client-side confirmation,
// PATCH /paid verified with the provider, webhooks, declines and retries, refunds, expiry, and
// the provider being down.
#include <atomic>
#include <set>
#include <thread>

#include "app/app.hpp"
#include "catalog_fixtures.hpp"
#include "order_fixtures.hpp"
#include "payment/card_flow.hpp"
#include "payment/stripe_gateway.hpp"
#include "payment/webhook_signature.hpp"
#include "payments_support.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class CardPaymentsTest : public ServerSuite<CardPaymentsTest> {
 public:
  static void prepare(TestServer& s) { seed_delivery(s); }

 protected:
  void SetUp() override {
    customer = make_actor(*server, "Customer");
    seller = make_actor(*server, "Seller");
    admin = make_actor(*server, "Admin");
    product = make_product(*server, seller, 45998, 5);
  }

  struct Checkout {
    std::string order_id, secret, intent_id;
    Reply reply;
  };
  Checkout checkout(int quantity = 1, const std::string& key = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
    auto r = server->request("POST", "/api/orders/with-payment",
                             boost::json::serialize(buy_body(customer, product, quantity)),
                             customer.token, headers);
    Checkout c{"", "", "", r};
    if (r.status == 200) {
      auto v = r.json();
      c.order_id = str(v.at("orderId"));
      c.secret = str(v.at("clientSecret"));
      c.intent_id = c.secret.substr(0, c.secret.find("_secret_"));
    }
    return c;
  }
  // As Stripe.js does: the publishable key and the client secret.
  Reply confirm(const Checkout& c, const std::string& payment_method) {
    return sandbox_post(*server, "/v1/payment_intents/" + c.intent_id + "/confirm",
                        {{"client_secret", c.secret}, {"payment_method", payment_method}},
                        server->config().sandbox_publishable_key);
  }
  Reply mark_paid(const std::string& order_id, const std::string& token = "") {
    return server->request("PATCH", "/api/orders/" + order_id + "/paid", "",
                           token.empty() ? customer.token : token);
  }
  // The customer's own view of the order.
  int64_t payment_status(const std::string& order_id) {
    return api_order_status(*server, order_id, customer.token);
  }
  // The shelf, exactly (the product page may be served from the read cache).
  int64_t stock() { return probe().stock(product.id); }
  int64_t count_events(const std::string& order_id, const std::string& kind) {
    return api_payment_events(*server, order_id, kind, customer.token).size();
  }
  Reply refund(const std::string& order_id, const std::string& body, const std::string& token) {
    return server->request("POST", "/api/orders/" + order_id + "/refunds", body, token);
  }

  Actor customer, seller, admin;
  TestProduct product;
};

TEST_F(CardPaymentsTest, VisaPaysAndBothConfirmationPathsConverge) {
  auto c = checkout(2);
  ASSERT_EQ(c.reply.status, 200) << c.reply.body;
  EXPECT_EQ(minor(c.reply.json().at("totalAmount")), 2 * 45998);
  EXPECT_EQ(payment_status(c.order_id), 1);  // Pending
  EXPECT_EQ(stock(), 3);                     // reserved at checkout

  // Not confirmed yet: the provider says so, and the order stays Pending.
  auto early = mark_paid(c.order_id);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.code(), "payment_not_completed");

  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  auto paid = mark_paid(c.order_id);
  EXPECT_EQ(paid.status, 204) << paid.body;
  EXPECT_EQ(payment_status(c.order_id), 2);
  EXPECT_EQ(mark_paid(c.order_id).status, 204);  // twice is harmless
  // The webhook arrives too and changes nothing more.
  EXPECT_TRUE(eventually(
      [&] { return count_events(c.order_id, "webhook:payment_intent.succeeded") == 1; }));
  EXPECT_EQ(count_events(c.order_id, "paid"), 1);
  EXPECT_EQ(stock(), 3);

  auto history = server->get("/api/orders/" + c.order_id + "/payments", customer.token);
  EXPECT_EQ(history.status, 200);
  EXPECT_EQ(history.json().at("paymentStatus"), 2);
}

// What a card flow costs between the node and its provider (issue 12): the node's calls to its
// own sandbox are in-process exchanges (no connection at all), and the sandbox delivers to this
// node only the events its webhook acts on (payment_intent.created is recorded and listed,
// never sent).
TEST_F(CardPaymentsTest, CardFlowsCallTheirOwnSandboxInProcessAndGetOnlyTheWebhooksTheyUse) {
  auto& gw = dynamic_cast<payment::StripeGateway&>(server->app().payment_gateway());
  auto opened = gw.connections_opened();
  auto local = gw.in_process_calls();
  std::vector<Checkout> flows;
  for (int i = 0; i < 4; ++i) {
    auto c = checkout();
    ASSERT_EQ(c.reply.status, 200) << c.reply.body;
    ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
    ASSERT_EQ(mark_paid(c.order_id).status, 204);
    flows.push_back(c);
  }
  for (const auto& c : flows) {
    EXPECT_TRUE(eventually(
        [&] { return count_events(c.order_id, "webhook:payment_intent.succeeded") == 1; }));
    EXPECT_TRUE(probe().delivery(c.intent_id, "payment_intent.succeeded"));
    EXPECT_FALSE(probe().delivery(c.intent_id, "payment_intent.created"));
    EXPECT_EQ(count_events(c.order_id, "webhook:payment_intent.created"), 0);
  }
  // Eight provider calls (create, retrieve per flow), none over a socket.
  EXPECT_GE(gw.in_process_calls() - local, 8u);
  EXPECT_EQ(gw.connections_opened(), opened);
}

TEST_F(CardPaymentsTest, DeclineThenRetryWithAnotherCardOnTheSameOrder) {
  auto c = checkout();
  ASSERT_EQ(c.reply.status, 200) << c.reply.body;
  EXPECT_EQ(confirm(c, "pm_card_chargeDeclinedInsufficientFunds").status, 402);
  auto declined = mark_paid(c.order_id);
  EXPECT_EQ(declined.status, 402);
  EXPECT_EQ(declined.code(), "card_declined");
  EXPECT_EQ(str(declined.json().at("declineCode")), "insufficient_funds");
  EXPECT_EQ(declined.message(), "Your card has insufficient funds.");
  EXPECT_EQ(payment_status(c.order_id), 3);  // Failed, still payable
  EXPECT_EQ(stock(), 4);                     // stays reserved

  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  EXPECT_EQ(mark_paid(c.order_id).status, 204);
  EXPECT_EQ(payment_status(c.order_id), 2);
}

TEST_F(CardPaymentsTest, ExpiredCardAndGenericDeclineCarryTheirCodes) {
  auto c = checkout();
  ASSERT_EQ(confirm(c, "pm_card_chargeDeclinedExpiredCard").status, 402);
  auto r = mark_paid(c.order_id);
  EXPECT_EQ(r.status, 402);
  EXPECT_EQ(r.code(), "expired_card");
  auto d = checkout();
  ASSERT_EQ(confirm(d, "pm_card_chargeDeclined").status, 402);
  auto r2 = mark_paid(d.order_id);
  EXPECT_EQ(r2.code(), "card_declined");
  EXPECT_EQ(str(r2.json().at("declineCode")), "generic_decline");
}

TEST_F(CardPaymentsTest, OnlyTheOwnerMayMarkPaid) {
  auto c = checkout();
  auto stranger = make_actor(*server, "Customer");
  EXPECT_EQ(mark_paid(c.order_id, stranger.token).status, 403);
  EXPECT_EQ(mark_paid(new_uuid_v7()).status, 404);
  EXPECT_EQ(mark_paid("not-a-guid").status, 400);
  EXPECT_EQ(mark_paid(c.order_id, seller.token).status, 403);
}

TEST_F(CardPaymentsTest, CashOrdersCannotBeMarkedPaidByCard) {
  auto r = place(*server, customer, buy_body(customer, product));
  ASSERT_EQ(r.status, 204) << r.body;
  auto id = r.headers["x-order-id"];
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(mark_paid(id).status, 409);
}

TEST_F(CardPaymentsTest, ClientPricesAreNeverTrusted) {
  auto body = buy_body(customer, product);
  body["order"].as_object()["price"] = money(100);
  body["orderItems"].as_array()[0].as_object()["price"] = money(100);
  auto r = server->request("POST", "/api/orders/with-payment", boost::json::serialize(body),
                           customer.token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "price_changed");
  EXPECT_EQ(stock(), 5);
}

TEST_F(CardPaymentsTest, IdempotentCheckoutMakesOneOrderAndOneIntent) {
  auto a = checkout(1, "double-click-" + customer.profile_id);
  auto b = checkout(1, "double-click-" + customer.profile_id);
  ASSERT_EQ(a.reply.status, 200);
  ASSERT_EQ(b.reply.status, 200);
  EXPECT_EQ(a.order_id, b.order_id);
  EXPECT_EQ(a.secret, b.secret);
  EXPECT_EQ(orders_count(*server, customer), 1);
  EXPECT_EQ(stock(), 4);
}

// On PostgreSQL a card checkout is placed in one round trip on what the node remembers of its
// product and delivery route (as a cash order is), checked by the database in that round trip;
// the intent is attached in another that expects the order to have none. Facts changed behind
// the node's back roll the first attempt back whole and the order is judged afresh: the same
// answers as ever, a replayed key answers its first order, and nothing of a failed attempt
// remains (no order, no stock taken, no intent).
TEST_F(CardPaymentsTest, CheckoutOnRememberedFactsThatChangedIsJudgedAfresh) {
  auto first = checkout(1, "remembered-first-" + customer.profile_id);  // remembers the facts
  ASSERT_EQ(first.reply.status, 200) << first.reply.body;
  ASSERT_EQ(stock(), 4);
  std::string intents_before = probe().sandbox_dump();

  probe().set_price(product.id, 50000);
  auto stale = order_body(customer, {{product.id, 1, 45998}});
  for (int attempt = 0; attempt < 2; ++attempt) {  // the same key again: judged the same
    auto r = server->request("POST", "/api/orders/with-payment", boost::json::serialize(stale),
                             customer.token, {{"Idempotency-Key", "remembered-price"}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.code(), "price_changed");
  }
  EXPECT_EQ(stock(), 4);
  EXPECT_EQ(orders_count(*server, customer), 1);
  EXPECT_EQ(probe().sandbox_dump(), intents_before);  // no intent was asked for

  probe().set_stock(product.id, 1);
  auto two = order_body(customer, {{product.id, 2, 50000}});
  auto short_of_stock =
      server->request("POST", "/api/orders/with-payment", boost::json::serialize(two),
                      customer.token, {{"Idempotency-Key", "remembered-stock"}});
  EXPECT_EQ(short_of_stock.status, 409) << short_of_stock.body;
  EXPECT_EQ(short_of_stock.code(), "out_of_stock");
  EXPECT_EQ(stock(), 1);
  EXPECT_EQ(orders_count(*server, customer), 1);

  // The last unit at the new price, its key replayed, then paid through the usual path.
  auto one = boost::json::serialize(order_body(customer, {{product.id, 1, 50000}}));
  auto last = server->request("POST", "/api/orders/with-payment", one, customer.token,
                              {{"Idempotency-Key", "remembered-last"}});
  ASSERT_EQ(last.status, 200) << last.body;
  auto replay = server->request("POST", "/api/orders/with-payment", one, customer.token,
                                {{"Idempotency-Key", "remembered-last"}});
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(str(replay.json().at("orderId")), str(last.json().at("orderId")));
  EXPECT_EQ(str(replay.json().at("clientSecret")), str(last.json().at("clientSecret")));
  EXPECT_EQ(minor(last.json().at("totalAmount")), 50000);
  EXPECT_EQ(stock(), 0);
  EXPECT_EQ(orders_count(*server, customer), 2);
  EXPECT_EQ(probe().units_ordered(product.id), 2);
  EXPECT_EQ(probe().order_children_without_order(), 0);

  Checkout c{str(last.json().at("orderId")), str(last.json().at("clientSecret")), "", last};
  c.intent_id = c.secret.substr(0, c.secret.find("_secret_"));
  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  EXPECT_EQ(mark_paid(c.order_id).status, 204);
  EXPECT_EQ(payment_status(c.order_id), 2);
  EXPECT_EQ(count_events(c.order_id, "paid"), 1);
  EXPECT_EQ(mark_paid(c.order_id).status, 204);  // a second call is harmless
  EXPECT_EQ(count_events(c.order_id, "paid"), 1);
}

// Card checkouts one after another on remembered facts: each its own order, number and intent,
// each paid once, and a replayed key answers its first checkout.
TEST_F(CardPaymentsTest, CheckoutsOnRememberedFactsHaveTheirOwnOrdersAndIntents) {
  probe().set_stock(product.id, 100);
  std::set<std::string> orders, secrets;
  for (int i = 0; i < 36; ++i) {  // more than a block of order numbers
    auto key = "remembered-" + std::to_string(i) + "-" + customer.profile_id;
    auto c = checkout(1, key);
    ASSERT_EQ(c.reply.status, 200) << c.reply.body;
    auto again = checkout(1, key);
    ASSERT_EQ(again.reply.status, 200) << again.reply.body;
    EXPECT_EQ(again.order_id, c.order_id);
    EXPECT_EQ(again.secret, c.secret);
    orders.insert(c.order_id);
    secrets.insert(c.secret);
    if (i % 6 == 0) {
      ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
      EXPECT_EQ(mark_paid(c.order_id).status, 204);
      EXPECT_EQ(payment_status(c.order_id), 2);
    }
  }
  EXPECT_EQ(orders.size(), 36u);
  EXPECT_EQ(secrets.size(), 36u);
  EXPECT_EQ(stock(), 64);
  EXPECT_EQ(orders_count(*server, customer), 36);  // numbers are unique (orders_number_key)
}

// A double click on remembered facts (on PostgreSQL the checkout's first transaction is one
// round trip with the key's insert in it): one order and one intent; every request is answered
// with them, or told the first is still in progress; the order is paid once.
TEST_F(CardPaymentsTest, ConcurrentCheckoutsWithOneKeyOnRememberedFactsMakeOneOrder) {
  probe().set_stock(product.id, 50);
  ASSERT_EQ(checkout(1, "remembered-warm-" + customer.profile_id).reply.status, 200);
  constexpr int kThreads = 12;
  std::string key = "double-click-card-" + customer.profile_id;
  std::vector<Checkout> replies(kThreads);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = checkout(1, key);
    });
  go = true;
  for (auto& t : threads) t.join();
  std::set<std::string> orders, secrets;
  for (const auto& r : replies) {
    if (r.reply.status == 200) {
      orders.insert(r.order_id);
      secrets.insert(r.secret);
    } else {
      EXPECT_EQ(r.reply.status, 409) << r.reply.body;
      EXPECT_EQ(r.reply.code(), "idempotency_key_in_progress");
    }
  }
  auto replay = checkout(1, key);
  ASSERT_EQ(replay.reply.status, 200) << replay.reply.body;
  orders.insert(replay.order_id);
  secrets.insert(replay.secret);
  EXPECT_EQ(orders.size(), 1u);
  EXPECT_EQ(secrets.size(), 1u);
  EXPECT_EQ(orders_count(*server, customer), 2);
  EXPECT_EQ(stock(), 48);
  ASSERT_EQ(confirm(replay, "pm_card_visa").status, 200);
  EXPECT_EQ(mark_paid(replay.order_id).status, 204);
  EXPECT_EQ(payment_status(replay.order_id), 2);
  EXPECT_EQ(count_events(replay.order_id, "paid"), 1);
  EXPECT_EQ(count_events(replay.order_id, "intent_created"), 1);
}

// The paid entry is the order's payment row too (issue 12: no payment_events insert when the
// payment is applied), paid by the client's PATCH /paid or by the webhook; so is the entry of a
// webhook that finds the order paid already (its dedup row). An order whose entries were stored
// by an older build answers exactly the same, once each.
TEST_F(CardPaymentsTest, PaidAndWebhookEntriesAreDerivedAndStoredOnesAreShownOnce) {
  for (bool by_webhook : {false, true}) {
    auto c = checkout(1);
    ASSERT_EQ(c.reply.status, 200) << c.reply.body;
    ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
    if (by_webhook)
      ASSERT_TRUE(eventually([&] { return payment_status(c.order_id) == 2; }));
    else
      ASSERT_EQ(mark_paid(c.order_id).status, 204);
    EXPECT_TRUE(eventually(
        [&] { return count_events(c.order_id, "webhook:payment_intent.succeeded") == 1; }));
    auto paid = api_payment_events(*server, c.order_id, "paid", customer.token);
    ASSERT_EQ(paid.size(), 1u);
    EXPECT_EQ(minor(paid[0].at("amount")), 45998);
    EXPECT_EQ(str(paid[0].at("providerRef")), c.intent_id);
    EXPECT_TRUE(!paid[0].contains("code") || paid[0].at("code").is_null());
    // The webhook may also come first when the client calls PATCH /paid.
    auto source = str(paid[0].at("source"));
    if (by_webhook)
      EXPECT_EQ(source, "webhook");
    else
      EXPECT_TRUE(source == "client" || source == "webhook") << source;
    EXPECT_EQ(probe().payment_events(c.order_id, "paid"), 0) << "not stored";
    auto derived = server->get("/api/orders/" + c.order_id + "/payments", customer.token);
    ASSERT_EQ(derived.status, 200) << derived.body;

    auto hook =
        api_payment_events(*server, c.order_id, "webhook:payment_intent.succeeded", customer.token);
    ASSERT_EQ(hook.size(), 1u);
    EXPECT_EQ(minor(hook[0].at("amount")), 45998);
    EXPECT_EQ(str(hook[0].at("code")), "succeeded");
    EXPECT_EQ(str(hook[0].at("providerRef")).rfind("evt_", 0), 0u);
    EXPECT_EQ(hook[0].at("source"), "webhook");
    // Whether the webhook found the order paid already (its entry is then its dedup row) or
    // applied the payment itself (stored as always) depends on which came first: either way once.
    probe().store_paid_as_before(c.order_id);
    probe().store_webhook_entries_as_before(c.order_id);
    EXPECT_EQ(probe().payment_events(c.order_id, "paid"), 1);
    EXPECT_EQ(probe().payment_events(c.order_id, "webhook:payment_intent.succeeded"), 1);
    auto stored = server->get("/api/orders/" + c.order_id + "/payments", customer.token);
    ASSERT_EQ(stored.status, 200) << stored.body;
    EXPECT_EQ(stored.body, derived.body) << (by_webhook ? "webhook" : "client");
    EXPECT_EQ(count_events(c.order_id, "paid"), 1);
    EXPECT_EQ(count_events(c.order_id, "webhook:payment_intent.succeeded"), 1);
  }
}

// The intent_created entry is the order's payment row (issue 12: no payment_events insert at
// checkout); an order whose entry was stored by an older build answers exactly the same, once.
TEST_F(CardPaymentsTest, IntentCreatedEntryIsDerivedAndAStoredOneIsShownOnce) {
  auto c = checkout(2);
  ASSERT_EQ(c.reply.status, 200) << c.reply.body;
  auto created = api_payment_events(*server, c.order_id, "intent_created", customer.token);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(minor(created[0].at("amount")), 2 * 45998);
  EXPECT_EQ(str(created[0].at("providerRef")), c.intent_id);
  EXPECT_EQ(str(created[0].at("code")), str(provider_intent(*server, c.intent_id).at("status")))
      << "the intent's status when it was created";
  EXPECT_EQ(str(created[0].at("code")), "requires_payment_method");
  EXPECT_EQ(created[0].at("source"), "client");
  EXPECT_TRUE(created[0].at("detail").is_null() || !created[0].contains("detail"));
  EXPECT_EQ(probe().payment_events(c.order_id, "intent_created"), 0) << "not stored";

  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  ASSERT_EQ(mark_paid(c.order_id).status, 204);
  EXPECT_TRUE(eventually(
      [&] { return count_events(c.order_id, "webhook:payment_intent.succeeded") == 1; }));
  auto derived = server->get("/api/orders/" + c.order_id + "/payments", customer.token);
  ASSERT_EQ(derived.status, 200) << derived.body;
  auto history = derived.json().at("history").as_array();
  ASSERT_GE(history.size(), 3u);
  EXPECT_EQ(history[0].at("kind"), "intent_created") << "the order's first entry";

  probe().store_intent_created_as_before(c.order_id);
  EXPECT_EQ(probe().payment_events(c.order_id, "intent_created"), 1);
  auto stored = server->get("/api/orders/" + c.order_id + "/payments", customer.token);
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(stored.body, derived.body);
  EXPECT_EQ(count_events(c.order_id, "intent_created"), 1);
}

// The order history's paymentIntent entry is the order row's intent and when it was attached
// (issue 12: no order_history insert at checkout); an order whose entry was stored by an older
// build answers exactly the same, once.
TEST_F(CardPaymentsTest, PaymentIntentHistoryEntryIsDerivedAndAStoredOneIsShownOnce) {
  auto c = checkout(1);
  ASSERT_EQ(c.reply.status, 200) << c.reply.body;
  auto details = [&] {
    auto r = server->get("/api/orders/" + c.order_id + "/details", customer.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  };
  auto fresh = details().json().at("history").as_array();
  ASSERT_EQ(fresh.size(), 2u);
  EXPECT_EQ(fresh[0].at("what"), "placed");
  EXPECT_EQ(fresh[1].at("what"), "paymentIntent");
  EXPECT_EQ(fresh[1].at("actorRole"), "Payments");
  EXPECT_FALSE(fresh[1].as_object().contains("actorId") && !fresh[1].at("actorId").is_null());
  EXPECT_TRUE(fresh[1].at("from").is_null());
  EXPECT_TRUE(fresh[1].at("to").is_null());
  EXPECT_EQ(str(fresh[1].at("note")), c.intent_id);
  EXPECT_EQ(probe().history_rows(c.order_id, "paymentIntent"), 0) << "not stored";

  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  ASSERT_EQ(mark_paid(c.order_id).status, 204);
  auto derived = details();
  auto history = derived.json().at("history").as_array();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].at("what"), "paymentIntent");
  EXPECT_EQ(history[2].at("what"), "paymentStatus");
  EXPECT_EQ(history[2].at("to"), 2);

  probe().store_payment_intent_entry_as_before(c.order_id);
  EXPECT_EQ(probe().history_rows(c.order_id, "paymentIntent"), 1);
  EXPECT_EQ(details().body, derived.body);
}

TEST_F(CardPaymentsTest, ForgedAndTamperedWebhooksAreRejected) {
  std::string body =
      R"({"id":"evt_forged","object":"event","type":"payment_intent.succeeded","data":{"object":{}}})";
  auto none = server->request("POST", "/webhooks/stripe", body);
  EXPECT_EQ(none.status, 400);
  auto secret = server->config().payment_webhook_secrets().front();
  auto now = server->clock().now_seconds();
  auto forged =
      server->request("POST", "/webhooks/stripe", body, "",
                      {{"Stripe-Signature", stripe_signature_header("whsec_wrong", now, body)}});
  EXPECT_EQ(forged.status, 400);
  auto header = stripe_signature_header(secret, now, body);
  auto tampered =
      server->request("POST", "/webhooks/stripe", body + " ", "", {{"Stripe-Signature", header}});
  EXPECT_EQ(tampered.status, 400);
  auto stale =
      server->request("POST", "/webhooks/stripe", body, "",
                      {{"Stripe-Signature", stripe_signature_header(secret, now - 301, body)}});
  EXPECT_EQ(stale.status, 400);
}

TEST_F(CardPaymentsTest, FullRefundRestoresStockOnceAndMarksRefunded) {
  auto c = checkout(2);
  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  ASSERT_EQ(mark_paid(c.order_id).status, 204);
  EXPECT_EQ(refund(c.order_id, "{}", customer.token).status, 403);
  auto stranger = make_actor(*server, "Seller");
  EXPECT_EQ(refund(c.order_id, "{}", stranger.token).status, 403);
  auto r = refund(c.order_id, "{}", admin.token);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(payment_status(c.order_id), 4);
  EXPECT_EQ(stock(), 5);
  auto again = refund(c.order_id, "{}", admin.token);
  EXPECT_EQ(again.status, 409);
  // The charge.refunded webhook that follows must not restock a second time.
  EXPECT_TRUE(eventually([&] { return count_events(c.order_id, "webhook:charge.refunded") >= 1; }));
  EXPECT_EQ(stock(), 5);
}

TEST_F(CardPaymentsTest, PartialAndExcessiveRefundsBySeller) {
  auto c = checkout(1);
  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  ASSERT_EQ(mark_paid(c.order_id).status, 204);
  auto part = refund(c.order_id, R"({"amount": 100.50, "reason": "scratched"})", seller.token);
  ASSERT_EQ(part.status, 201) << part.body;
  EXPECT_EQ(payment_status(c.order_id), 2);  // still Paid
  auto too_much = refund(c.order_id, R"({"amount": 459.98})", seller.token);
  EXPECT_EQ(too_much.status, 409);
  EXPECT_EQ(too_much.code(), "amount_too_large");
  // Money in an error body is written as a plain decimal, as in success bodies (issue 11.6).
  EXPECT_NE(too_much.body.find(R"("refundable":359.48)"), std::string::npos) << too_much.body;
  EXPECT_EQ(refund(c.order_id, R"({"amount": -1})", seller.token).status, 400);
  EXPECT_EQ(refund(c.order_id, R"({"amount": "lots"})", seller.token).status, 400);
  auto rest = refund(c.order_id, R"({"amount": 359.48})", seller.token);
  ASSERT_EQ(rest.status, 201) << rest.body;
  EXPECT_EQ(payment_status(c.order_id), 4);
}

TEST_F(CardPaymentsTest, ConcurrentRefundsNeverExceedThePayment) {
  auto c = checkout(1);
  ASSERT_EQ(confirm(c, "pm_card_visa").status, 200);
  ASSERT_EQ(mark_paid(c.order_id).status, 204);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      if (refund(c.order_id, R"({"amount": 200.00})", admin.token).status == 201) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 2);  // 2 x 200.00 <= 459.98 < 3 x 200.00
}

TEST_F(CardPaymentsTest, UnpaidOrdersExpireAndReleaseStock) {
  auto c = checkout(3);
  ASSERT_EQ(stock(), 2);
  server->clock().advance_ms(31 * 60 * 1000);
  server->app().card_payments().expire_unpaid();
  EXPECT_EQ(stock(), 5);
  EXPECT_EQ(payment_status(c.order_id), 3);
  // The canceled intent cannot take money any more.
  EXPECT_NE(confirm(c, "pm_card_visa").status, 200);
  EXPECT_EQ(mark_paid(c.order_id).status, 409);
  server->clock().advance_ms(-31 * 60 * 1000);
}

TEST_F(CardPaymentsTest, ProviderDownAtCheckoutLeavesNothingBehind) {
  auto c = [&] {
    ProviderAt down(*server, kProviderDown, true);
    return checkout();
  }();
  EXPECT_EQ(c.reply.status, 503) << c.reply.body;
  EXPECT_EQ(c.reply.code(), "api_connection_error");
  EXPECT_EQ(stock(), 5);
  EXPECT_EQ(orders_count(*server, customer), 0);
  // The discarded order took its lines and its history with it.
  EXPECT_EQ(probe().units_ordered(product.id), 0);
  EXPECT_EQ(probe().order_children_without_order(), 0);
}

}  // namespace
}  // namespace wolfix::test
