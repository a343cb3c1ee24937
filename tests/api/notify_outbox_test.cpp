// The notification outbox against a real database: dedup, retries with backoff, claims.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <utility>

#include "notify/outbox.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class FlakySender : public notify::Sender {
 public:
  explicit FlakySender(int failures) : failures_(failures) {}
  void send(const notify::Mail& m) override {
    if (failures_-- > 0) throw std::runtime_error("smtp down");
    sent.push_back(m);
  }
  std::vector<notify::Mail> sent;

 private:
  int failures_;
};

// No server: each test's outbox runs on a database of its own.
class NotifyOutboxTest : public PerTestSuite<NotifyOutboxTest> {
 protected:
  void SetUp() override { db = &own_database(); }
  std::string status_of(const std::string& dedup) { return Probe(*db).notification_status(dedup); }
  db::Database* db = nullptr;
  ManualClock clock;
};

TEST_F(NotifyOutboxTest, EnqueueIsDeduplicatedByKey) {
  db->write([&](db::Session& s) {
    EXPECT_TRUE(notify::enqueue(s, "order_paid", {"a@example.com", "Paid", "Thanks"}, "paid:1",
                                clock.now_ms()));
    EXPECT_FALSE(notify::enqueue(s, "order_paid", {"a@example.com", "Paid", "Thanks"}, "paid:1",
                                 clock.now_ms()));
  });
  auto sender = std::make_unique<FlakySender>(0);
  auto* raw = sender.get();
  notify::Outbox outbox(*db, clock, std::move(sender));
  EXPECT_EQ(outbox.deliver_due(), 1);
  ASSERT_EQ(raw->sent.size(), 1u);
  EXPECT_EQ(raw->sent[0].to, "a@example.com");
  EXPECT_EQ(status_of("paid:1"), "sent");
  EXPECT_EQ(outbox.deliver_due(), 0);  // never twice
}

