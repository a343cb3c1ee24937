#include "db/db.hpp"

#include <charconv>
#include <map>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"
#include "db/migrations.hpp"
#include "db/postgres/postgres_database.hpp"
#include "db/sqlite/sqlite_database.hpp"

namespace wolfix::db {

const Value& Row::at(std::size_t i) const {
  if (i >= values_.size()) throw Error("column index out of range");
  return values_[i];
}

int64_t Row::i64(std::size_t i) const {
  const auto& v = at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::f64(std::size_t i) const {
  const auto& v = at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
  return 0;
}

std::string Row::str(std::size_t i) const {
  const auto& v = at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

std::unique_ptr<Database> Database::open(const std::string& url, int pool_size,
                                         int group_commits) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    int busy_timeout_ms = SqliteDatabase::kDefaultBusyTimeoutMs;
    constexpr std::string_view kBusy = "?busy_timeout=";
    if (auto q = path.find(kBusy); q != std::string::npos) {
      auto digits = std::string_view(path).substr(q + kBusy.size());
      auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), busy_timeout_ms);
      if (ec != std::errc() || end != digits.data() + digits.size() || busy_timeout_ms < 0)
        throw Error("sqlite URL: busy_timeout must be a number of milliseconds: " + url);
      path.resize(q);
    }
    return std::make_unique<SqliteDatabase>(path, pool_size, busy_timeout_ms);
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0)
    return std::make_unique<PostgresDatabase>(url, pool_size, group_commits);
  throw Error("unsupported database URL (use sqlite:PATH or postgres://...): " + url);
}

bool Database::ping() {
  try {
    return read([](Session& s) { return s.query_one("SELECT 1").has_value(); });
  } catch (const std::exception&) {
    return false;
  }
}

namespace {
thread_local Database::Pin* innermost_pin = nullptr;
}

Database::Pin::Pin(Database& db, bool active) {
  if (!active) return;
  db_ = &db;
  outer_ = innermost_pin;
  innermost_pin = this;
}

Database::Pin::~Pin() {
  if (!db_) return;
  innermost_pin = outer_;
  lease_.reset();  // back to the pool
}

Database::Pin* Database::Pin::free_on_this_thread(const Database* db) {
  for (Pin* p = innermost_pin; p; p = p->outer_)
    if (p->db_ == db) return p->busy_ ? nullptr : p;
  return nullptr;
}

void Database::run_write(WriteBody body) {
  auto lease = acquire(true);
  try {
    begin(*lease);
    body(*lease->session);
    commit(*lease);
  } catch (...) {
    rollback(*lease);
    throw;
  }
}

void Database::begin(Lease&) {
  throw std::logic_error("this database runs its write transactions itself");
}
void Database::commit(Lease&) {
  throw std::logic_error("this database runs its write transactions itself");
}
void Database::rollback(Lease&) noexcept {}

void Database::fail_commit_once_when(std::function<bool(Session&)> when) {
  std::lock_guard lock(inject_mutex_);
  inject_when_ = std::move(when);
  inject_armed_.store(static_cast<bool>(inject_when_));
}

void Database::maybe_inject_conflict(Session& s) {
  std::lock_guard lock(inject_mutex_);
  if (!inject_when_ || !inject_when_(s)) return;
  inject_when_ = nullptr;
  inject_armed_.store(false);
  ++injected_failures_;
  throw RetryableError("injected conflict (test)");
}

namespace {

constexpr const char* kChecksumTable = "schema_migration_checksums";

// Line endings are normalized so a checkout with CRLF conversion is not an edit.
std::string checksum_of(std::string_view sql) {
  std::string text;
  text.reserve(sql.size());
  for (char c : sql)
    if (c != '\r') text += c;
  return to_hex(sha256(text));
}

bool has_table(Session& s, const std::string& name) {
  if (s.is_postgres())
    return s
        .query_one(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = ?",
            {name})
        .has_value();
  return s.query_one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {name})
      .has_value();
}

