#include "db/postgres/postgres_database.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace wolfix::db {
namespace {

// Rewrites `?` placeholders to `$1..$n`, leaving quoted text alone.
std::string to_dollar_params(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701;

}  // namespace

// A statement left for later (exec_later, query_later).
struct PendingStatement {
  std::string sql;
  Params params;
  std::shared_ptr<std::optional<Rows>> into;  // query_later's answer
};

// How many write transactions this thread has open (between begin_later() and their end), on
// any PostgreSQL database: a one-round-trip commit made inside another transaction's body is
// never merged into a group (see GroupCommit).
thread_local int open_writes_on_thread = 0;

// Group commit for PostgreSQL: the one-round-trip transactions (Session::
// commit_in_one_round_trip) of concurrent requests, durable ones only, are sent together as ONE
// implicit transaction: one pipeline, one sync, one commit and one log flush for all of them.
//
// Why: with the server and the cluster on one core, what a cash order costs PostgreSQL beyond
// its statements is per transaction: the commit record and its flush, and waking a backend
// (a context switch each way) for every round trip. A group pays those once. SQLite's writer
// already shares one sync among concurrent writers; this is the same idea one level up.
//
// How (no thread of its own, no timer: a lone request never waits for company): a committing
// transaction leads at once when fewer than `max_in_flight` groups are on their way; otherwise it
// queues. A leader takes everything queued, sends it on its own connection and hands every member
// its outcome; the members' connections stay idle meanwhile. Then the next queued one leads.
// Outcomes:
// - the group committed: every member committed, with its deferred rows (query_later) filled;
// - a statement failed (an expectation, a unique key, a deadlock, a serialization failure): the
//   group rolled back whole, nothing of it happened. The member whose statement failed runs
//   again ALONE on its own connection exactly as without groups, so it gets precisely its own
//   answer or error (its failure may have come from an earlier member's writes); the others are
//   sent again as a group, once (a replayed Idempotency-Key, whose one-round-trip insert is
//   expected to fail, must not cost every member of its group a second round trip); if that
//   fails too, they all run alone. A group of one is already alone: its error is its own;
// - the connection was lost after the group was sent (it may have committed): every member gets
//   db::Unavailable, as a lone one-round-trip commit would (503; the Idempotency-Keys of these
//   use cases make the client's retry safe).
// Asynchronous commits (Session::commit_asynchronously: the payment sandbox's) form groups of
// their own, sent in one transaction block with their SET LOCAL: a durable member is never
// committed without the flush. Never merged: a transaction committed inside
// another open transaction's body on the same thread (the group could wait on that
// transaction's locks while it waits for the group). Members hold no locks while they wait (none
// of their statements has run), so waiting for a group cannot deadlock inside this process; a
// deadlock between a group and another transaction is found by PostgreSQL (deadlock_timeout) and
// ends like any statement failure.
class GroupCommit {
 public:
  GroupCommit(int max_in_flight, bool asynchronous)
      : max_in_flight_(max_in_flight), asynchronous_(asynchronous) {}
  // true: committed in a group; false: not committed, run it alone; throws Unavailable (or the
  // error of a group of one).
  bool commit(PostgresSession& session, std::vector<PendingStatement>& statements);
  PostgresDatabase::GroupCommitCounts counts() {
    std::lock_guard lock(mu_);
    auto c = counts_;
    c.waiting = static_cast<int>(queue_.size());
    return c;
  }

 private:
  struct Member {
    Member(PostgresSession* s, std::vector<PendingStatement>* st) : session(s), statements(st) {}
    PostgresSession* session;
    std::vector<PendingStatement>* statements;
    enum class State { waiting, leading, committed, alone, failed } state = State::waiting;
    std::exception_ptr error;
    std::condition_variable wake;
  };
  void lead(std::unique_lock<std::mutex>& lock, Member& me);

