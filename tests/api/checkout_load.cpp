#include "checkout_load.hpp"

#include <chrono>
#include <iostream>
#include <set>

#include "common/crypto.hpp"
#include "common/form.hpp"

namespace wolfix::test {

using Clock = std::chrono::steady_clock;

void CheckoutLoadTest::make_shop(const std::string& url_suffix,
                                 std::vector<std::pair<std::string, std::string>> env) {
  auto& setup = own_server();
  seed_delivery(setup);
  auto seller = make_actor(setup, "Seller");
  admin_ = make_actor(setup, "Admin");
  for (int i = 0; i < kCustomers; ++i) customers_.push_back(make_actor(setup, "Customer"));
  for (int i = 0; i < kProducts; ++i)
    products_.push_back(make_product(setup, seller, 10000 + 100 * i, kStock));
  url_ = setup.config().database_url;
  stop_server(setup);
  serve_ = &serve(url_ + url_suffix, std::move(env));
  db_ = std::make_unique<Probe>(Probe::open(url_, 2));
}

// The child, its directory and db_ go with the fixture.
void CheckoutLoadTest::TearDown() {
  stop_load();
}

Reply CheckoutLoadTest::checkout(Attempt& a) {
  const auto& c = customers_[a.customer];
  return serve_->call("POST", a.card ? "/api/orders/with-payment" : "/api/orders", a.body, c.token,
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", a.key}});
}

// As Stripe.js does, with the publishable key and the client secret; true when it succeeded.
bool CheckoutLoadTest::confirm_card(const std::string& client_secret) {
  std::string intent = client_secret.substr(0, client_secret.find("_secret_"));
  auto r = serve_->call(
      "POST", "/sandbox/stripe/v1/payment_intents/" + intent + "/confirm",
      form_encode({{"client_secret", client_secret}, {"payment_method", "pm_card_visa"}}), "",
      {{"Content-Type", "application/x-www-form-urlencoded"},
       {"Authorization", "Bearer " + std::string(Config::kSandboxPublishableKey)}});
  note(r, "confirm");
  if (r.status != 200) return false;
  auto v = boost::json::parse(r.body);
  return str(v.at("status")) == "succeeded";
}

// A refusal for want of the database says so: Retry-After and a JSON error body.
void CheckoutLoadTest::note(const Reply& r, const char* what) {
  std::lock_guard lock(mu_);
  answers_[r.status]++;
  if (r.status != 503 && r.status != 507) return;
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  bool body_ok =
      !ec && v.is_object() && (v.as_object().contains("code") || v.as_object().contains("error"));
  if (r.headers.count("retry-after") == 0 || !body_ok)
    bad_refusals_.push_back(std::string(what) + " " + std::to_string(r.status) + " " + r.body);
}

void CheckoutLoadTest::worker(int round, std::size_t customer) {
  for (int n = 0; !stop_; ++n) {
    Attempt a;
    a.key =
        "load-" + std::to_string(round) + "-" + std::to_string(customer) + "-" + std::to_string(n);
    a.customer = customer;
    a.card = n % 5 >= 3;
    const auto& p = products_[(customer + n) % kProducts];
    a.body = boost::json::serialize(buy_body(customers_[customer], p, 1 + n % 2));
    auto r = checkout(a);
    note(r, "checkout");
    a.status = r.status;
    if (r.status / 100 == 2) {
      if (a.card) {
        auto v = boost::json::parse(r.body);
        a.order_id = str(v.at("orderId"));
        a.provider_took = confirm_card(str(v.at("clientSecret")));
        if (a.provider_took && n % 2 == 0) {
          auto paid = serve_->call("PATCH", "/api/orders/" + a.order_id + "/paid", "",
                                   customers_[customer].token);
          note(paid, "paid");
          if (paid.status == 204) {
            std::lock_guard lock(mu_);
            refundable_.push_back(a.order_id);
          }
        }
      } else {
        a.order_id = r.headers["x-order-id"];
      }
    }
    std::string to_refund;
    {
      std::lock_guard lock(mu_);
      attempts_.push_back(a);
      if (a.order_id.size()) ++acknowledged_;
      if (n % 2 == 1 && !refundable_.empty()) {
        to_refund = refundable_.back();
        refundable_.pop_back();
      }
    }
    if (!to_refund.empty()) {
      auto rr = serve_->call("POST", "/api/orders/" + to_refund + "/refunds", "", admin_.token);
      note(rr, "refund");
      std::lock_guard lock(mu_);
      refund_answers_[rr.status]++;
    }
  }
}

void CheckoutLoadTest::start_load(int round) {
  stop_ = false;
  for (std::size_t c = 0; c < customers_.size(); ++c)
    threads_.emplace_back([this, round, c] { worker(round, c); });
}

void CheckoutLoadTest::stop_load() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

bool CheckoutLoadTest::wait_for_acks(int more, int seconds) {
  int target = 0;
  {
    std::lock_guard lock(mu_);
    target = acknowledged_ + more;
  }
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(mu_);
      if (acknowledged_ >= target) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool CheckoutLoadTest::wait_for_answers(int status, int n, int seconds) {
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    if (answers(status) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void CheckoutLoadTest::verify_accounting(const std::string& what) {
  auto began = Clock::now();
  auto seconds = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began).count() /
           1000.0;
  };
  std::string retry_answers;
  // Every key again, with its body: an acknowledged one replays its order; one whose answer was
  // lost (or refused) now gets a definite answer.
  std::set<std::string> answered;  // the orders the keys stand for
  int replayed = 0;
  // A key whose request died after committing its first step answers 409 "in progress" until
  // the reconcile delay has passed and the provider has let go of the intent request that died
  // (the sandbox, like Stripe, holds one for 60 s), then finishes that checkout: retried as a
  // client would.
  auto deadline = Clock::now() + std::chrono::seconds(120);
  for (auto& a : attempts_) {
    auto r = checkout(a);
    while (r.status == 409 && r.code() == "idempotency_key_in_progress" &&
           Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      r = checkout(a);
    }
    ASSERT_NE(r.status, 0) << a.key << "\n" << serve_->log_tail();
    ASSERT_LT(r.status, 500) << a.key << ": " << r.body;
    std::string id;
    if (r.status / 100 != 2)
      retry_answers += a.key + " -> " + std::to_string(r.status) + " " + r.code() + "\n";
    if (r.status / 100 == 2)
      id = a.card ? str(boost::json::parse(r.body).at("orderId")) : r.headers["x-order-id"];
    if (!a.order_id.empty()) {
      EXPECT_EQ(id, a.order_id) << "an acknowledged key must replay its order: " << a.key;
      replayed += r.headers["idempotent-replayed"] == "true";
    }
    if (!id.empty()) {
      EXPECT_TRUE(answered.insert(id).second) << "two keys, one order: " << id;
    }
  }
  EXPECT_GT(replayed, 0);

  // Every acknowledged order exists, and the orders in the database are exactly those the keys
  // made: none lost, none doubled.
  int acked = 0;
  for (const auto& a : attempts_) {
    if (a.order_id.empty()) continue;
    ++acked;
    EXPECT_TRUE(db_->order_exists(a.order_id)) << a.key;
  }
  EXPECT_EQ(db_->orders_total(), static_cast<int64_t>(answered.size())) << [&] {
    std::string out = retry_answers;
    for (const auto& o : db_->all_orders())
      if (!answered.count(o.id))
        out += "unclaimed order " + o.id + " option " + std::to_string(o.payment_option) +
               " payment " + std::to_string(o.payment_status) + " delivery " +
               std::to_string(o.delivery_status) + "\n";
    return out;
  }();

  // The provider took these payments: once the reconciler and the webhook retries have
  // converged, each order is Paid (or Refunded, when the load refunded it), through exactly one
  // transition to Paid; no refund is left in flight.
  std::vector<std::string> taken;
  for (const auto& a : attempts_)
    if (a.provider_took) taken.push_back(a.order_id);
  ASSERT_FALSE(taken.empty());
  auto converged = [&] {
    for (const auto& id : taken) {
      auto status = db_->payment_status(id);
      if (status != 2 && status != 4) return false;  // Paid, Refunded
    }
    return db_->refunds_pending() == 0;
  };
  deadline = Clock::now() + std::chrono::seconds(90);
  while (!converged() && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(converged()) << serve_->log_tail();
  double converged_at = seconds();
  for (const auto& id : taken) {
    auto status = db_->payment_status(id);
    EXPECT_TRUE(status == 2 || status == 4) << id << " ended in payment status " << status;
  }
  EXPECT_EQ(db_->orders_with_repeated_transition(2), 0) << "an order became Paid twice";
  for (const auto& id : taken) EXPECT_EQ(db_->payment_transitions(id, 2), 1) << id;

  // A refunded order gave all its units back.
  EXPECT_EQ(db_->refunded_orders_not_restocked(), 0);

  // Stock: what is on the shelf plus what live orders hold is what each product was given.
  for (const auto& p : products_) {
    auto shelf = db_->stock(p.id);
    auto held = db_->units_held(p.id);
    EXPECT_EQ(shelf + held, kStock) << p.id;
  }

  int refunds = 0;
  for (auto [status, n] : refund_answers_) refunds += status / 100 == 2 ? n : 0;
  std::cout << "[ " << what << " ] " << serve_->starts() << " start(s), " << attempts_.size()
            << " checkouts (" << acked << " acknowledged, " << answered.size()
            << " orders in the end), " << taken.size() << " card payments taken, " << refunds
            << " refunds accepted; 503: " << answers_[503] << ", 507: " << answers_[507]
            << "; converged " << converged_at << " s after the load\n";
}

}  // namespace wolfix::test
