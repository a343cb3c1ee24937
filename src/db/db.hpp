#pragma once
// The storage interface every module uses: SQL with `?` placeholders, one transaction per use
// case, two drivers (SQLite and PostgreSQL) behind it. Plain types only; no driver headers.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace wolfix::db {

enum class Dialect { sqlite, postgres };

using Value = std::variant<std::monostate, int64_t, double, std::string>;

// A bound parameter; accepts the C++ types the modules use, and nullopt for NULL.
struct Param {
  Value value;
  Param(std::nullopt_t) {}
  Param(int v) : value(int64_t{v}) {}
  Param(unsigned v) : value(int64_t{v}) {}
  Param(long v) : value(int64_t{v}) {}
  Param(long long v) : value(int64_t{v}) {}
  Param(unsigned long v) : value(static_cast<int64_t>(v)) {}
  Param(bool v) : value(int64_t{v ? 1 : 0}) {}
  Param(double v) : value(v) {}
  Param(const char* v) : value(std::string(v)) {}
  Param(std::string v) : value(std::move(v)) {}
  Param(std::string_view v) : value(std::string(v)) {}
  template <class T>
  Param(const std::optional<T>& v) {
    if (v) value = Param(*v).value;
  }
};
using Params = std::vector<Param>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(at(i)); }
  int64_t i64(std::size_t i) const;
  double f64(std::size_t i) const;
  std::string str(std::size_t i) const;
  bool boolean(std::size_t i) const { return i64(i) != 0; }
  std::optional<std::string> opt_str(std::size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(str(i));
  }
  std::optional<int64_t> opt_i64(std::size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(i64(i));
  }

 private:
  const Value& at(std::size_t i) const;
  std::vector<Value> values_;
};
using Rows = std::vector<Row>;

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// A unique or primary-key constraint was violated; `constraint` names it when the driver says.
class UniqueViolation : public Error {
 public:
  UniqueViolation(const std::string& what, std::string constraint)
      : Error(what), constraint_(std::move(constraint)) {}
  const std::string& constraint() const { return constraint_; }

 private:
  std::string constraint_;
};
// A transient conflict (serialization failure, deadlock, busy): the transaction is retried.
class RetryableError : public Error {
 public:
  using Error::Error;
};
// A statement's expectation about the rows it found did not hold (PostgreSQL's
// wolfix_expect(), migration 0281): the transaction is rolled back, nothing of it happened. A
// use case that wrote on remembered facts, checked only by the database, runs again the careful
// way (order::OrderService::place_cash_order).
class ExpectationFailed : public Error {
 public:
  using Error::Error;
};
// The database cannot serve now: PostgreSQL unreachable, restarting or shut down; SQLite
// locked by another process beyond the busy timeout, or out of disk space. Never retried inside
// a request (that would hold it past its deadline): the HTTP edge answers 503 (507 when full)
// with Retry-After, and the pool reconnects by itself once the server is back. A COMMIT that
// failed this way may still have committed; Idempotency-Keys make the client's retry safe.
class Unavailable : public Error {
 public:
  enum class Reason { unreachable, locked, full };
  Unavailable(const std::string& what, Reason reason) : Error(what), reason_(reason) {}
  Reason reason() const { return reason_; }

 private:
  Reason reason_;
};

// One connection, used by one thread at a time.
class Session {
 public:
  virtual ~Session() = default;
  virtual Dialect dialect() const = 0;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Several statements, no parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // A statement whose outcome the caller does not look at (an INSERT of fresh rows), inside a
  // write transaction: it runs, in order, before this session's next statement or the commit,
  // and its failure is thrown from there (failing the transaction all the same). PostgreSQL
  // sends it together with that next statement (or the COMMIT), saving a round trip; SQLite
  // runs it at once, and so does PostgreSQL outside a write transaction (Database::read), where
  // nothing would follow to carry it. Never for a statement whose failure the transaction body
  // catches: only the caller of Database::write may (the whole transaction has failed with it).
  virtual void exec_later(std::string_view sql, const Params& params = {}) { exec(sql, params); }

