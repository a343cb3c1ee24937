#include "notify/outbox.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "common/log.hpp"
#include "common/uuid.hpp"
#include "db/in_list.hpp"

namespace wolfix::notify {
namespace {

constexpr int kMaxAttempts = 8;

class FileSender final : public Sender {
 public:
  explicit FileSender(std::string path) : path_(std::move(path)) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  void send(const Mail& m) override {
    boost::json::object line{{"to", m.to}, {"subject", m.subject}, {"body", m.body}};
    std::lock_guard lock(mu_);
    std::ofstream out(path_, std::ios::app);
    out << boost::json::serialize(line) << "\n";
    if (!out) throw std::runtime_error("cannot append to " + path_);
  }

 private:
  std::string path_;
  std::mutex mu_;
};

class SmtpSender final : public Sender {
 public:
  SmtpSender(std::string url, std::string from, std::string user, std::string password)
      : url_(std::move(url)),
        from_(std::move(from)),
        user_(std::move(user)),
        password_(std::move(password)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
  }

  void send(const Mail& m) override {
    // Header injection: addresses and subjects never carry line breaks into the message.
    for (const auto* field : {&m.to, &m.subject})
      if (field->find_first_of("\r\n") != std::string::npos)
        throw std::invalid_argument("line break in a mail header");
    std::string message = "From: " + from_ + "\r\nTo: " + m.to + "\r\nSubject: " + m.subject +
                          "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + m.body + "\r\n";
    struct Source {
      const std::string* text;
      std::size_t pos = 0;
    } src{&message};
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    curl_slist* rcpt = curl_slist_append(nullptr, m.to.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    if (!user_.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, user_.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
      curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_READDATA, &src);
    curl_easy_setopt(
        curl, CURLOPT_READFUNCTION, +[](char* buf, size_t size, size_t n, void* user) -> size_t {
          auto* s = static_cast<Source*>(user);
          size_t left = s->text->size() - s->pos;
          size_t take = std::min(left, size * n);
          std::memcpy(buf, s->text->data() + s->pos, take);
          s->pos += take;
          return take;
        });
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("SMTP: ") + curl_easy_strerror(rc));
  }

 private:
  std::string url_, from_, user_, password_;
};

}  // namespace

std::unique_ptr<Sender> file_sender(std::string path) {
  return std::make_unique<FileSender>(std::move(path));
}

std::unique_ptr<Sender> smtp_sender(std::string url, std::string from, std::string user,
                                    std::string password) {
  return std::make_unique<SmtpSender>(std::move(url), std::move(from), std::move(user),
                                      std::move(password));
}

namespace {
constexpr const char* kInsertNotification =
    "INSERT INTO notifications (id, kind, recipient, subject, body, dedup_key, next_attempt_at, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING";
}  // namespace

bool enqueue(db::Session& s, const std::string& kind, const Mail& mail,
             const std::string& dedup_key, int64_t now_ms) {
  return s.exec(kInsertNotification, {new_uuid_v7(), kind, mail.to, mail.subject, mail.body,
                                      dedup_key, now_ms, now_ms}) == 1;
}

void enqueue_later(db::Session& s, const std::string& kind, const Mail& mail,
                   const std::string& dedup_key, int64_t now_ms) {
  s.exec_later(kInsertNotification,
               {new_uuid_v7(), kind, mail.to, mail.subject, mail.body, dedup_key, now_ms, now_ms});
}

int Outbox::deliver_due(int max_batch) {
  int64_t now = clock_.now_ms();
  // Claimed for a minute in one statement; a row another node claimed meanwhile fails the
  // outer conditions, which PostgreSQL checks again on the row as it is now.
  auto due = db_.write([&](db::Session& s) {
    return s.query(
        "UPDATE notifications SET claimed_until = ? WHERE id IN (SELECT id FROM notifications "
        "WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR "
        "claimed_until < ?) ORDER BY next_attempt_at LIMIT ?) AND status = 'pending' AND "
        "(claimed_until IS NULL OR claimed_until < ?) RETURNING id, recipient, subject, body, "
        "attempts",
        {now + 60'000, now, now, max_batch, now});
  });
  db::Params sent_ids;
  for (const auto& row : due) {
    std::string id = row.str(0);
    int attempts = static_cast<int>(row.i64(4)) + 1;
    try {
      sender_->send({row.str(1), row.str(2), row.str(3)});
      sent_ids.push_back(id);
    } catch (const std::exception& e) {
      // Exponential backoff from 30 s; give up after kMaxAttempts and keep the row for review.
      int64_t delay = 30'000LL << std::min(attempts, 12);
      std::string status = attempts >= kMaxAttempts ? "failed" : "pending";
      log::warn("notification_failed", {{"id", id}, {"attempt", attempts}, {"what", e.what()}});
      db_.write([&](db::Session& s) {
        s.exec(
            "UPDATE notifications SET status = ?, attempts = ?, last_error = ?, next_attempt_at "
            "= ?, claimed_until = NULL WHERE id = ?",
            {status, attempts, std::string(e.what()), clock_.now_ms() + delay, id});
      });
    }
  }
  int sent = static_cast<int>(sent_ids.size());
  if (sent == 0) return 0;
  db::pad_in_list(sent_ids);
  std::string sql =
      "UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = ?, "
      "claimed_until = NULL WHERE id IN (" +
      db::placeholders(sent_ids.size()) + ")";
  sent_ids.insert(sent_ids.begin(), clock_.now_ms());
  db_.write([&](db::Session& s) { s.exec(sql, sent_ids); });
  return sent;
}

int Outbox::deliver_backlog(int max_batch, std::chrono::milliseconds budget) {
  auto until = std::chrono::steady_clock::now() + budget;
  int sent = 0;
  for (;;) {
    int n = deliver_due(max_batch);
    sent += n;
    // A short batch means the backlog is gone (or failing): wait for the next pass.
    if (n < max_batch || std::chrono::steady_clock::now() >= until) return sent;
  }
}

}  // namespace wolfix::notify