// This driver's embedded migrations by version (the file name without its suffixes), in order.
std::map<std::string, const MigrationFile*> migrations_for(Dialect dialect) {
  const std::string_view mine = dialect == Dialect::sqlite ? ".sqlite.sql" : ".postgres.sql";
  const std::string_view other = dialect == Dialect::sqlite ? ".postgres.sql" : ".sqlite.sql";
  std::map<std::string, const MigrationFile*> ordered;
  for (const auto& f : embedded_migrations()) {
    std::string_view name = f.name;
    if (name.ends_with(other)) continue;
    std::string base(name.ends_with(mine) ? name.substr(0, name.size() - mine.size())
                                          : name.substr(0, name.size() - 4));
    ordered[base] = &f;
  }
  return ordered;
}

}  // namespace

int Database::migrate() {
  return static_cast<int>(apply_migrations(*this).size());
}

std::vector<MigrationState> migration_status(Database& db) {
  auto ordered = migrations_for(db.dialect());
  return db.read([&](Session& s) {
    std::map<std::string, MigrationState> out;
    for (const auto& [base, file] : ordered)
      out[base] = MigrationState{base, std::nullopt, false, true};
    if (has_table(s, "schema_migrations"))
      for (const auto& r : s.query("SELECT version, applied_at FROM schema_migrations")) {
        auto& m = out[r.str(0)];
        m.version = r.str(0);
        m.applied_at_ms = r.i64(1);
        m.known = ordered.count(m.version) > 0;
      }
    if (has_table(s, kChecksumTable))
      for (const auto& r : s.query("SELECT version, checksum FROM schema_migration_checksums")) {
        auto it = ordered.find(r.str(0));
        if (it != ordered.end() && checksum_of(it->second->sql) != r.str(1))
          out[r.str(0)].edited = true;
      }
    std::vector<MigrationState> list;
    for (auto& [_, m] : out) list.push_back(std::move(m));
    return list;
  });
}

std::vector<std::string> apply_migrations(Database& db) {
  auto ordered = migrations_for(db.dialect());
  auto versions = db.write([&](Session& s) {
    if (s.is_postgres()) s.exec("SELECT pg_advisory_xact_lock(7270001)");  // one node migrates
    s.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at "
        "BIGINT NOT NULL)");
    // Applied migrations first: an edited one stops everything before anything new runs.
    if (has_table(s, kChecksumTable)) {
      for (const auto& r : s.query("SELECT version, checksum FROM schema_migration_checksums")) {
        auto it = ordered.find(r.str(0));
        if (it == ordered.end()) continue;  // from a newer build: not ours to judge
        if (checksum_of(it->second->sql) == r.str(1)) continue;
        throw Error("migration " + std::string(it->second->name) +
                    " was changed after it was applied to this database (its SHA-256 no longer "
                    "matches the one recorded in schema_migration_checksums). Applied migrations "
                    "must not be edited: restore the file's original text (see git log -p "
                    "src/db/migrations/" +
                    it->second->name +
                    ") and put the change in a new, higher-numbered migration file; then run "
                    "`wolfix migrate` again.");
      }
    }
    std::vector<std::string> applied;  // returned from the committed attempt only
    for (const auto& [base, file] : ordered) {
      if (s.query_one("SELECT 1 FROM schema_migrations WHERE version = ?", {base})) continue;
      s.exec_script(file->sql);
      s.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
             {base, SystemClock().now_ms()});
      applied.push_back(base);
    }
    // Records every applied migration that has no checksum yet: the ones just applied, and on a
    // database migrated before checksums existed, the older ones as they read now.
    if (has_table(s, kChecksumTable))
      for (const auto& [base, file] : ordered)
        s.exec(
            "INSERT INTO schema_migration_checksums (version, checksum) "
            "SELECT version, ? FROM schema_migrations WHERE version = ? "
            "ON CONFLICT (version) DO NOTHING",
            {checksum_of(file->sql), base});
    return applied;
  });
  for (const auto& v : versions) log::info("migration_applied", {{"version", v}});
  return versions;
}

}  // namespace wolfix::db
