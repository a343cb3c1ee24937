#include "catalog/page_cache.hpp"

namespace wolfix::catalog {

uint64_t PageCache::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

std::optional<std::string> PageCache::get(const std::string& key, int64_t app_now_ms) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (e.generation != generation_ || std::chrono::steady_clock::now() >= e.expires ||
      app_now_ms >= e.app_valid_until_ms) {
    entries_.erase(it);
    return std::nullopt;
  }
  return e.json;
}

// Readers may be io threads, so the lock is held only for lookups and pointer swaps: dropped
// entries (up to `capacity` strings) are freed after it is released.
void PageCache::put(const std::string& key, std::string json, uint64_t generation,
                    int64_t app_valid_until_ms) {
  std::unordered_map<std::string, Entry> dropped;
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // a write happened while this was computed
  if (entries_.size() >= capacity_) dropped.swap(entries_);  // simple bound; refills in a second
  entries_[key] = Entry{std::move(json), generation, std::chrono::steady_clock::now() + ttl_,
                        app_valid_until_ms};
}

void PageCache::invalidate() {
  std::unordered_map<std::string, Entry> dropped;
  std::lock_guard lock(mu_);
  ++generation_;
  dropped.swap(entries_);
}

}  // namespace wolfix::catalog