  // A read whose answer the transaction needs only later (a sequence's next value): it goes
  // with the statements left for later, so PostgreSQL sends it with this session's next
  // statement; SQLite runs it at once. Its failure fails the transaction as exec_later's does.
  // rows() sends it now if nothing has yet.
  class Deferred {
   public:
    Deferred(Session& s, std::shared_ptr<std::optional<Rows>> slot)
        : session_(&s), slot_(std::move(slot)) {}
    Rows& rows() {
      if (!*slot_) session_->send_later();
      if (!*slot_) throw Error("a deferred query has no answer");
      return **slot_;
    }

   private:
    Session* session_;
    std::shared_ptr<std::optional<Rows>> slot_;
  };
  virtual Deferred query_later(std::string_view sql, const Params& params = {}) {
    return Deferred(*this, std::make_shared<std::optional<Rows>>(query(sql, params)));
  }

  // Inside a write transaction, before its first statement: its COMMIT need not wait for the
  // log to reach the disk (PostgreSQL's synchronous_commit off, for this transaction only). A
  // crash of the database server may then lose it whole (the last few hundred milliseconds of
  // such commits), never part of it, and never once a later synchronous commit has returned: that
  // one flushes the log up to itself, this commit included. For state a crash may roll back a
  // little (the payment sandbox's, which stands in for the provider's own database). SQLite,
  // whose group commit shares one sync among its writers: no effect.
  virtual void commit_asynchronously() {}

  std::optional<Row> query_one(std::string_view sql, const Params& params = {}) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  bool is_postgres() const { return dialect() == Dialect::postgres; }

  // Inside a write transaction whose statements were all left for later: PostgreSQL sends them
  // in one round trip, one implicit transaction committed at the pipeline's sync (no BEGIN or
  // COMMIT statement). Unlike a first round trip without the commit, it
  // is not sent again on a new connection when the one it went out on turns out dead (503, like
  // a failed COMMIT): for use cases whose retry is safe (an Idempotency-Key). SQLite ignores it.
  // Called before the transaction's statements, it also turns exec_expecting_change into a check
  // at the commit.
  virtual void commit_in_one_round_trip() {}

  // A conditional write (an UPDATE whose WHERE holds what the caller read) that the caller
  // expects to change a row; returns whether it changed one. In a transaction committing in one
  // round trip (commit_in_one_round_trip() called before it), PostgreSQL cannot answer before
  // the commit: the statement is left for later, true is returned, and the commit checks it
  // (wolfix_expect, migration 0281): a miss fails the whole transaction with ExpectationFailed,
  // `what` in its message, and the caller runs the use case again without the one round trip,
  // where the answer is known at once. So only for statements whose miss makes the caller fail
  // or redo the transaction, never for one whose miss it carries on from. `sql` has no
  // RETURNING clause.
  virtual bool exec_expecting_change(std::string_view sql, const Params& params,
                                     std::string_view what) {
    (void)what;
    return exec(sql, params) > 0;
  }

 protected:
  // Sends the statements left for later now (Deferred::rows()).
  virtual void send_later() {}
};

class Database {
 protected:
  struct Lease;

 public:
  virtual ~Database() = default;
  // "sqlite:var/wolfix.db" or "postgres://user@host:port/db". group_commits (PostgreSQL): how
  // many groups of concurrent one-round-trip commits may be on their way at once, each sent as
  // one transaction (commit_in_one_round_trip); 0: every transaction commits alone.
  static std::unique_ptr<Database> open(const std::string& url, int pool_size = 16,
                                        int group_commits = 1);

  virtual Dialect dialect() const = 0;

