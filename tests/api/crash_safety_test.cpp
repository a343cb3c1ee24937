// Crash safety: `wolfix serve` as a real process under a write load (cash-on-delivery orders
// with Idempotency-Keys, card checkouts paid through the built-in sandbox with its webhooks,
// refunds; tests/api/checkout_load.hpp), killed with SIGKILL twice in the middle of it and
// restarted on the same database. Afterwards: every acknowledged order exists, every
// Idempotency-Key made at most one order, each product's stock plus the units its live orders
// hold equals what it was given, every payment the provider took ends Paid exactly once (after
// the reconciler and the webhook retries have converged) and every refund settles and restocks.
// Runs on the database under test (api.sqlite, api.postgres).
#include "checkout_load.hpp"

namespace wolfix::test {
namespace {

class CrashSafetyTest : public CheckoutLoadTest {
 protected:
  // Runs the load until `acks` more checkouts were acknowledged, then kills the server with
  // SIGKILL while the workers are still sending, and restarts it.
  void load_then_kill(int round, int acks) {
    start_load(round);
    bool reached = wait_for_acks(acks);
    serve_->kill_hard();
    stop_load();
    ASSERT_TRUE(reached) << "the load made no progress; server log:\n" << serve_->log_tail();
    serve_->start();
    ASSERT_TRUE(serve_->wait_ready()) << "no restart; server log:\n" << serve_->log_tail();
  }
};

TEST_F(CrashSafetyTest, KilledMidLoadLosesNothingAndDoublesNothing) {
  serve_->start();
  ASSERT_TRUE(serve_->wait_ready()) << serve_->log_tail();
  load_then_kill(1, 25);
  if (HasFatalFailure()) return;
  load_then_kill(2, 25);
  if (HasFatalFailure()) return;
  EXPECT_EQ(serve_->starts(), 3);  // 2 SIGKILLs survived
  verify_accounting("crash   ");
}

}  // namespace
}  // namespace wolfix::test
