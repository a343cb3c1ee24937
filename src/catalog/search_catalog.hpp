#pragma once
// The search index (catalog/search_index.hpp) kept in step with the database, on every node:
// built from the listed products at the first search, then brought up to date before a search
// by reading the products written since it last looked (index products_updated): at once after
// a write through this node, and at most `lag` after a write through another node, as cached
// pages are. A write's updated_at is taken before its commit, so each look reaches back
// kOverlapMs before the newest write it has seen: a transaction committing up to that late is
// still seen (applying a product twice changes nothing).
#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>

#include "catalog/search_index.hpp"
#include "catalog/store.hpp"
#include "db/db.hpp"

namespace wolfix::catalog {

class SearchCatalog {
 public:
  static constexpr int64_t kOverlapMs = 30'000;

  explicit SearchCatalog(db::Database& db,
                         std::chrono::milliseconds lag = std::chrono::milliseconds(1000))
      : db_(db), lag_(lag) {}

  // Runs f(const SearchIndex&) on an up-to-date index.
  template <class F>
  auto read(F&& f) {
    refresh();
    std::shared_lock lock(index_mu_);
    return f(index_);
  }

  // A product was listed, renamed, moved or removed through this node.
  void changed() { dirty_.store(true, std::memory_order_release); }

  // Brings the index up to date when due (a background job calls it every second, so searches
  // seldom wait for a look; the first call builds it).
  void refresh();

 private:
  static constexpr int64_t kSlice = 20'000;
  void build();
  void follow(int64_t since_ms);
  void apply(const std::vector<store::SearchRow>& rows);

  db::Database& db_;
  std::chrono::milliseconds lag_;
  std::mutex sync_mu_;  // one look at the database at a time
  std::shared_mutex index_mu_;
  SearchIndex index_;
  std::atomic<bool> loaded_{false};
  std::atomic<bool> dirty_{false};
  std::atomic<int64_t> next_look_{0};  // steady-clock ms
  int64_t newest_write_ = 0;           // guarded by sync_mu_
};

}  // namespace wolfix::catalog
