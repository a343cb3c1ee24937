#pragma once
// A write load against a `wolfix serve` child process, and the accounting it must balance
// afterwards, shared by the crash-safety and database-outage suites: four customers send
// cash-on-delivery orders and card checkouts (each with its own Idempotency-Key), confirm card
// payments at the sandbox like Stripe.js, mark half of them paid and refund some paid ones as
// an admin. verify_accounting() then sends every key again and checks that every acknowledged
// order exists, no key made two orders, every payment the provider took ends Paid exactly once,
// refunds settle and restock, and each product's stock plus its live orders' units is what it
// was given.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "suite.hpp"

namespace wolfix::test {

// One Idempotency-Key'd checkout request and what became of it.
struct Attempt {
  std::string key;
  std::size_t customer = 0;
  std::string body;
  bool card = false;
  int status = 0;              // the last answer (0: none)
  std::string order_id;        // from a 2xx answer
  bool provider_took = false;  // card: the sandbox answered the confirmation "succeeded"
};

// Each test starts its own child process (ServerSuite::serve) on a shop of its own.
class CheckoutLoadTest : public PerTestSuite<CheckoutLoadTest> {
 protected:
  static constexpr int kProducts = 4;
  static constexpr int kStock = 1000;
  static constexpr int kCustomers = 4;

  // The shop is made through an in-process server (fixtures write to the database), which then
  // stops; the child serves the same database (`url_suffix` appended to its URL, `env` added
  // to its settings).
  void make_shop(const std::string& url_suffix = "",
                 std::vector<std::pair<std::string, std::string>> env = {});
  void SetUp() override { make_shop(); }
  void TearDown() override;

  // Starts one worker per customer (round names their keys); stop_load() joins them.
  void start_load(int round);
  void stop_load();
  // Waits (up to `seconds`) until `more` further checkouts were acknowledged.
  bool wait_for_acks(int more, int seconds = 60);
  // Waits (up to `seconds`) until at least `n` answers with this status were seen.
  bool wait_for_answers(int status, int n, int seconds = 60);

  // Every key again, then the accounting above. `what` names the suite in its summary line.
  void verify_accounting(const std::string& what);

  Reply checkout(Attempt& a);
  bool confirm_card(const std::string& client_secret);
  int answers(int status) {
    std::lock_guard lock(mu_);
    return answers_[status];
  }

  std::string url_;
  Actor admin_;
  std::vector<Actor> customers_;
  std::vector<TestProduct> products_;
  ServeProcess* serve_ = nullptr;
  // The child's database, for the accounting (its own connection).
  std::unique_ptr<Probe> db_;

  std::mutex mu_;
  std::vector<Attempt> attempts_;
  std::vector<std::string> refundable_;
  std::map<int, int> refund_answers_;
  // Every status the load saw (checkouts, confirmations, marking paid, refunds; 0 = none), and
  // the 503/507 answers without Retry-After or without a JSON error code.
  std::map<int, int> answers_;
  std::vector<std::string> bad_refusals_;
  int acknowledged_ = 0;

 private:
  void worker(int round, std::size_t customer);
  void note(const Reply& r, const char* what);
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

}  // namespace wolfix::test
