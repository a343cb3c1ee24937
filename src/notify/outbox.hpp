#pragma once
// Notifications to customers: enqueued inside the transaction that causes them, delivered by
// a background pass with retries (SMTP when configured, a JSON-lines file in development).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "db/db.hpp"

namespace wolfix::notify {

struct Mail {
  std::string to;
  std::string subject;
  std::string body;
};

class Sender {
 public:
  virtual ~Sender() = default;
  // Throws on failure; the outbox retries later.
  virtual void send(const Mail& mail) = 0;
};

// Appends each mail as a JSON line to a file (development, tests).
std::unique_ptr<Sender> file_sender(std::string path);
// smtp://host:port or smtps://host:port, via libcurl.
std::unique_ptr<Sender> smtp_sender(std::string url, std::string from, std::string user,
                                    std::string password);

// Adds a notification; a second one with the same dedup_key is ignored (returns false).
bool enqueue(db::Session& s, const std::string& kind, const Mail& mail,
             const std::string& dedup_key, int64_t now_ms);
// The same inside a write transaction when nobody reads the answer: sent with the transaction's
// next statement or its commit (db::Session::exec_later).
void enqueue_later(db::Session& s, const std::string& kind, const Mail& mail,
                   const std::string& dedup_key, int64_t now_ms);

class Outbox {
 public:
  Outbox(db::Database& db, const Clock& clock, std::unique_ptr<Sender> sender)
      : db_(db), clock_(clock), sender_(std::move(sender)) {}
  // Delivers one batch of what is due; returns how many were sent. Safe to run on several nodes
  // at once. A batch is claimed in one statement and marked sent in one after it went out, so a
  // node dying in between sends at most that batch again once its claim lapses (a minute).
  int deliver_due(int max_batch = 20);
  // Batch after batch while they come back full, for at most `budget`: a backlog (a sale's
  // burst of paid-order mails) drains at the sender's pace, not at one batch per pass.
  int deliver_backlog(int max_batch = 20,
                      std::chrono::milliseconds budget = std::chrono::seconds(2));

 private:
  db::Database& db_;
  const Clock& clock_;
  std::unique_ptr<Sender> sender_;
};

}  // namespace wolfix::notify
