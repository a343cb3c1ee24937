#include "common/idempotency.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>

#include "common/log.hpp"

namespace wolfix::idempotency {
namespace {

constexpr int kPlaceholderStatus = 0;  // claimed, answer not stored yet

std::string encode_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& content_type) {
  boost::json::object o;
  o["contentType"] = content_type;
  boost::json::array a;
  for (const auto& [k, v] : headers)
    a.push_back(boost::json::array{boost::json::string(k), boost::json::string(v)});
  o["headers"] = std::move(a);
  return boost::json::serialize(o);
}

void decode_headers(const std::string& text, StoredAnswer& a) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return;
  auto& o = v.as_object();
  if (auto* ct = o.if_contains("contentType"); ct && ct->is_string())
    a.content_type = std::string(ct->as_string());
  if (auto* hs = o.if_contains("headers"); hs && hs->is_array())
    for (const auto& h : hs->as_array())
      if (h.is_array() && h.as_array().size() == 2 && h.as_array()[0].is_string() &&
          h.as_array()[1].is_string())
        a.headers.emplace_back(std::string(h.as_array()[0].as_string()),
                               std::string(h.as_array()[1].as_string()));
}

void write_canonical(const boost::json::value& v, std::string& out) {
  if (v.is_object()) {
    std::vector<const boost::json::key_value_pair*> members;
    for (const auto& kv : v.as_object()) members.push_back(&kv);
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i) out += ',';
      out += boost::json::serialize(boost::json::string(members[i]->key()));
      out += ':';
      write_canonical(members[i]->value(), out);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& item : v.as_array()) {
      if (!first) out += ',';
      first = false;
      write_canonical(item, out);
    }
    out += ']';
  } else {
    out += boost::json::serialize(v);
  }
}

bool insert_claim(db::Session& s, const Claim& c, int64_t now_ms) {
  return s.exec(
             "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, status, response_body, "
             "response_headers, created_at) VALUES (?, ?, ?, ?, '', '', ?) "
             "ON CONFLICT (scope, idem_key) DO NOTHING",
             {c.scope, c.key, c.fingerprint, kPlaceholderStatus, now_ms}) == 1;
}

}  // namespace

std::string canonical_json_of(const boost::json::value& body) {
  std::string out;
  write_canonical(body, out);
  return out;
}

std::optional<std::string> canonical_json(std::string_view body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) return std::nullopt;
  std::string out;
  write_canonical(v, out);
  return out;
}

ClaimOutcome claim(db::Session& s, const Claim& c, int64_t now_ms) {
  if (insert_claim(s, c, now_ms)) return {};
  auto row = s.query_one(
      "SELECT fingerprint, status, response_body, response_headers, created_at "
      "FROM idempotency_keys WHERE scope = ? AND idem_key = ?",
      {c.scope, c.key});
  if (!row) {
    // Purged between the two statements: claim it afresh.
    if (insert_claim(s, c, now_ms)) return {};
    throw db::RetryableError("idempotency key changed under us");
  }
  if (row->i64(4) < now_ms - kKeyLifetimeMs) {
    s.exec("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND created_at = ?",
           {c.scope, c.key, row->i64(4)});
    if (insert_claim(s, c, now_ms)) return {};
    throw db::RetryableError("idempotency key reclaimed concurrently");
  }
  if (row->str(0) != c.fingerprint &&
      (c.raw_fingerprint.empty() || row->str(0) != c.raw_fingerprint))
    throw ApiError(422, "idempotency_key_reused",
                   "This Idempotency-Key was already used with a different request");
  ClaimOutcome out;
  if (row->i64(1) == kPlaceholderStatus) {
    out.result = ClaimResult::in_progress;
    out.answer.body = row->str(2);
    out.claimed_at = row->i64(4);
    return out;
  }
  out.result = ClaimResult::replay;
  out.answer.status = static_cast<int>(row->i64(1));
  out.answer.body = row->str(2);
  decode_headers(row->str(3), out.answer);
  return out;
}

void complete(db::Session& s, const Claim& c, const StoredAnswer& answer) {
  s.exec(
      "UPDATE idempotency_keys SET status = ?, response_body = ?, response_headers = ? "
      "WHERE scope = ? AND idem_key = ?",
      {answer.status, answer.body, encode_headers(answer.headers, answer.content_type), c.scope,
       c.key});
}

void insert_answered_later(db::Session& s, const Claim& c, const StoredAnswer& answer,
                           int64_t now_ms) {
  s.exec_later(
      "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, status, response_body, "
      "response_headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {c.scope, c.key, c.fingerprint, answer.status, answer.body,
       encode_headers(answer.headers, answer.content_type), now_ms});
}

void note_progress(db::Session& s, const Claim& c, const std::string& note) {
  s.exec(
      "UPDATE idempotency_keys SET response_body = ? WHERE scope = ? AND idem_key = ? AND "
      "status = ?",
      {note, c.scope, c.key, kPlaceholderStatus});
}

void release(db::Session& s, const Claim& c) {
  s.exec("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ?", {c.scope, c.key});
}

int64_t purge_expired(db::Session& s, int64_t now_ms) {
  return s.exec("DELETE FROM idempotency_keys WHERE created_at < ?", {now_ms - kKeyLifetimeMs});
}

void maybe_purge(db::Database& db, int64_t now_ms) {
  static std::atomic<uint32_t> calls{0};
  if (++calls % 256 != 0) return;
  try {
    db.write([&](db::Session& s) { purge_expired(s, now_ms); });
  } catch (const std::exception& e) {
    // Purging is housekeeping: a failure must not fail the request that triggered it.
    log::warn("idempotency_purge_failed", {{"what", e.what()}});
  }
}

}  // namespace wolfix::idempotency