  // Members per group at most (the pool bounds them anyway).
  static constexpr std::size_t kMaxGroup = 64;
  const int max_in_flight_;
  const bool asynchronous_;  // its members commit asynchronously (synchronous_commit off)
  std::mutex mu_;
  int in_flight_ = 0;
  std::deque<Member*> queue_;
  PostgresDatabase::GroupCommitCounts counts_;
};

class PostgresSession final : public Session {
 public:
  using Later = PendingStatement;
  PostgresSession(std::string url, GroupCommit* group, GroupCommit* async_group)
      : url_(std::move(url)), group_(group), async_group_(async_group) {
    connect();
  }
  ~PostgresSession() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::postgres; }
  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }

  // An idle connection has nothing to read: if its socket is readable (or failed), the server
  // closed it or is closing it (a restart, a shutdown, an administrator's termination). Checked
  // before a pooled connection is reused, so a restarted server costs no failed request.
  bool closed_by_server() const {
    if (!healthy()) return true;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    return p.fd < 0 || ::poll(&p, 1, 0) != 0;
  }

  Rows query(std::string_view sql, const Params& params) override {
    return take_rows(run(sql, params));
  }

  int64_t exec(std::string_view sql, const Params& params) override {
    PGresult* res = run(sql, params);
    const char* n = PQcmdTuples(res);
    int64_t changed = (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
    PQclear(res);
    return changed;
  }

  void exec_script(std::string_view sql) override {
    if (begin_pending_) start_alone();
    flush_later();
    PGresult* res = PQexec(conn_, std::string(sql).c_str());
    check(res);
    PQclear(res);
  }

  // BEGIN is not sent on its own: it travels with the transaction's first statement (one round
  // trip fewer per transaction), and a transaction that runs no statement costs none.
  void begin_later() {
    begin_pending_ = true;
    in_write_ = true;
    async_commit_ = false;
    ++open_writes_on_thread;
  }

  // The statements left for later travel with the COMMIT.
  void commit() {
    end_write();
    bool one_trip = std::exchange(one_trip_, false);
    if (begin_pending_ && one_trip && !later_.empty()) {
      // Asked for (commit_in_one_round_trip): every statement in one round trip, never sent
      // again on a new connection (it may have committed). Without BEGIN and COMMIT: the
      // statements of one pipeline sync form one implicit transaction, committed (durably, as
      // any) at the sync or rolled back whole by a failure, so begin_pending_ stays set until it
      // succeeded and rollback() has nothing to send.
      std::vector<Later> all = std::move(later_);
      later_.clear();
      // One that no open transaction of this thread waits on may share its round trip and
      // commit with other requests' of the same durability (GroupCommit); when that group
      // failed, it runs alone below, as if it had never been in one.
      GroupCommit* group = async_commit_ ? async_group_ : group_;
      if (group && open_writes_on_thread == 0) {
        if (group->commit(*this, all)) {
          begin_pending_ = false;
          return;
        }
        for (auto& l : all)
          if (l.into) l.into->reset();  // rows of a rolled-back group
      }
      std::vector<Step> steps;
      // SET LOCAL (commit_asynchronously) needs a transaction block: then BEGIN and COMMIT
      // go too, and a failure leaves that block for rollback() to end.
      bool block = async_commit_;
      if (block) {
        begin_pending_ = false;
        steps.push_back({nullptr, "BEGIN", nullptr, nullptr});
        steps.push_back({nullptr, kAsyncCommit, nullptr, nullptr});
      }
      for (const auto& l : all)
        steps.push_back({&prepared_name(l.sql), nullptr, &l.params, l.into.get()});
      if (block) steps.push_back({nullptr, "COMMIT", nullptr, nullptr});
      PQclear(pipeline(steps));
      begin_pending_ = false;
      return;
    }
    if (begin_pending_) {
      if (later_.empty()) {
        begin_pending_ = false;  // nothing ran: nothing to commit
        return;
      }
      flush_later();  // the first round trip, which may reconnect (run_first)
    }
    if (later_.empty()) {
      PGresult* res = PQexec(conn_, "COMMIT");
      check(res);
      PQclear(res);
      return;
    }
    std::vector<Later> earlier = std::move(later_);
    later_.clear();
    std::vector<Step> steps;
    for (const auto& l : earlier)
      steps.push_back({&prepared_name(l.sql), nullptr, &l.params, l.into.get()});
    steps.push_back({nullptr, "COMMIT", nullptr, nullptr});
    PQclear(pipeline(steps));
  }

  // A transaction that is rolled back drops what it has not sent yet; one that never sent its
  // BEGIN has nothing to roll back.
  void rollback() noexcept {
    end_write();
    one_trip_ = false;
    later_.clear();
    if (begin_pending_) {
      begin_pending_ = false;
      return;
    }
    if (broken_) return;  // the server ends the transaction of a lost connection itself
    PQclear(PQexec(conn_, "ROLLBACK"));
  }

  // Sent right after BEGIN, in the same round trip; later in the transaction, on its own.
  void commit_asynchronously() override {
    if (!in_write_) return;
    if (begin_pending_) {
      async_commit_ = true;
      return;
    }
    flush_later();
    PQclear(run_checked(kAsyncCommit));
  }

  // Outside a write transaction (Database::read) nothing would send what is left for later:
  // such a statement runs at once, as on SQLite.
  void exec_later(std::string_view sql, const Params& params) override {
    if (!in_write_) {
      exec(sql, params);
      return;
    }
    later_.push_back({std::string(sql), params, nullptr});
  }

  bool exec_expecting_change(std::string_view sql, const Params& params,
                             std::string_view what) override {
    if (!one_trip_) return Session::exec_expecting_change(sql, params, what);
    Params checked = params;
    checked.emplace_back(std::string(what));
    later_.push_back({"WITH u AS (" + std::string(sql) +
                          " RETURNING 1) SELECT wolfix_expect(EXISTS (SELECT 1 FROM u), ?)",
                      std::move(checked), nullptr});
    return true;
  }

  Deferred query_later(std::string_view sql, const Params& params) override {
    if (!in_write_) return Session::query_later(sql, params);
    auto slot = std::make_shared<std::optional<Rows>>();
    later_.push_back({std::string(sql), params, slot});
    return Deferred(*this, std::move(slot));
  }

  // The statements of several one-round-trip transactions (GroupCommit's members, this
  // session's own first) in one pipeline on this connection: one implicit transaction, committed
  // at the sync or rolled back whole by the first failure; `asynchronous`: one transaction
  // block with synchronous_commit off, rolled back here when it failed. Preparing the
  // statements sends none of them: a failure there throws PreparationFailed. A statement's
  // failure throws StatementFailed with the member it belongs to; a lost connection,
  // Unavailable.
  struct PreparationFailed {
    std::exception_ptr error;
  };
  struct StatementFailed {
    std::exception_ptr error;
    std::size_t member;
  };
  void commit_group(const std::vector<std::vector<Later>*>& members, bool asynchronous) {
    std::vector<Step> steps;
    if (asynchronous) {
      steps.push_back({nullptr, "BEGIN", nullptr, nullptr});
      steps.push_back({nullptr, kAsyncCommit, nullptr, nullptr});
    }
    const std::size_t lead_in = steps.size();
    try {
      for (auto* m : members)
        for (const auto& l : *m)
          steps.push_back({&prepared_name(l.sql), nullptr, &l.params, l.into.get()});
    } catch (...) {
      throw PreparationFailed{std::current_exception()};
    }
    if (asynchronous) steps.push_back({nullptr, "COMMIT", nullptr, nullptr});
    try {
      PQclear(pipeline(steps));
    } catch (const Unavailable&) {
      throw;
    } catch (const Error&) {
      // The block a failure left aborted is ended before any member runs alone on this
      // connection (a failed COMMIT has ended it already: ROLLBACK then only warns).
      if (asynchronous) PQclear(run_checked("ROLLBACK"));
      std::size_t failed = failed_step_ > lead_in ? failed_step_ - lead_in : 0;
      std::size_t member = 0, first = 0;
      while (member + 1 < members.size() && first + members[member]->size() <= failed)
        first += members[member++]->size();
      throw StatementFailed{std::current_exception(), member};
    }
  }

 private:
  void end_write() {
    if (in_write_) --open_writes_on_thread;
    in_write_ = false;
  }

  // The rows of a result, which is cleared.
  static Rows take_rows(PGresult* res) {
    Rows rows;
    int n = PQntuples(res), cols = PQnfields(res);
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      std::vector<Value> values;
      values.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res, r, c)) {
          values.emplace_back(std::monostate{});
          continue;
        }
        const char* v = PQgetvalue(res, r, c);
        switch (PQftype(res, c)) {
          case kInt2:
          case kInt4:
          case kInt8:
            values.emplace_back(int64_t{std::strtoll(v, nullptr, 10)});
            break;
          case kFloat4:
          case kFloat8:
            values.emplace_back(std::strtod(v, nullptr));
            break;
          case kBool:
            values.emplace_back(int64_t{v[0] == 't' ? 1 : 0});
            break;
          default:
            values.emplace_back(std::string(v, PQgetlength(res, r, c)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    PQclear(res);
    return rows;
  }

  // Parameters as libpq takes them: text, NULL for a null.
  struct TextParams {
    std::vector<std::string> text;
    std::vector<const char*> values;
    explicit TextParams(const Params& params) : text(params.size()), values(params.size()) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& v = params[i].value;
        if (auto p = std::get_if<int64_t>(&v))
          text[i] = std::to_string(*p);
        else if (auto p = std::get_if<double>(&v))
          text[i] = std::to_string(*p);
        else if (auto p = std::get_if<std::string>(&v))
          text[i] = *p;
        else
          continue;
        values[i] = text[i].c_str();
      }
    }
  };

  const std::string& prepared_name(std::string_view sql) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = std::to_string(prepared_.size() + 1);
      name.insert(name.begin(), 's');
      PGresult* res = PQprepare(conn_, name.c_str(), to_dollar_params(sql).c_str(), 0, nullptr);
      check(res);
      PQclear(res);
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    return it->second;
  }

  PGresult* run(std::string_view sql, const Params& params) {
    if (begin_pending_) return run_first(sql, params);
    if (!later_.empty()) return run_pipelined(sql, params, false);
    const auto& name = prepared_name(sql);
    TextParams p(params);
    PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                   p.values.data(), nullptr, nullptr, 0);
    check(res);
    return res;
  }

  // A transaction's first round trip: BEGIN, the statements left for later and this one. A
  // connection found dead by it (the server restarted since the pool checked it, or an
  // administrator ended it) is replaced and the round trip sent again on the new one: nothing of
  // this transaction can have happened on the old connection (whatever ran there ran uncommitted
  // and died with it). Never after the first round trip: a later failure fails the transaction.
  PGresult* run_first(std::string_view sql, const Params& params) {
    std::vector<Later> earlier = later_;
    try {
      return run_pipelined(sql, params, true);
    } catch (const Unavailable&) {
      if (!broken_) throw;
    }
    reconnect();  // throws Unavailable at once while the server is still down
    later_ = std::move(earlier);
    return run_pipelined(sql, params, true);
  }

  // The first round trip of a transaction whose first statement is a script (migrations).
  void start_alone() {
    try {
      begin_pending_ = false;
      PQclear(run_checked("BEGIN"));
    } catch (const Unavailable&) {
      if (!broken_) throw;
      reconnect();
      PQclear(run_checked("BEGIN"));
    }
    if (async_commit_) PQclear(run_checked(kAsyncCommit));
  }

  PGresult* run_checked(const char* sql) {
    PGresult* res = PQexec(conn_, sql);
    check(res);
    return res;
  }

  void flush_later() {
    if (later_.empty()) return;
    Later last = std::move(later_.back());
    later_.pop_back();
    PGresult* res = run(last.sql, last.params);
    if (last.into)
      *last.into = take_rows(res);
    else
      PQclear(res);
  }

  void send_later() override { flush_later(); }

  void commit_in_one_round_trip() override {
    if (in_write_) one_trip_ = true;
  }

  // The statements left for later and this one, after BEGIN when `with_begin`.
  PGresult* run_pipelined(std::string_view sql, const Params& params, bool with_begin) {
    std::vector<Later> earlier = std::move(later_);
    later_.clear();
    // Statements are prepared before the pipeline starts (a PQprepare waits for its answer).
    std::vector<Step> steps;
    if (with_begin) steps.push_back({nullptr, "BEGIN", nullptr, nullptr});
    if (with_begin && async_commit_) steps.push_back({nullptr, kAsyncCommit, nullptr, nullptr});
    for (const auto& l : earlier)
      steps.push_back({&prepared_name(l.sql), nullptr, &l.params, l.into.get()});
    steps.push_back({&prepared_name(sql), nullptr, &params, nullptr});
    // From here on BEGIN is on its way: a failure below fails this transaction (and a caller
    // that caught it and went on would find the transaction aborted, never autocommitting).
    begin_pending_ = false;
    return pipeline(steps);
  }

  // One statement of a pipeline: a prepared one with its parameters, or fixed text.
  struct Step {
    const std::string* prepared;
    const char* text;
    const Params* params;
    std::optional<Rows>* into;  // where an earlier step's rows go (query_later)
  };

  // The steps in one round trip (libpq's pipeline mode); returns the last one's result (null
  // when it went to the step's `into`). The
  // first failure among them is thrown (PostgreSQL skips the rest of the pipeline after it).
  PGresult* pipeline(const std::vector<Step>& steps) {
    if (PQenterPipelineMode(conn_) != 1) lost("cannot enter pipeline mode");
    for (const auto& step : steps) {
      int sent;
      if (step.prepared) {
        TextParams p(*step.params);
        sent = PQsendQueryPrepared(conn_, step.prepared->c_str(),
                                   static_cast<int>(step.params->size()), p.values.data(), nullptr,
                                   nullptr, 0);
      } else {
        sent = PQsendQueryParams(conn_, step.text, 0, nullptr, nullptr, nullptr, nullptr, 0);
      }
      if (sent != 1) lost("cannot send a statement");
    }
    if (PQpipelineSync(conn_) != 1) lost("cannot end a pipeline");
    // One result and a NULL per statement, then the sync's result.
    auto next_result = [&]() -> PGresult* {
      PGresult* res = PQgetResult(conn_);
      if (!res) lost("a pipelined statement has no result");
      if (PGresult* extra = PQgetResult(conn_)) {  // never for a single statement
        PQclear(extra);
        PQclear(res);
        lost("a pipelined statement has more than one result");
      }
      return res;
    };
    PGresult* failure = nullptr;
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
      PGresult* res = next_result();
      auto status = PQresultStatus(res);
      if (!failure && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
          status != PGRES_PIPELINE_ABORTED) {
        failure = res;
        failed_step_ = i;
        continue;
      }
      if (status == PGRES_TUPLES_OK && steps[i].into) {
        *steps[i].into = take_rows(res);
        continue;
      }
      PQclear(res);
    }
    PGresult* res = next_result();
    PGresult* sync = PQgetResult(conn_);
    bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced || PQexitPipelineMode(conn_) != 1) {
      PQclear(failure);
      PQclear(res);
      lost("a pipeline did not end");
    }
    if (failure) {
      PQclear(res);
      check(failure);  // throws
    }
    failed_step_ = steps.size() - 1;  // if it failed
    check(res);
    if (steps.back().into) {  // a transaction committed in one round trip may end with one
      *steps.back().into = take_rows(res);
      return nullptr;
    }
    return res;
  }

  // The connection is in an unknown state: it is dropped by the pool.
  [[noreturn]] void lost(const char* what) {
    broken_ = true;
    std::string msg = "PostgreSQL: ";
    msg += what;
    msg += ": ";
    msg += PQerrorMessage(conn_);
    throw Unavailable(msg, Unavailable::Reason::unreachable);
  }

  void check(PGresult* res) {
    auto status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char* constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;
    std::string sqlstate = state ? state : "";
    std::string cname = constraint ? constraint : "";
    PQclear(res);
    // The connection is gone (class 08), or the server is shutting down or not yet accepting
    // work (57P01-57P03): this connection is dropped by the pool, never reset in place (its
    // prepared statements would be gone while prepared_ still names them).
    if (PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08") ||
        sqlstate.starts_with("57P")) {
      broken_ = true;
      throw Unavailable("PostgreSQL unavailable: " + msg, Unavailable::Reason::unreachable);
    }
    if (sqlstate == "23505") throw UniqueViolation(msg, cname);
    if (sqlstate == "WX001") throw ExpectationFailed(msg);
    if (sqlstate == "40001" || sqlstate == "40P01") throw RetryableError(msg);
    throw Error("PostgreSQL: " + msg);
  }

  void connect() {
    // Defaults the URL may override (it is expanded after them): a connection attempt or a
    // silent peer (a host gone without closing its sockets) never holds a request for minutes.
    const char* keys[] = {
        "connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
        "keepalives_count", "tcp_user_timeout", "dbname",          nullptr};
    const char* values[] = {"5", "1", "30", "10", "3", "30000", url_.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw Unavailable("cannot connect to PostgreSQL: " + msg, Unavailable::Reason::unreachable);
    }
    broken_ = false;
    PQclear(run_checked("SET client_min_messages TO WARNING; SET TIME ZONE 'UTC'"));
  }

  // A new connection in place of a dead one: the statements prepared on the old one are gone.
  void reconnect() {
    PQfinish(conn_);
    conn_ = nullptr;
    broken_ = true;  // until connect() succeeds: the pool drops a session it cannot restore
    prepared_.clear();
    connect();
  }

  std::string url_;
  GroupCommit* group_;        // null: every transaction commits alone
  GroupCommit* async_group_;  // the same for asynchronous commits
  PGconn* conn_ = nullptr;
  bool broken_ = false;
  bool begin_pending_ = false;  // begin_later() was called and BEGIN is not sent yet
  bool in_write_ = false;       // between begin_later() and commit() or rollback()
  bool one_trip_ = false;       // commit_in_one_round_trip() was called in this transaction
  bool async_commit_ = false;   // commit_asynchronously() before BEGIN was sent
  static constexpr const char* kAsyncCommit = "SET LOCAL synchronous_commit TO off";
  std::unordered_map<std::string, std::string> prepared_;
  std::vector<Later> later_;     // exec_later's statements not sent yet
  std::size_t failed_step_ = 0;  // the failing step of the last pipeline that failed
};