TEST_F(NotifyOutboxTest, FailuresAreRetriedWithBackoff) {
  db->write([&](db::Session& s) {
    notify::enqueue(s, "order_refunded", {"b@example.com", "Refund", "Money back"}, "ref:1",
                    clock.now_ms());
  });
  auto sender = std::make_unique<FlakySender>(2);
  auto* raw = sender.get();
  notify::Outbox outbox(*db, clock, std::move(sender));
  EXPECT_EQ(outbox.deliver_due(), 0);
  EXPECT_EQ(status_of("ref:1"), "pending");
  EXPECT_EQ(outbox.deliver_due(), 0);  // not due yet: backing off
  clock.advance_ms(61'000);
  EXPECT_EQ(outbox.deliver_due(), 0);  // second failure
  clock.advance_ms(10 * 60'000);
  EXPECT_EQ(outbox.deliver_due(), 1);
  EXPECT_EQ(raw->sent.size(), 1u);
  EXPECT_EQ(status_of("ref:1"), "sent");
}

TEST_F(NotifyOutboxTest, GivesUpAfterMaxAttempts) {
  db->write([&](db::Session& s) {
    notify::enqueue(s, "x", {"c@example.com", "S", "B"}, "x:1", clock.now_ms());
  });
  notify::Outbox outbox(*db, clock, std::make_unique<FlakySender>(1000));
  for (int i = 0; i < 10; ++i) {
    outbox.deliver_due();
    clock.advance_ms(7LL * 24 * 3600 * 1000);
  }
  EXPECT_EQ(status_of("x:1"), "failed");
}

// Runs `during` inside its first send, then records every mail; a subject "bad" fails.
class ProbingSender : public notify::Sender {
 public:
  explicit ProbingSender(std::function<void()> during = {}) : during_(std::move(during)) {}
  void send(const notify::Mail& m) override {
    if (auto f = std::exchange(during_, {})) f();
    if (m.subject == "bad") throw std::runtime_error("mailbox refused");
    sent.push_back(m);
  }
  std::vector<notify::Mail> sent;

 private:
  std::function<void()> during_;
};

TEST_F(NotifyOutboxTest, ABacklogDrainsInOnePassBatchAfterBatch) {
  db->write([&](db::Session& s) {
    for (int i = 0; i < 45; ++i)
      notify::enqueue(s, "order_paid", {"f" + std::to_string(i) + "@example.com", "Paid", "B"},
                      "paid:" + std::to_string(i), clock.now_ms());
  });
  auto sender = std::make_unique<ProbingSender>();
  auto* raw = sender.get();
  notify::Outbox outbox(*db, clock, std::move(sender));
  EXPECT_EQ(outbox.deliver_backlog(20), 45);  // 20 + 20 + 5
  std::set<std::string> to;
  for (const auto& m : raw->sent) to.insert(m.to);
  EXPECT_EQ(raw->sent.size(), 45u);
  EXPECT_EQ(to.size(), 45u);
  for (int i = 0; i < 45; ++i) EXPECT_EQ(status_of("paid:" + std::to_string(i)), "sent");
  EXPECT_EQ(outbox.deliver_backlog(20), 0);
}

TEST_F(NotifyOutboxTest, ABatchClaimedByOneNodeIsNotSentByAnother) {
  db->write([&](db::Session& s) {
    for (int i = 0; i < 3; ++i)
      notify::enqueue(s, "order_paid", {"g@example.com", "Paid", "B"}, "claim:" + std::to_string(i),
                      clock.now_ms());
  });
  int sent_by_other = -1;
  auto other_sender = std::make_unique<ProbingSender>();
  auto* other_raw = other_sender.get();
  notify::Outbox other(*db, clock, std::move(other_sender));
  // The other node's pass runs while this one is sending its claimed batch.
  notify::Outbox outbox(
      *db, clock, std::make_unique<ProbingSender>([&] { sent_by_other = other.deliver_due(); }));
  EXPECT_EQ(outbox.deliver_due(), 3);
  EXPECT_EQ(sent_by_other, 0);
  EXPECT_TRUE(other_raw->sent.empty());
  // Past the claim's minute they are sent already, so never again.
  clock.advance_ms(61'000);
  EXPECT_EQ(other.deliver_due(), 0);
}

TEST_F(NotifyOutboxTest, OneFailingMailLeavesTheRestOfItsBatchSent) {
  db->write([&](db::Session& s) {
    notify::enqueue(s, "x", {"h@example.com", "ok", "B"}, "mix:1", clock.now_ms());
    notify::enqueue(s, "x", {"h@example.com", "bad", "B"}, "mix:2", clock.now_ms());
    notify::enqueue(s, "x", {"h@example.com", "ok", "B"}, "mix:3", clock.now_ms());
  });
  notify::Outbox outbox(*db, clock, std::make_unique<ProbingSender>());
  EXPECT_EQ(outbox.deliver_backlog(), 2);
  EXPECT_EQ(status_of("mix:1"), "sent");
  EXPECT_EQ(status_of("mix:2"), "pending");  // backing off, claim released
  EXPECT_EQ(status_of("mix:3"), "sent");
}

TEST_F(NotifyOutboxTest, FileSenderWritesJsonLines) {
  auto path = std::filesystem::temp_directory_path() / "wolfix-tests" /
              ("mail-" + std::to_string(clock.now_ms()) + ".log");
  auto sender = notify::file_sender(path.string());
  sender->send({"d@example.com", "Hello \"there\"", "line1\nline2"});
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  auto v = boost::json::parse(line);
  EXPECT_EQ(v.at("subject"), "Hello \"there\"");
  EXPECT_EQ(v.at("body"), "line1\nline2");
}

TEST_F(NotifyOutboxTest, SmtpRefusesHeaderInjection) {
  auto smtp = notify::smtp_sender("smtp://127.0.0.1:1", "shop@example.com", "", "");
  EXPECT_THROW(smtp->send({"e@example.com\r\nBcc: all@example.com", "S", "B"}),
               std::invalid_argument);
}

}  // namespace
}  // namespace wolfix::test
