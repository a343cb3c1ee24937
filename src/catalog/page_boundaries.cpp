#include "catalog/page_boundaries.hpp"

namespace wolfix::catalog {

PageBoundaries::Fresh PageBoundaries::fresh(const std::string& category_id, uint64_t stamp) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto it = entries_.find(category_id);
  if (it == entries_.end()) return {};
  const Entry& e = it->second;
  if (e.generation != generation_ || e.stamp != stamp || e.fresh.over(now)) {
    entries_.erase(it);
    return {};
  }
  return {e.keys, e.fresh.due(now)};
}

uint64_t PageBoundaries::current_generation() {
  std::lock_guard lock(mu_);
  return generation_;
}

void PageBoundaries::store(const std::string& category_id, std::shared_ptr<const Keys> keys,
                           uint64_t generation, uint64_t stamp, bool renewed) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // a write landed while the keys were read
  auto it = entries_.find(category_id);
  // Keys grow as deeper pages are asked for; the TTL counts from the first walk.
  if (it != entries_.end() && it->second.stamp == stamp && !renewed) {
    it->second.keys = std::move(keys);
    return;
  }
  entries_[category_id] = Entry{std::move(keys), generation, stamp, Freshness::starting(now, ttl_)};
}

void PageBoundaries::invalidate() {
  std::unordered_map<std::string, Entry> dropped;
  std::lock_guard lock(mu_);
  ++generation_;
  dropped.swap(entries_);
}

}  // namespace wolfix::catalog
