#include "common/idempotency.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <charconv>

#include "common/crypto.hpp"
#include "common/log.hpp"

namespace wolfix::idempotency {
namespace {

constexpr int kPlaceholderStatus = 0;  // claimed, answer not stored yet

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

// A JSON string literal exactly as boost::json::serialize writes it (the canonical form of the
// keys stored since the first builds must not change): `"` and `\` escaped, control characters
// as \b \t \n \f \r or \u00xx, everything else (UTF-8 included) as it is.
void write_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    out += '\\';
    switch (c) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\t':
        out += 't';
        break;
      case '\n':
        out += 'n';
        break;
      case '\f':
        out += 'f';
        break;
      case '\r':
        out += 'r';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 0x0f];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

void write_canonical(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      const auto& o = v.as_object();
      // Members by key; a request body's objects are small, so the order lives on the stack.
      constexpr std::size_t kInline = 48;
      std::array<const boost::json::key_value_pair*, kInline> inline_members;
      std::vector<const boost::json::key_value_pair*> heap_members;
      const boost::json::key_value_pair** members = inline_members.data();
      if (o.size() > kInline) {
        heap_members.resize(o.size());
        members = heap_members.data();
      }
      std::size_t n = 0;
      for (const auto& kv : o) members[n++] = &kv;
      std::sort(members, members + n,
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ',';
        write_string(members[i]->key(), out);
        out += ':';
        write_canonical(members[i]->value(), out);
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.as_array()) {
        if (!first) out += ',';
        first = false;
        write_canonical(item, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::string:
      write_string(v.get_string(), out);
      return;
    case boost::json::kind::int64: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
      out.append(buf, r.ptr);
      return;
    }
    case boost::json::kind::uint64: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
      out.append(buf, r.ptr);
      return;
    }
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::double_:
      // Boost's own shortest form, so that a stored fingerprint still matches.
      out += boost::json::serialize(v);
      return;
  }
}

}  // namespace

namespace detail {
std::string json_string_literal(std::string_view s) {
  std::string out;
  write_string(s, out);
  return out;
}

// {"contentType":...,"headers":[[name,value],...]}: the same bytes Boost.JSON wrote for it.
std::string encode_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& content_type) {
  std::string out = "{\"contentType\":";
  write_string(content_type, out);
  out += ",\"headers\":[";
  for (std::size_t i = 0; i < headers.size(); ++i) {
    out += i ? ",[" : "[";
    write_string(headers[i].first, out);
    out += ',';
    write_string(headers[i].second, out);
    out += ']';
  }
  out += "]}";
  return out;
}

}  // namespace detail

namespace {

bool insert_claim(db::Session& s, const Claim& c, int64_t now_ms) {
  return s.exec(
             "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, status, response_body, "
             "response_headers, created_at) VALUES (?, ?, ?, ?, '', '', ?) "
             "ON CONFLICT (scope, idem_key) DO NOTHING",
             {c.scope, c.key, c.fingerprint, kPlaceholderStatus, now_ms}) == 1;
}

}  // namespace

std::string fingerprint_of(std::string_view request_text) {
  return to_hex(sha256(request_text));
}

std::string canonical_json_of(const boost::json::value& body) {
  std::string out;
  out.reserve(1024);
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
      (c.raw_request.empty() || row->str(0) != fingerprint_of(c.raw_request)))
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

// complete and note_progress end a transaction's work (nobody reads their outcome): they travel
// with the COMMIT on PostgreSQL (exec_later).
void complete(db::Session& s, const Claim& c, const StoredAnswer& answer) {
  s.exec_later(
      "UPDATE idempotency_keys SET status = ?, response_body = ?, response_headers = ? "
      "WHERE scope = ? AND idem_key = ?",
      {answer.status, answer.body, detail::encode_headers(answer.headers, answer.content_type),
       c.scope, c.key});
}

void insert_answered_later(db::Session& s, const Claim& c, const StoredAnswer& answer,
                           int64_t now_ms) {
  s.exec_later(
      "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, status, response_body, "
      "response_headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {c.scope, c.key, c.fingerprint, answer.status, answer.body,
       detail::encode_headers(answer.headers, answer.content_type), now_ms});
}

void insert_in_progress_later(db::Session& s, const Claim& c, const std::string& note,
                              int64_t now_ms) {
  s.exec_later(
      "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, status, response_body, "
      "response_headers, created_at) VALUES (?, ?, ?, ?, ?, '', ?)",
      {c.scope, c.key, c.fingerprint, kPlaceholderStatus, note, now_ms});
}

void note_progress(db::Session& s, const Claim& c, const std::string& note) {
  s.exec_later(
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