  // Runs f(Session&) in one transaction, committed when f returns and rolled back when it
  // throws; transient conflicts are retried a few times.
  //
  // The rule for every transaction body: f may run more than once (each attempt but the last
  // rolled back), so it has no effect outside the session. No push_back into a vector of the
  // caller, no counter, no log line, no I/O, no provider call, no assignment the caller reads
  // unless every attempt makes it afresh: return what the caller needs (a struct, an optional)
  // and act on it after write() returns. Tests force a retry with fail_commit_once_when().
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F&, Session&> {
    using Result = std::invoke_result_t<F&, Session&>;
    for (int attempt = 1;; ++attempt) {
      try {
        if constexpr (std::is_void_v<Result>) {
          auto body = [&](Session& s) {
            f(s);
            if (inject_armed_.load(std::memory_order_relaxed)) maybe_inject_conflict(s);
          };
          run_write(WriteBody(body));
          return;
        } else {
          std::optional<Result> result;
          auto body = [&](Session& s) {
            result.reset();
            result.emplace(f(s));
            if (inject_armed_.load(std::memory_order_relaxed)) maybe_inject_conflict(s);
          };
          run_write(WriteBody(body));
          return std::move(*result);
        }
      } catch (const RetryableError&) {
        if (attempt >= 8) throw;
      }
    }
  }

  // Runs f(Session&) outside a transaction, for reads.
  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F&, Session&> {
    auto lease = acquire(false);
    return f(*lease->session);
  }

  // While a Pin of this database lives on a thread, the thread's reads and transactions on it
  // share one connection, taken by the first of them and given back to the pool when the Pin
  // ends, instead of taking one from the pool and giving it back each time (one inside
  // another's body still takes one of its own). For a use case that runs several in a row with
  // only this thread's own work between them (a card checkout whose provider is this node's
  // sandbox, answered on the calling thread): fewer hand-offs of connections between threads.
  // Never for one that waits on the network meanwhile. SQLite: no effect.
  class Pin {
   public:
    explicit Pin(Database& db, bool active = true);
    ~Pin();
    Pin(const Pin&) = delete;
    Pin& operator=(const Pin&) = delete;

   private:
    friend class Database;
    friend class PostgresDatabase;
    // The innermost active Pin of `db` on this thread whose connection is not in use now.
    static Pin* free_on_this_thread(const Database* db);
    Database* db_ = nullptr;  // null: inactive
    Pin* outer_ = nullptr;
    std::unique_ptr<Lease> lease_;
    bool busy_ = false;
  };

  // Applies the embedded migrations not yet applied; returns how many ran.
  int migrate();
  // A cheap round trip, for readiness checks.
  bool ping();

  // Tests only: the first transaction from now for which `when` (run in it just before its
  // commit) is true fails once with RetryableError instead of committing, so its body runs
  // again. `when` names the transaction by what it wrote (only that transaction sees its own
  // rows before they commit), so unrelated commits meanwhile (the sandbox's) do not take it.
  void fail_commit_once_when(std::function<bool(Session&)> when);
  // How many injected failures have fired since the database was opened.
  int injected_failures() const { return injected_failures_.load(); }

 protected:
  struct Lease {
    Session* session = nullptr;
    virtual ~Lease() = default;
  };
  // A transaction body, by reference (no copy, no allocation): valid while the call runs.
  class WriteBody {
   public:
    template <class F>
    requires(!std::is_same_v<std::remove_cv_t<F>, WriteBody>)  // copies stay copies
        explicit WriteBody(F& f)
        : target_(&f), call_([](void* t, Session& s) { (*static_cast<F*>(t))(s); }) {}
    void operator()(Session& s) const { call_(target_, s); }

   private:
    void* target_;
    void (*call_)(void*, Session&);
  };
  // One attempt of a write transaction: body runs in a transaction that is committed, durably,
  // before this returns, or rolled back when body throws (the exception is thrown on from here).
  // The default leases a connection and calls begin, body and commit (rollback on a throw).
  virtual void run_write(WriteBody body);

  virtual std::unique_ptr<Lease> acquire(bool for_write) = 0;
  // For the default run_write.
  virtual void begin(Lease& lease);
  virtual void commit(Lease& lease);
  virtual void rollback(Lease& lease) noexcept;

 private:
  void maybe_inject_conflict(Session& s);
  std::atomic<bool> inject_armed_{false};
  std::atomic<int> injected_failures_{0};
  std::mutex inject_mutex_;
  std::function<bool(Session&)> inject_when_;
};

}  // namespace wolfix::db
