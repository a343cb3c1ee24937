#include "db/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <cstring>
#include <unordered_map>

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

class PostgresSession final : public Session {
 public:
  explicit PostgresSession(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw Error("cannot connect to PostgreSQL: " + msg);
    }
    exec_script("SET client_min_messages TO WARNING; SET TIME ZONE 'UTC'");
  }
  ~PostgresSession() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::postgres; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  Rows query(std::string_view sql, const Params& params) override {
    PGresult* res = run(sql, params);
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
          case kInt8: values.emplace_back(int64_t{std::strtoll(v, nullptr, 10)}); break;
          case kFloat4:
          case kFloat8: values.emplace_back(std::strtod(v, nullptr)); break;
          case kBool: values.emplace_back(int64_t{v[0] == 't' ? 1 : 0}); break;
          default: values.emplace_back(std::string(v, PQgetlength(res, r, c)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    PQclear(res);
    return rows;
  }

  int64_t exec(std::string_view sql, const Params& params) override {
    PGresult* res = run(sql, params);
    const char* n = PQcmdTuples(res);
    int64_t changed = (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
    PQclear(res);
    return changed;
  }

  void exec_script(std::string_view sql) override {
    PGresult* res = PQexec(conn_, std::string(sql).c_str());
    check(res);
    PQclear(res);
  }

 private:
  PGresult* run(std::string_view sql, const Params& params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size() + 1);
      PGresult* res = PQprepare(conn_, name.c_str(), to_dollar_params(sql).c_str(), 0, nullptr);
      check(res);
      PQclear(res);
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
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
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                   values.data(), nullptr, nullptr, 0);
    check(res);
    return res;
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
    if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_);
    if (sqlstate == "23505") throw UniqueViolation(msg, cname);
    if (sqlstate == "40001" || sqlstate == "40P01") throw RetryableError(msg);
    throw Error("PostgreSQL: " + msg);
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
};

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

PostgresDatabase::PostgresDatabase(std::string url, int pool_size)
    : url_(std::move(url)), max_(std::max(1, pool_size)) {
  // Fail fast on a bad URL or an unreachable server.
  idle_.push_back(std::make_unique<PostgresSession>(url_));
  total_ = 1;
}

PostgresDatabase::~PostgresDatabase() = default;

std::unique_ptr<Database::Lease> PostgresDatabase::acquire(bool) {
  auto lease = std::make_unique<PoolLease>();
  lease->owner = this;
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !idle_.empty() || total_ < max_; });
  if (!idle_.empty()) {
    lease->conn = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++total_;
    lock.unlock();
    lease->conn = std::make_unique<PostgresSession>(url_);  // on throw, the lease dtor fixes total_
  }
  lease->session = lease->conn.get();
  return lease;
}

void PostgresDatabase::begin(Lease& lease) { lease.session->exec_script("BEGIN"); }
void PostgresDatabase::commit(Lease& lease) { lease.session->exec_script("COMMIT"); }
void PostgresDatabase::rollback(Lease& lease) noexcept {
  try {
    lease.session->exec_script("ROLLBACK");
  } catch (...) {
  }
}

}  // namespace wolfix::db
