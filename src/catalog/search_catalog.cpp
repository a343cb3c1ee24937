#include "catalog/search_catalog.hpp"

#include <algorithm>

#include "catalog/store.hpp"

namespace wolfix::catalog {
namespace {

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void SearchCatalog::apply(const std::vector<store::SearchRow>& rows) {
  std::unique_lock write(index_mu_);
  for (const auto& r : rows) {
    if (r.listed)
      index_.put(r.id, SearchDoc{r.id, r.category_id, r.title});
    else
      index_.put(r.id, std::nullopt);
  }
  index_.seal();
}

// In slices of the primary key, so a million products never sit in memory twice; writes made
// meanwhile are seen by the next look (they are younger than kOverlapMs).
void SearchCatalog::build() {
  std::string after;
  for (;;) {
    auto rows =
        db_.read([&](db::Session& s) { return store::listed_for_search(s, after, kSlice); });
    if (rows.empty()) break;
    after = rows.back().id;
    apply(rows);
    if (static_cast<int64_t>(rows.size()) < kSlice) break;
  }
}

void SearchCatalog::follow(int64_t since_ms, const std::vector<std::string>& ids) {
  apply(db_.read([&](db::Session& s) {
    auto rows = store::written_since(s, since_ms);
    auto mine = store::search_rows(s, ids);
    rows.insert(rows.end(), mine.begin(), mine.end());
    return rows;
  }));
}

void SearchCatalog::changed(const std::string& product_id) {
  if (!product_id.empty()) {
    std::lock_guard lock(pending_mu_);
    pending_.push_back(product_id);
  }
  dirty_.store(true, std::memory_order_release);
}

void SearchCatalog::refresh() {
  bool must = !loaded_.load(std::memory_order_acquire) || dirty_.load(std::memory_order_acquire);
  if (!must && steady_ms() < next_look_.load(std::memory_order_relaxed)) return;
  std::unique_lock sync(sync_mu_, std::defer_lock);
  if (must) {
    sync.lock();  // this caller must see the write: wait for the look under way, or look
  } else if (!sync.try_lock()) {
    return;  // another caller is looking; the index is at most `lag` old meanwhile
  }
  bool first = !loaded_.load(std::memory_order_acquire);
  if (!first && !dirty_.load(std::memory_order_acquire) &&
      steady_ms() < next_look_.load(std::memory_order_relaxed))
    return;  // someone looked while this caller waited
  // Cleared before reading: a write committed after this read sets it again.
  dirty_.store(false, std::memory_order_release);
  std::vector<std::string> ids;
  {
    std::lock_guard lock(pending_mu_);
    ids.swap(pending_);
  }
  int64_t look = clock_.now_ms();
  try {
    if (first)
      build();
    else
      follow(std::min(last_look_, look) - kOverlapMs, ids);  // a clock set back: from now
  } catch (...) {
    std::lock_guard lock(pending_mu_);
    pending_.insert(pending_.end(), ids.begin(), ids.end());
    dirty_.store(true, std::memory_order_release);  // the writes are still to be seen
    throw;
  }
  last_look_ = look;
  next_look_.store(steady_ms() + lag_.count(), std::memory_order_relaxed);
  loaded_.store(true, std::memory_order_release);
}

}  // namespace wolfix::catalog