bool GroupCommit::commit(PostgresSession& session, std::vector<PendingStatement>& statements) {
  Member me(&session, &statements);
  std::unique_lock lock(mu_);
  if (in_flight_ < max_in_flight_) {
    ++in_flight_;
    me.state = Member::State::leading;
  } else {
    queue_.push_back(&me);
    me.wake.wait(lock, [&] { return me.state != Member::State::waiting; });
  }
  if (me.state == Member::State::leading) lead(lock, me);
  switch (me.state) {
    case Member::State::committed:
      return true;
    case Member::State::alone:
      return false;
    default:
      std::rethrow_exception(me.error);
  }
}

// Holds a slot of in_flight_ (taken by itself or by the previous leader for it).
void GroupCommit::lead(std::unique_lock<std::mutex>& lock, Member& me) {
  std::vector<Member*> group{&me};
  while (!queue_.empty() && group.size() < kMaxGroup) {
    group.push_back(queue_.front());
    queue_.pop_front();
  }
  lock.unlock();
  using State = Member::State;
  int64_t fell_back = 0;
  auto all = [&](const std::vector<Member*>& members, State state, std::exception_ptr error) {
    for (auto* m : members) {
      m->state = state;
      m->error = error;
    }
    if (state == State::alone) fell_back += static_cast<int64_t>(members.size());
  };
  // The members still to commit: after a statement failure, the member it belongs to runs
  // alone and the others are sent again, once; a second failure sends them all alone.
  std::vector<Member*> pending = group;
  for (int attempt = 1;; ++attempt) {
    std::vector<std::vector<PendingStatement>*> statements;
    statements.reserve(pending.size());
    for (auto* m : pending) statements.push_back(m->statements);
    try {
      me.session->commit_group(statements, asynchronous_);
      all(pending, State::committed, nullptr);
    } catch (const PostgresSession::StatementFailed& f) {
      if (pending.size() == 1) {
        all(pending, State::failed, f.error);  // alone already: its own answer
      } else if (attempt == 2) {
        all(pending, State::alone, nullptr);
      } else {
        all({pending[f.member]}, State::alone, nullptr);
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(f.member));
        continue;
      }
    } catch (const PostgresSession::PreparationFailed& f) {
      // Nothing was sent: the leader's own error (its connection lost while preparing, or its
      // statement wrong) is its answer only if it was alone; the others run alone.
      all(pending, pending.size() == 1 ? State::failed : State::alone, f.error);
    } catch (const Unavailable&) {
      all(pending, State::failed, std::current_exception());  // may have committed
    } catch (...) {
      all(pending, State::failed, std::current_exception());
    }
    break;
  }
  lock.lock();
  ++counts_.groups;
  counts_.members += static_cast<int64_t>(group.size());
  counts_.fell_back += fell_back;
  for (auto* m : group)
    if (m != &me) m->wake.notify_one();
  if (!queue_.empty()) {
    // The slot passes to the next queued transaction, which leads everything queued by then.
    Member* next = queue_.front();
    queue_.pop_front();
    next->state = State::leading;
    next->wake.notify_one();
  } else {
    --in_flight_;
  }
}

