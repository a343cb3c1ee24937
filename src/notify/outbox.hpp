#pragma once
// Notifications to customers: enqueued inside the transaction that causes them, delivered by
// a background pass with retries (SMTP when configured, a JSON-lines file in development).
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
  // Delivers what is due; returns how many were sent. Safe to run on several nodes at once.
  int deliver_due(int max_batch = 50);

 private:
  db::Database& db_;
  const Clock& clock_;
  std::unique_ptr<Sender> sender_;
};

}  // namespace wolfix::notify
