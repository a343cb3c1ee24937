#pragma once
// The search index (catalog/search_index.hpp) kept in step with the database, on every node:
// built from the listed products at start-up (a job) or the first search, then brought up to
// date by reading the products written since it last looked (index products_updated): before
// the next search after a write through this node, and at most `lag` after a write through
// another node, as cached pages are. A write's updated_at is taken before its commit, so each
// look reaches kOverlapMs before the previous look began: a transaction that commits that late,
// or a node whose clock is that far behind, is still seen (applying a product twice changes
// nothing). Rows written long before (a bulk load) are never read again.
#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>

#include "catalog/search_index.hpp"
#include "catalog/store.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"

namespace wolfix::catalog {

class SearchCatalog {
 public:
  static constexpr int64_t kOverlapMs = 30'000;

  SearchCatalog(db::Database& db, const Clock& clock,
                std::chrono::milliseconds lag = std::chrono::milliseconds(1000))
      : db_(db), clock_(clock), lag_(lag) {}

  // Runs f(const SearchIndex&) on an up-to-date index.
  template <class F>
  auto read(F&& f) {
    refresh();
    std::shared_lock lock(index_mu_);
    return f(index_);
  }

  // Products were listed, renamed, moved or removed through this node (all of a seller's, say,
  // when no id is given): the next search looks first. The ids given are read again whatever
  // their updated_at (this node's clock may have been set back meanwhile).
  void changed(const std::string& product_id = "");

  // Brings the index up to date when due (a background job calls it every second, so searches
  // seldom wait for a look; the first call builds it).
  void refresh();
  // Whether the first build has finished.
  bool built() const { return loaded_.load(std::memory_order_acquire); }

 private:
  static constexpr int64_t kSlice = 20'000;
  void build();
  void follow(int64_t since_ms, const std::vector<std::string>& ids);
  void apply(const std::vector<store::SearchRow>& rows);

  db::Database& db_;
  const Clock& clock_;
  std::chrono::milliseconds lag_;
  std::mutex sync_mu_;  // one look at the database at a time
  std::shared_mutex index_mu_;
  SearchIndex index_;
  std::atomic<bool> loaded_{false};
  std::atomic<bool> dirty_{false};
  std::mutex pending_mu_;
  std::vector<std::string> pending_;   // ids written through this node, not yet read again
  std::atomic<int64_t> next_look_{0};  // steady-clock ms
  int64_t last_look_ = 0;              // application clock, when it began; guarded by sync_mu_
};

}  // namespace wolfix::catalog