struct PostgresDatabase::PoolLease : Lease {
  PostgresDatabase* owner = nullptr;
  std::unique_ptr<PostgresSession> conn;
  ~PoolLease() override {
    std::lock_guard lock(owner->mu_);
    if (conn && conn->healthy()) {
      owner->idle_.push_back(std::move(conn));
    } else {
      --owner->total_;  // a broken connection is dropped; the next acquire opens a new one
    }
    owner->cv_.notify_one();
  }
};

PostgresDatabase::PostgresDatabase(std::string url, int pool_size, int group_commits)
    : url_(std::move(url)), max_(std::max(1, pool_size)) {
  if (group_commits > 0) {
    group_ = std::make_unique<GroupCommit>(group_commits, false);
    async_group_ = std::make_unique<GroupCommit>(group_commits, true);
  }
  // Fail fast on a bad URL or an unreachable server.
  idle_.push_back(std::make_unique<PostgresSession>(url_, group_.get(), async_group_.get()));
  total_ = 1;
}

PostgresDatabase::~PostgresDatabase() = default;

// The connection of a Pin, lent to one read or transaction at a time.
struct PostgresDatabase::PinnedLease : Lease {
  Pin* pin = nullptr;
  ~PinnedLease() override { pin->busy_ = false; }
};

std::unique_ptr<Database::Lease> PostgresDatabase::acquire(bool) {
  Pin* pin = Pin::free_on_this_thread(this);
  if (!pin) return acquire_pooled();
  // A connection lost in the last use is dropped (the pool opens a new one).
  if (pin->lease_ && !static_cast<PoolLease&>(*pin->lease_).conn->healthy()) pin->lease_.reset();
  if (!pin->lease_) pin->lease_ = acquire_pooled();
  auto lease = std::make_unique<PinnedLease>();
  lease->pin = pin;
  lease->session = pin->lease_->session;
  pin->busy_ = true;
  return lease;
}

