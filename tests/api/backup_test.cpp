// `wolfix backup` / `wolfix restore` on the embedded SQLite database, against a real server under
// write load. Always SQLite (PostgreSQL backups are pg_dump's job), so it runs in both passes.
#include "db/backup.hpp"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/crypto.hpp"
#include "db/db.hpp"
#include "order_fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / "wolfix-tests" / ("backup-" + random_alnum(8));
  fs::create_directories(dir);
  return dir / name;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const db::Error& e) {
    return e.what();
  }
  return "";
}

class Backup : public PerTestSuite<Backup> {};

TEST_F(Backup, UnderWriteLoadHoldsEveryOrderAcknowledgedBeforeItStarted) {
  auto live = scratch("live.db");
  std::string live_url = "sqlite:" + live.string();
  auto backup_file = live.parent_path() / "snapshot.db";
  auto* server = &own_server([&](Config& c) { c.database_url = live_url; });
  seed_delivery(*server);
  auto seller = make_actor(*server, "Seller");
  auto customer = make_actor(*server, "Customer");
  auto product = make_product(*server, seller, 1000, 1'000'000);

  // Cash-on-delivery orders from four clients; an order counts once its 204 arrived.
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> acknowledged;
  std::vector<std::string> refusals;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      while (!stop) {
        std::string refusal;
        Reply r;
        try {
          r = place(*server, customer, buy_body(customer, product));
          if (r.status != 204) refusal = std::to_string(r.status) + " " + r.body;
        } catch (const std::exception& e) {  // no answer: a failure, not an abort
          refusal = e.what();
        }
        std::lock_guard lock(mu);
        if (refusal.empty())
          acknowledged.push_back(r.headers["x-order-id"]);
        else
          refusals.push_back(refusal);
        cv.notify_all();
      }
    });
  auto wait_for = [&](std::size_t n) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return acknowledged.size() >= n || !refusals.empty(); });
    return acknowledged;
  };

  auto before = wait_for(20);
  db::BackupResult taken;
  std::string failure =
      error_of([&] { taken = db::backup_sqlite(live_url, backup_file.string()); });
  // The clients keep ordering after the backup too, so the load overlapped it.
  auto all = wait_for(before.size() + 20);
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_EQ(failure, "");
  ASSERT_TRUE(refusals.empty()) << refusals.front();
  EXPECT_GT(taken.bytes, 0);
  EXPECT_GT(taken.migrations, 0);

  // Backups never overwrite, and a restore into the database the server uses is refused.
  EXPECT_NE(
      error_of([&] { db::backup_sqlite(live_url, backup_file.string()); }).find("already exists"),
      std::string::npos);
  EXPECT_NE(error_of([&] {
              db::restore_sqlite(live_url, backup_file.string());
            }).find("is using " + live.string()),
            std::string::npos);

  // Stopped, the server's database can be put back to the snapshot.
  stop_server(*server);
  auto restored = db::restore_sqlite(live_url, backup_file.string());
  EXPECT_EQ(restored.database, live.string());
  EXPECT_EQ(restored.migrations, taken.migrations);
  auto& again = own_server([&](Config& c) { c.database_url = live_url; });
  for (const auto& id : before) {
    auto r = again.get("/api/orders/" + id + "/details", customer.token);
    EXPECT_EQ(r.status, 200) << "order " << id << " was acknowledged before the backup: " << r.body;
  }
  // Nothing in the snapshot that was never acknowledged (orders in flight may or may not be in).
  int64_t kept = orders_count(again, customer);
  EXPECT_GE(kept, static_cast<int64_t>(before.size()));
  EXPECT_LE(kept, static_cast<int64_t>(all.size()) + 4);
  fs::remove_all(live.parent_path());
}

TEST_F(Backup, RefusesWhatIsNotAWolfixDatabaseAndPostgresUrls) {
  auto dir = scratch("x").parent_path();
  EXPECT_NE(error_of([&] {
              db::backup_sqlite("sqlite:" + (dir / "missing.db").string(), (dir / "b.db").string());
            }).find("no database"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "b.db"));
  EXPECT_NE(error_of([&] {
              db::restore_sqlite("sqlite:" + (dir / "t.db").string(), (dir / "none.db").string());
            }).find("no backup file"),
            std::string::npos);
  Probe::make_foreign_database("sqlite:" + (dir / "other.db").string());
  EXPECT_NE(error_of([&] {
              db::restore_sqlite("sqlite:" + (dir / "t.db").string(), (dir / "other.db").string());
            }).find("not a Wolfix database"),
            std::string::npos);
  EXPECT_FALSE(db::sqlite_path_of("postgres://u@h/db"));
  EXPECT_NE(db::postgres_backup_help("f.dump").find("pg_dump --format=custom --file=f.dump"),
            std::string::npos);
  EXPECT_NE(db::postgres_restore_help("f.dump").find("pg_restore"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace wolfix::test
