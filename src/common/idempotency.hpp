#pragma once
// Idempotency-Key support for POST use cases, over the idempotency_keys table. A key is claimed
// inside the use case's own transaction (an insert on the (scope, key) primary key), so two
// concurrent requests with one key can never both do the work: the second waits for the first
// transaction (PostgreSQL blocks on the unique index; SQLite has one writer) and then finds the
// stored answer. A use case that fails rolls its claim back, so only successful answers are
// remembered and a failed request may be retried with the same key.
// The HTTP edge (the header, a route's answer to and from StoredAnswer) is
// http/idempotency_key.hpp.
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/errors.hpp"
#include "db/db.hpp"

namespace wolfix::idempotency {

// Keys are kept (and replayed) at least this long.
inline constexpr int64_t kKeyLifetimeMs = 24LL * 60 * 60 * 1000;

// What one request claims: who (scope = caller + route), which key, and the request's
// fingerprint (a hash of method, route and body) that a replay must match. A JSON body is
// hashed in canonical form (keys sorted, no white space), so the same JSON sent with other
// spacing or key order is a replay; a body that is not JSON is hashed as sent.
struct Claim {
  std::string scope;
  std::string key;
  std::string fingerprint;
  // The request as sent ("METHOD path\n" and the body's bytes), whose hash is the raw-bytes
  // fingerprint earlier builds stored: still accepted, so a retry that straddles an upgrade stays
  // a replay (keys live a day). Hashed only when a stored fingerprint differs from `fingerprint`.
  std::string raw_request;
};

// The fingerprint of a request's text ("METHOD path\n" + body, canonical or as sent).
std::string fingerprint_of(std::string_view request_text);

// The canonical text of a JSON body (object keys sorted at every level, no white space), or
// nullopt when `body` is not JSON.
std::optional<std::string> canonical_json(std::string_view body);
// The same for a body parsed already.
std::string canonical_json_of(const boost::json::value& body);
namespace detail {
// A JSON string literal as the canonical form writes it (tests: Boost.JSON's exact bytes).
std::string json_string_literal(std::string_view s);
// A stored answer's headers and content type, as stored (tests).
std::string encode_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& content_type);
}  // namespace detail

// The answer remembered for a key.
struct StoredAnswer {
  int status = 0;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class ClaimResult {
  claimed,      // the key is ours: do the work, then call complete() in the same transaction
  replay,       // the key was used with the same request: answer with `answer`
  in_progress,  // claimed by a use case that commits before it finishes (two-step flows)
};

struct ClaimOutcome {
  ClaimResult result = ClaimResult::claimed;
  StoredAnswer answer;  // replay: the answer; in_progress: answer.body is the note (note_progress)
  int64_t claimed_at = 0;  // in_progress: when the key was claimed
};

// Claims the key in the caller's transaction. Throws 422 `idempotency_key_reused` when the key
// was used with a different request. Keys older than kKeyLifetimeMs count as unused.
ClaimOutcome claim(db::Session& s, const Claim& c, int64_t now_ms);

// Stores the answer for a claimed key (same transaction as the claim, or a later one for
// two-step flows that committed an in-progress claim).
void complete(db::Session& s, const Claim& c, const StoredAnswer& answer);

// Leaves a note on a claim committed in progress (two-step flows: what the first step made), so
// that a retry after the request died (a crash between the steps) can finish the work.
void note_progress(db::Session& s, const Claim& c, const std::string& note);

// A two-step flow's first step when the key is new: the claim committed in progress with its note
// (note_progress) in one insert that travels with the COMMIT (Session::exec_later); a key already
// there fails the commit with db::UniqueViolation, and the caller then claims the careful way.
void insert_in_progress_later(db::Session& s, const Claim& c, const std::string& note,
                              int64_t now_ms);

// Forgets a claim, for two-step flows whose second step failed and should be retryable.
void release(db::Session& s, const Claim& c);

// Deletes keys older than the lifetime; returns how many.
int64_t purge_expired(db::Session& s, int64_t now_ms);

// What a use case run under an optional key gives its route: the value it made, or, for a
// replay (the work did not run), the answer the first request with this key was given.
template <class T>
struct Outcome {
  std::optional<T> value;
  std::optional<StoredAnswer> replayed;
};

// The common one-transaction case: runs work(Session&) -> T and stores the key (when there is
// one) with answer(const T&) -> StoredAnswer (the route's wire format, so that a replay is the
// same bytes) in the same transaction; a replay skips the work. Every few hundred calls it also
// purges expired keys, in its own small transaction.
//
// A fresh key is the common case, so the work runs first and the key is stored with its answer
// by one insert at the end (not a claim before and an update after), which PostgreSQL sends with
// the COMMIT. When that insert finds the key taken (a replay, a reuse, a concurrent request with
// the key: PostgreSQL's insert waits for that transaction) it fails the transaction with a
// unique violation; then, or when the work fails, the attempt rolls back and the request is decided
// again the careful way: the claim first, in a new transaction. So a replay is answered as
// before even when the work would fail now (stock sold out, cart lines already ordered), a key
// reused with another request is 422 before any work, and two requests with one key never both
// commit their work.
template <class T, class Work, class Answer>
Outcome<T> run_once(db::Database& db, const std::optional<Claim>& c, int64_t now_ms, Work&& work,
                    Answer&& answer);

// --- implementation of the template
void maybe_purge(db::Database& db, int64_t now_ms);
// Stores a fresh key with its answer when the transaction commits (Session::exec_later); a key
// already there fails the commit with db::UniqueViolation.
void insert_answered_later(db::Session& s, const Claim& c, const StoredAnswer& answer,
                           int64_t now_ms);

template <class T, class Work, class Answer>
Outcome<T> run_once(db::Database& db, const std::optional<Claim>& c, int64_t now_ms, Work&& work,
                    Answer&& answer) {
  if (!c) return {db.write([&](db::Session& s) -> T { return work(s); }), std::nullopt};
  try {
    T value = db.write([&](db::Session& s) -> T {
      T value = work(s);
      insert_answered_later(s, *c, answer(static_cast<const T&>(value)), now_ms);
      return value;
    });
    maybe_purge(db, now_ms);
    return {std::move(value), std::nullopt};
  } catch (const db::UniqueViolation&) {
    // The key is taken, or the work met a duplicate of its own (then the careful way meets it
    // again and answers it as the work does).
  } catch (const ApiError&) {
  }
  Outcome<T> out = db.write([&](db::Session& s) -> Outcome<T> {
    auto outcome = claim(s, *c, now_ms);
    if (outcome.result == ClaimResult::replay) return {std::nullopt, std::move(outcome.answer)};
    if (outcome.result == ClaimResult::in_progress)
      throw ApiError(409, "idempotency_key_in_progress",
                     "A request with this Idempotency-Key is still being processed");
    T value = work(s);
    complete(s, *c, answer(static_cast<const T&>(value)));
    return {std::move(value), std::nullopt};
  });
  maybe_purge(db, now_ms);
  return out;
}

}  // namespace wolfix::idempotency