std::unique_ptr<Database::Lease> PostgresDatabase::acquire_pooled() {
  auto lease = std::make_unique<PoolLease>();
  lease->owner = this;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return !idle_.empty() || total_ < max_; });
    if (idle_.empty()) break;
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (!conn->closed_by_server()) {
      lease->conn = std::move(conn);
      break;
    }
    --total_;  // after a restart every idle connection is dead: each is dropped here
    lock.unlock();
    conn.reset();
    lock.lock();
  }
  if (!lease->conn) {
    ++total_;
    lock.unlock();
    // On throw, the lease's destructor fixes total_.
    lease->conn = std::make_unique<PostgresSession>(url_, group_.get(), async_group_.get());
  }
  lease->session = lease->conn.get();
  return lease;
}

PostgresDatabase::GroupCommitCounts PostgresDatabase::group_commits(bool asynchronous) const {
  auto& group = asynchronous ? async_group_ : group_;
  return group ? group->counts() : GroupCommitCounts{};
}

void PostgresDatabase::begin(Lease& lease) {
  static_cast<PostgresSession*>(lease.session)->begin_later();
}

void PostgresDatabase::commit(Lease& lease) {
  static_cast<PostgresSession*>(lease.session)->commit();
}

void PostgresDatabase::rollback(Lease& lease) noexcept {
  static_cast<PostgresSession*>(lease.session)->rollback();
}

}  // namespace wolfix::db
